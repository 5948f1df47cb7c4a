/**
 * The network port of the Node host (the preview, the benchmarks, the tests): undici's fetch over
 * an `EnvHttpProxyAgent` — `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (upper or lower case, credentials
 * in the proxy URL) — trusting Node's certificates plus the system's store (Node ≥ 22.15 offers
 * `tls.getCACertificates('system')`) and `NODE_EXTRA_CA_CERTS`. PAC files are the Electron app's
 * (Chromium's) to read; the Node host takes the proxy from the environment only.
 *
 * Never imported by the Electron app (its port is Chromium's net.fetch): undici stays out of the
 * app's bundle.
 */
import { getCACertificates } from 'node:tls';
import { EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import type { NetworkPort } from './network.ts';

export interface NodeNetworkOptions {
  /** Where the proxy variables are read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  /** More certificate authorities to trust (PEM), e.g. a test CA. */
  extraCa?: readonly string[];
}

/** A Node network port; `close()` ends its connections. */
export interface NodeNetwork {
  fetch: NetworkPort;
  close(): Promise<void>;
}

/** The first of the variable's spellings that is set (curl's and undici's rule: lower case first). */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value ? value : undefined;
}

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

export function createNodeNetwork(options: NodeNetworkOptions = {}): NodeNetwork {
  const env = options.env ?? process.env;
  const ca = trustedAuthorities(options.extraCa);
  const httpProxy = envValue(env, 'http_proxy');
  const httpsProxy = envValue(env, 'https_proxy');
  const noProxy = envValue(env, 'no_proxy');
  const dispatcher = new EnvHttpProxyAgent({
    // Passed explicitly (an empty string means none): the agent reads process.env otherwise.
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? '',
    noProxy: noProxy ?? '',
    connect: { ca },
    requestTls: { ca },
  });
  const fetch = ((input: Parameters<NetworkPort>[0], init?: RequestInit) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    })) as unknown as NetworkPort;
  return { fetch, close: () => dispatcher.close() };
}
