/**
 * The network port: the one way the main process talks to Google. Every request — the code
 * exchange, refresh, revoke, JWKS, userinfo, and what the Google API clients (gaxios) send for
 * Calendar, Drive, Tasks and the profile — goes through one `fetch` the host supplies:
 *
 * - the Electron app: Chromium's network stack (`net.fetch`: the system proxy, PAC/WPAD, the OS
 *   certificate store, proxy sign-in — main/electron/network.ts);
 * - the Node host (the preview, the benchmarks, the tests): undici with `HTTPS_PROXY`/
 *   `HTTP_PROXY`/`NO_PROXY` and the system's certificates where Node offers them (node.ts).
 *
 * The auth core's guards (no redirect followed, answers capped, time limits) wrap whatever the
 * host supplies (main/auth/issuer/guarded-fetch.ts), so they hold for both.
 *
 * When the way to Google fails in a way a person can act on — a proxy that wants other
 * credentials or refuses, a certificate this computer does not trust, a proxy script that fails —
 * the port throws a {@link NetworkProblem} carrying one sentence; the callers show that sentence
 * instead of the generic "Google could not be reached".
 */
import { t } from '../../common/i18n/current.ts';

/** A `fetch` to Google (and through whatever proxy the host's settings name). */
export type NetworkPort = typeof globalThis.fetch;

/** What stood between Latchkey and Google. */
export type NetworkProblemKind =
  /** The proxy asked for credentials and refused the ones sent (or none were given). */
  | 'proxy-credentials'
  /** The proxy answered the tunnel request with something other than success (403, 502, …). */
  | 'proxy-refused'
  /** The proxy itself could not be reached. */
  | 'proxy-unreachable'
  /** The system's proxy auto-configuration (PAC/WPAD) script failed. */
  | 'proxy-script'
  /** The server's certificate is not trusted by this computer. */
  | 'certificate';

export interface NetworkProblemDetails {
  /** The host Latchkey wanted to reach (`oauth2.googleapis.com`). */
  host: string;
  /** The proxy in the way, as `host:port` (never its credentials). */
  proxy?: string;
  /** The proxy's HTTP status for the tunnel, for `proxy-refused`/`proxy-credentials`. */
  status?: number;
  /** Who issued the untrusted certificate (its top issuer's organization or common name). */
  issuer?: string;
}

/** The one sentence for each problem, in the main process's language (common/i18n/). */
export function networkProblemMessage(
  kind: NetworkProblemKind,
  details: NetworkProblemDetails,
): string {
  const proxy = { named: details.proxy ? 'yes' : 'no', proxy: details.proxy ?? '' };
  const host = details.host;
  switch (kind) {
    case 'proxy-credentials':
      return t('net.proxyCredentials', { ...proxy, host });
    case 'proxy-refused':
      return t('net.proxyRefused', {
        ...proxy,
        host,
        status: details.status ? String(details.status) : 'none',
      });
    case 'proxy-unreachable':
      return t('net.proxyUnreachable', proxy);
    case 'proxy-script':
      return t('net.proxyScript', { host });
    case 'certificate':
      return t('net.certificate', { host, issuer: details.issuer ?? t('net.unknownIssuer') });
  }
}

/** Thrown by a host's port for a failure a person can act on; `message` is for people. */
export class NetworkProblem extends Error {
  readonly kind: NetworkProblemKind;
  readonly details: NetworkProblemDetails;
  constructor(kind: NetworkProblemKind, details: NetworkProblemDetails, options?: ErrorOptions) {
    super(networkProblemMessage(kind, details), options);
    this.name = 'NetworkProblem';
    this.kind = kind;
    this.details = details;
  }
}

/**
 * The {@link NetworkProblem} in `error` or one of its causes (gaxios and fetch wrap what the port
 * throws), or null. Read by shape, so a copy of this module bundled elsewhere counts too.
 */
export function networkProblemOf(error: unknown): NetworkProblem | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { name?: unknown; kind?: unknown; cause?: unknown };
    if (record.name === 'NetworkProblem' && typeof record.kind === 'string') {
      return current as NetworkProblem;
    }
    current = record.cause;
  }
  return null;
}
