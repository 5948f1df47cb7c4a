/**
 * Which proxy, if any, the Node host's port (node.ts) uses for a request: `HTTPS_PROXY`/
 * `HTTP_PROXY`/`NO_PROXY` as undici's `EnvHttpProxyAgent` reads them, plus Chromium's rule that
 * loopback hosts are never proxied. Decided in one function ({@link proxyFor}) so that an error
 * can name the proxy it came through.
 */
import { isIP } from 'node:net';
import { t } from '../../common/i18n/current.ts';

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
    super(t('net.badProxy', { variable }));
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

export const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

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
