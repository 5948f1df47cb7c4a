/**
 * What a failed Google request of the Electron app's network port (network.ts) means for a
 * person: Chromium's net error → a NetworkProblem kind, the proxy `session.resolveProxy` named,
 * and who issued a certificate this computer does not trust.
 */
import type { Certificate } from 'electron';
import type { NetworkProblemKind } from '../net/network.ts';

/** Chromium's net errors a person can act on, by kind (net/base/net_error_list.h). */
const PROBLEMS: Record<string, NetworkProblemKind> = {
  'net::ERR_PROXY_CONNECTION_FAILED': 'proxy-unreachable',
  'net::ERR_SOCKS_CONNECTION_FAILED': 'proxy-unreachable',
  'net::ERR_TUNNEL_CONNECTION_FAILED': 'proxy-refused',
  'net::ERR_PROXY_UNABLE_TO_CONNECT_TO_DESTINATION': 'proxy-refused',
  'net::ERR_SOCKS_CONNECTION_HOST_UNREACHABLE': 'proxy-refused',
  'net::ERR_PROXY_HTTP_1_1_REQUIRED': 'proxy-refused',
  'net::ERR_PROXY_AUTH_UNSUPPORTED': 'proxy-credentials',
  'net::ERR_PROXY_AUTH_REQUESTED': 'proxy-credentials',
  'net::ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION': 'proxy-credentials',
  'net::ERR_UNEXPECTED_PROXY_AUTH': 'proxy-credentials',
  'net::ERR_PAC_SCRIPT_FAILED': 'proxy-script',
  'net::ERR_PAC_SCRIPT_TERMINATED': 'proxy-script',
  'net::ERR_PAC_NOT_IN_DHCP': 'proxy-script',
  'net::ERR_MANDATORY_PROXY_CONFIGURATION_FAILED': 'proxy-script',
  'net::ERR_PROXY_CERTIFICATE_INVALID': 'certificate',
  'net::ERR_CERTIFICATE_TRANSPARENCY_REQUIRED': 'certificate',
  'net::ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN': 'certificate',
};

/** Generic authentication failures: a proxy's when a proxy challenged this request. */
export const AUTH_FAILURES = new Set([
  'net::ERR_INVALID_AUTH_CREDENTIALS',
  'net::ERR_MISSING_AUTH_CREDENTIALS',
  'net::ERR_UNSUPPORTED_AUTH_SCHEME',
  'net::ERR_MISCONFIGURED_AUTH_ENVIRONMENT',
  'net::ERR_TOO_MANY_RETRIES',
]);

/** The kind of problem a Chromium net error is, or null for one nobody but Google can fix. */
export function problemKind(netError: string): NetworkProblemKind | null {
  if (Object.hasOwn(PROBLEMS, netError)) return PROBLEMS[netError]!;
  if (netError.startsWith('net::ERR_CERT_')) return 'certificate';
  return null;
}

/**
 * The first proxy in `session.resolveProxy`'s answer ("PROXY host:port; DIRECT",
 * "HTTPS host:port", "SOCKS5 host:port"), as `host:port`; null for DIRECT.
 */
export function proxyOf(resolved: string): string | null {
  for (const entry of resolved.split(';')) {
    const match = /^\s*(?:PROXY|HTTPS|HTTP|SOCKS\d?|QUIC)\s+(\S+)\s*$/i.exec(entry);
    if (match) return match[1]!;
  }
  return null;
}

/** `host:port`, with an IPv6 host in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Text from a certificate, safe to show: no control characters, at most 200 characters. */
function shown(text: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const clean = text?.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return clean ? clean.slice(0, 200) : undefined;
}

/**
 * Who issued a certificate chain: the top certificate's issuer (the root it names, or the one
 * it is itself), by organization, else common name.
 */
export function issuerOf(certificate: Certificate): string | undefined {
  let top = certificate;
  for (let depth = 0; depth < 10 && top.issuerCert; depth += 1) top = top.issuerCert;
  return (
    shown(top.issuer?.organizations?.[0]) ?? shown(top.issuer?.commonName) ?? shown(top.issuerName)
  );
}

/** An `Error('net::ERR_…')` as ClientRequest emits it: its net error name, or ''. */
export function netErrorOf(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return /^net::ERR_[A-Z0-9_]+$/.test(message) ? message : '';
}

/** `{ issuer }` when one is known, for a problem's details. */
export function withIssuer(issuer: string | undefined): { issuer?: string } {
  return issuer ? { issuer } : {};
}
