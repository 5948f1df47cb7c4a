/**
 * The network port of the Node host (the preview, the benchmarks, the tests): undici's fetch,
 * through the proxy the environment names — `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, upper or lower
 * case, credentials in the proxy URL — trusting Node's certificates plus the system's store (Node
 * ≥ 22.15 offers `tls.getCACertificates('system')`) and `NODE_EXTRA_CA_CERTS`. PAC files are the
 * Electron app's (Chromium's) to read; the Node host takes the proxy from the environment only.
 *
 * Which requests go through the proxy follows undici's `EnvHttpProxyAgent` (the same variables,
 * the same `NO_PROXY` matching: exact names, subdomains, `host:port`, `*`), decided here by one
 * function ({@link proxyFor}) so that an error can name the proxy it came through, with one
 * addition taken from Chromium: loopback hosts (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`)
 * are never proxied, so the local demo Google keeps working when a shell has `HTTPS_PROXY` set.
 *
 * What undici throws is turned into a {@link NetworkProblem} when a person can act on it: the
 * proxy wants other credentials (407 to the tunnel request), refuses the tunnel (any other
 * status), cannot be reached, or the server's certificate is not trusted. Node's TLS error
 * carries no certificate, so after a trust failure the port makes one diagnostic handshake
 * (through the same proxy, with its credentials) that accepts any certificate only to read who
 * issued it, and names that issuer — typically a company's TLS-inspecting proxy.
 *
 * Never imported by the Electron app (its port is Chromium's net.fetch): undici stays out of the
 * app's bundle.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import {
  connect as tlsConnect,
  createSecureContext,
  getCACertificates,
  type DetailedPeerCertificate,
  type SecureContext,
} from 'node:tls';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { NetworkProblem, type NetworkPort, type NetworkProblemDetails } from './network.ts';

export interface NodeNetworkOptions {
  /** Where the proxy variables are read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  /** More certificate authorities to trust (PEM), e.g. a test CA. */
  extraCa?: readonly string[];
  /** Time limit of the diagnostic handshake after a certificate failure; default 5 s. */
  diagnosisTimeoutMs?: number;
}

/** A Node network port; `close()` ends its connections. */
export interface NodeNetwork {
  fetch: NetworkPort;
  close(): Promise<void>;
}

// --- Which proxy, if any ------------------------------------------------------------------------

/** One `NO_PROXY` entry: a host name (matching itself and its subdomains), and a port or 0 (any). */
interface NoProxyEntry {
  hostname: string;
  port: number;
}

/** The proxy settings of an environment. */
export interface ProxySettings {
  /** For `http:` targets. */
  http: URL | null;
  /** For `https:` targets (undici's rule: `HTTP_PROXY` when `HTTPS_PROXY` is unset). */
  https: URL | null;
  /** `'*'`: nothing is proxied. */
  noProxy: '*' | NoProxyEntry[];
}

/** A proxy variable that is not a proxy URL; names the variable, never its value (credentials). */
export class ProxySettingError extends Error {
  constructor(variable: string) {
    super(
      `${variable} is not a proxy URL (expected http://host:port, with user:password@ when the ` +
        'proxy asks for a sign-in)',
    );
    this.name = 'ProxySettingError';
  }
}

/** The first of the variable's spellings that is set (curl's and undici's rule: lower case first). */
function envValue(
  env: NodeJS.ProcessEnv,
  name: string,
): { variable: string; value: string } | null {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[variable]?.trim();
    if (value !== undefined) return value ? { variable, value } : null;
  }
  return null;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function proxyUrl(env: NodeJS.ProcessEnv, name: string): URL | null {
  const found = envValue(env, name);
  if (!found) return null;
  // `proxy.corp:3128` (no scheme) is an HTTP proxy, as curl reads it.
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProxySettingError(found.variable);
  }
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    throw new ProxySettingError(found.variable);
  }
  return url;
}

/** Reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`; throws {@link ProxySettingError}. */
export function readProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const http = proxyUrl(env, 'http_proxy');
  const https = proxyUrl(env, 'https_proxy') ?? http;
  const raw = envValue(env, 'no_proxy')?.value ?? '';
  if (raw === '*') return { http, https, noProxy: '*' };
  const noProxy: NoProxyEntry[] = [];
  for (const entry of raw.split(/[,\s]/)) {
    if (!entry) continue;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    noProxy.push({
      // `.example.com` and `*.example.com` mean example.com and its subdomains, like the bare name.
      hostname: (withPort?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase(),
      port: withPort ? Number(withPort[2]) : 0,
    });
  }
  return { http, https, noProxy };
}

/**
 * Whether `hostname` (as `URL.hostname` spells it: IPv6 in brackets) is this computer: the names
 * and addresses Chromium never sends through a proxy.
 */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** The proxy a request to `target` goes through, or null for a direct connection. */
export function proxyFor(target: URL, settings: ProxySettings): URL | null {
  const hostname = target.hostname.toLowerCase();
  if (isLoopback(hostname)) return null;
  const proxy =
    target.protocol === 'https:'
      ? settings.https
      : target.protocol === 'http:'
        ? settings.http
        : null;
  if (!proxy || settings.noProxy === '*') return null;
  const port = Number(target.port) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of settings.noProxy) {
    if (entry.port && entry.port !== port) continue;
    if (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)) return null;
  }
  return proxy;
}

/** A proxy as people may see it: `host:port`, never its credentials. */
export function proxyLabel(proxy: URL): string {
  return `${proxy.hostname}:${proxy.port || DEFAULT_PORTS[proxy.protocol] || ''}`;
}

// --- What went wrong ------------------------------------------------------------------------------

/** Node's (OpenSSL's) codes for a certificate this computer does not trust. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
]);

/** Codes of a connection that could not be opened (to the proxy, when one applies). */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** undici's words for the proxy's answer to the tunnel request (CONNECT) and to a plain request. */
const TUNNEL_STATUS = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;
const PROXY_AUTH = /Proxy Authentication Required \((407)\)/;

/** `error`, its causes and the errors it aggregates (fetch and gaxios wrap what happened). */
function chainOf(error: unknown): Array<{ code?: unknown; message?: unknown }> {
  const out: Array<{ code?: unknown; message?: unknown }> = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 16) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null) continue;
    const record = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    out.push(record);
    queue.push(record.cause);
    if (Array.isArray(record.errors)) queue.push(...record.errors);
  }
  return out;
}

/** A problem a person can act on, before the certificate's issuer is known. */
export interface ClassifiedFailure {
  kind: 'proxy-credentials' | 'proxy-refused' | 'proxy-unreachable' | 'certificate';
  details: NetworkProblemDetails;
}

/**
 * What `error` (thrown by undici's fetch for a request to `target`, through `proxy` or directly)
 * means for a person, or null when it is none of the problems above (offline, a reset, a timeout:
 * the callers' generic "could not be reached").
 */
export function classifyFailure(
  error: unknown,
  target: URL,
  proxy: URL | null,
): ClassifiedFailure | null {
  const host = target.host;
  const chain = chainOf(error);
  const codes = chain.map((item) => item.code).filter((code) => typeof code === 'string');
  if (proxy) {
    const label = proxyLabel(proxy);
    for (const { message } of chain) {
      if (typeof message !== 'string') continue;
      const match = TUNNEL_STATUS.exec(message) ?? PROXY_AUTH.exec(message);
      if (!match) continue;
      const status = Number(match[1]);
      return status === 407
        ? { kind: 'proxy-credentials', details: { host, proxy: label, status } }
        : { kind: 'proxy-refused', details: { host, proxy: label, status } };
    }
    // Only the proxy is connected to when one applies (the proxy connects to the server).
    if (codes.some((code) => NOT_CONNECTED.has(code))) {
      return { kind: 'proxy-unreachable', details: { host, proxy: label } };
    }
  }
  if (codes.some((code) => UNTRUSTED_CERTIFICATE.has(code))) {
    return {
      kind: 'certificate',
      details: { host, ...(proxy ? { proxy: proxyLabel(proxy) } : {}) },
    };
  }
  return null;
}

// --- Who issued the certificate -----------------------------------------------------------------

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The name of whoever issued the top of the presented chain — its issuer's organization (O), else
 * common name (CN) — cleaned for a sentence: no control or direction-changing characters, at most
 * 100 characters. Null when the certificate names none.
 */
export function topIssuerName(certificate: DetailedPeerCertificate): string | null {
  let top = certificate;
  const seen = new Set<string>();
  while (
    top.issuerCertificate &&
    top.issuerCertificate !== top &&
    top.issuerCertificate.fingerprint256 !== top.fingerprint256 &&
    !seen.has(top.fingerprint256)
  ) {
    seen.add(top.fingerprint256);
    top = top.issuerCertificate;
  }
  const raw = firstValue(top.issuer?.O) ?? firstValue(top.issuer?.CN);
  if (!raw) return null;
  const clean = raw
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return null;
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
}

/** The `Proxy-Authorization` value for the credentials in a proxy URL, as undici sends it. */
function proxyAuthorization(proxy: URL): string | null {
  if (!proxy.username && !proxy.password) return null;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Reads the proxy's answer head to a CONNECT; resolves its status (the rest stays on the socket). */
function tunnelStatus(socket: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (head.length > 16_384) done(new Error('proxy answer too long'));
        return;
      }
      done(
        null,
        Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0),
      );
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
    };
    const onEnd = (): void => done(new Error('proxy closed the connection'));
    const done = (error: Error | null, status = 0): void => {
      // Paused first: what follows the head is the TLS handshake's, read by whoever comes next.
      socket.pause();
      socket.off('data', onData).off('error', done).off('end', onEnd).off('close', onEnd);
      if (error) reject(error);
      else resolve(status);
    };
    socket.on('data', onData).on('error', done).on('end', onEnd).on('close', onEnd);
  });
}

/** A socket to `host:port`, through `proxy`'s tunnel when one applies. */
async function openWay(
  host: string,
  port: number,
  proxy: URL | null,
  secureContext: SecureContext,
  track: (socket: Socket) => void,
): Promise<Socket | null> {
  if (!proxy) return null;
  const proxyPort = Number(proxy.port) || DEFAULT_PORTS[proxy.protocol] || 80;
  const proxyHost = proxy.hostname.replace(/^\[(.*)\]$/, '$1');
  const socket: Socket =
    proxy.protocol === 'https:'
      ? tlsConnect({
          host: proxyHost,
          port: proxyPort,
          secureContext,
          ...(isIP(proxyHost) ? {} : { servername: proxyHost }),
        })
      : netConnect(proxyPort, proxyHost);
  track(socket);
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  const authorization = proxyAuthorization(proxy);
  socket.write(
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n` +
      (authorization ? `Proxy-Authorization: ${authorization}\r\n` : '') +
      '\r\n',
  );
  const status = await tunnelStatus(socket);
  if (status !== 200) throw new Error(`the proxy answered ${status}`);
  return socket;
}

/**
 * One TLS handshake with `target` (through `proxy`'s tunnel, with its credentials, when one
 * applies) that accepts any certificate, only to read who issued it; nothing is sent over it.
 * Resolves null when it cannot tell (the way failed, the time limit passed, no name).
 */
export async function presentedIssuer(
  target: URL,
  proxy: URL | null,
  options: { timeoutMs: number; secureContext: SecureContext; signal?: AbortSignal | null },
): Promise<string | null> {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(target.port) || 443;
  const sockets: Socket[] = [];
  let finished = false;
  const track = (socket: Socket): void => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  };
  let timer: NodeJS.Timeout | undefined;
  let onAbort = (): void => undefined;
  const stopped = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), options.timeoutMs);
    onAbort = () => resolve(null);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  const handshake = (async (): Promise<string | null> => {
    const way = await openWay(host, port, proxy, options.secureContext, track);
    // Given up meanwhile (time limit, abort): its sockets are gone, start nothing more.
    if (finished) return null;
    const tls = tlsConnect({
      ...(way ? { socket: way } : { host, port }),
      ...(isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    track(tls);
    await new Promise<void>((resolve, reject) => {
      tls.once('secureConnect', resolve).once('error', reject);
    });
    return topIssuerName(tls.getPeerCertificate(true));
  })().catch(() => null);
  try {
    return await Promise.race([handshake, stopped]);
  } finally {
    finished = true;
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    // The TLS socket before the socket under it: the other order can crash Node (seen on 24.21).
    for (const socket of sockets.reverse()) socket.destroy();
  }
}

// --- The port -----------------------------------------------------------------------------------

/** Node's own authorities, the system's (where Node can read them) and any extra ones. */
export function trustedAuthorities(extra: readonly string[] = []): string[] {
  const system = (() => {
    try {
      return getCACertificates('system');
    } catch {
      return [];
    }
  })();
  return [...new Set([...getCACertificates('default'), ...system, ...extra])];
}

/** The URL a fetch input names. */
function targetOf(input: Parameters<NetworkPort>[0]): URL | null {
  try {
    return new URL(typeof input === 'object' && 'url' in input ? input.url : String(input));
  } catch {
    return null;
  }
}

/**
 * The Node host's port. Throws {@link ProxySettingError} when a proxy variable is not a URL (at
 * start, rather than as a puzzling failure at sign-in).
 */
export function createNodeNetwork(options: NodeNetworkOptions = {}): NodeNetwork {
  const settings = readProxySettings(options.env ?? process.env);
  const diagnosisTimeoutMs = options.diagnosisTimeoutMs ?? 5_000;
  // One secure context for every connection: the trusted authorities are parsed once.
  const secureContext = createSecureContext({ ca: trustedAuthorities(options.extraCa) });
  const tlsOptions = { secureContext };
  const direct = new Agent({ connect: tlsOptions });
  const viaProxy = new Map<string, ProxyAgent>();
  const agentFor = (proxy: URL): ProxyAgent => {
    let agent = viaProxy.get(proxy.href);
    if (!agent) {
      agent = new ProxyAgent({ uri: proxy.href, requestTls: tlsOptions, proxyTls: tlsOptions });
      viaProxy.set(proxy.href, agent);
    }
    return agent;
  };
  // Each request's origin decides its way, also for a redirect's next hop.
  const dispatcher: Dispatcher = direct.compose((dispatch) => (opts, handler) => {
    const proxy = proxyFor(new URL(String(opts.origin)), settings);
    return proxy ? agentFor(proxy).dispatch(opts, handler) : dispatch(opts, handler);
  });

  const explain = async (error: unknown, target: URL, signal?: AbortSignal | null) => {
    if (signal?.aborted) return error;
    const proxy = proxyFor(target, settings);
    const failure = classifyFailure(error, target, proxy);
    if (!failure) return error;
    if (failure.kind !== 'certificate')
      return new NetworkProblem(failure.kind, failure.details, { cause: error });
    const issuer =
      target.protocol === 'https:'
        ? await presentedIssuer(target, proxy, {
            timeoutMs: diagnosisTimeoutMs,
            secureContext,
            signal,
          })
        : null;
    return new NetworkProblem(
      'certificate',
      { ...failure.details, ...(issuer ? { issuer } : {}) },
      { cause: error },
    );
  };

  const fetch = (async (input: Parameters<NetworkPort>[0], init?: RequestInit) => {
    try {
      return await undiciFetch(input as Parameters<typeof undiciFetch>[0], {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      });
    } catch (error) {
      const target = targetOf(input);
      throw target ? await explain(error, target, init?.signal) : error;
    }
  }) as unknown as NetworkPort;

  return {
    fetch,
    close: async () => {
      await Promise.all([direct.close(), ...[...viaProxy.values()].map((agent) => agent.close())]);
    },
  };
}
