/**
 * The network port of the Node host (the preview, the benchmarks, the tests): undici's fetch,
 * through the proxy the environment names — `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, upper or lower
 * case, credentials in the proxy URL — trusting Node's certificates plus the system's store (Node
 * ≥ 22.15 offers `tls.getCACertificates('system')`) and `NODE_EXTRA_CA_CERTS`. PAC files are the
 * Electron app's (Chromium's) to read; the Node host takes the proxy from the environment only.
 *
 * Which requests go through the proxy follows undici's `EnvHttpProxyAgent` (the same variables,
 * the same `NO_PROXY` matching: exact names, subdomains, `host:port`, `*`), decided by one
 * function (proxyFor, proxy-env.ts) so that an error can name the proxy it came through, with one
 * addition taken from Chromium: loopback hosts (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`)
 * are never proxied, so the local demo Google keeps working when a shell has `HTTPS_PROXY` set.
 *
 * What undici throws is turned into a {@link NetworkProblem} when a person can act on it: the
 * proxy wants other credentials (407 to the tunnel request), refuses the tunnel (any other
 * status), cannot be reached, or the server's certificate is not trusted. Node's TLS error
 * carries no certificate, so after a trust failure the port makes one diagnostic handshake
 * (through the same proxy, with its credentials) that accepts any certificate only to read who
 * issued it (certificate-issuer.ts), and names that issuer — typically a company’s TLS-inspecting proxy.
 *
 * Never imported by the Electron app (its port is Chromium's net.fetch): undici stays out of the
 * app's bundle.
 */
import { createSecureContext, getCACertificates } from 'node:tls';
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { NetworkProblem, type NetworkPort, type NetworkProblemDetails } from './network.ts';
import { presentedIssuer } from './certificate-issuer.ts';
import { proxyFor, proxyLabel, readProxySettings } from './proxy-env.ts';

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
