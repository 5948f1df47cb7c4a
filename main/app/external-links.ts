/**
 * Which URLs Latchkey hands to the system browser. Pure rules (no Electron): links from the
 * window go through main/electron/open-external.ts in the app; the sign-in URL goes through
 * {@link authorizationOpener}, applied once in main/app/start.ts for both hosts. Everything not
 * matched stays closed.
 */
import { FEATURE_INFO, FEATURES } from '../../common/features.ts';
import type { Logger } from '../log/log.ts';

/**
 * Google pages the window links to: each feature's (Calendar events, Drive files, tasks…, from
 * the feature registry) and the account's settings.
 */
const LINK_HOSTS: ReadonlyArray<{ host: string; pathPrefix?: string }> = [
  ...FEATURES.flatMap((feature): ReadonlyArray<{ host: string; pathPrefix?: string }> => [
    ...FEATURE_INFO[feature].links,
  ]),
  { host: 'myaccount.google.com' },
  { host: 'accounts.google.com' },
];

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  try {
    const parsed = new URL(url);
    // user:pass@host tricks and explicit ports are never part of a link we open.
    if (parsed.username || parsed.password) return null;
    return parsed;
  } catch {
    return null;
  }
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/**
 * Whether a link from the window may open in the system browser: https on an allow-listed
 * Google host (default port), or — in demo mode — a page of the local emulator (`extraOrigins`).
 * Returns the normalized URL to open, or null.
 */
export function allowedExternalLink(
  url: string,
  extraOrigins: readonly string[] = [],
): string | null {
  const parsed = parse(url);
  if (!parsed) return null;
  if (extraOrigins.includes(parsed.origin) && /^https?:$/.test(parsed.protocol)) return parsed.href;
  if (parsed.protocol !== 'https:' || parsed.port !== '') return null;
  const allowed = LINK_HOSTS.some(
    (rule) =>
      parsed.hostname === rule.host &&
      (rule.pathPrefix === undefined || parsed.pathname.startsWith(rule.pathPrefix)),
  );
  return allowed ? parsed.href : null;
}

/**
 * Whether a URL is a request to the configured authorization endpoint (same origin and path;
 * https, or http on loopback for the local emulator). Returns the normalized URL, or null.
 */
export function allowedAuthorizationUrl(url: string, endpoint: string | null): string | null {
  if (!endpoint) return null;
  const parsed = parse(url);
  const expected = parse(endpoint);
  if (!parsed || !expected) return null;
  if (parsed.origin !== expected.origin || parsed.pathname !== expected.pathname) return null;
  const secure =
    parsed.protocol === 'https:' ||
    (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  return secure ? parsed.href : null;
}

/** The origin of a URL for a log line (paths and queries can carry user data), never the URL. */
export function originForLog(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'unparseable';
  }
}

/**
 * The auth core's OpenExternal port: hands `open` only URLs of the configured authorization
 * endpoint ({@link allowedAuthorizationUrl}); anything else is refused, logged by origin, and
 * rejected.
 */
export function authorizationOpener(
  endpoint: string,
  open: (url: string) => Promise<void>,
  logger: Logger,
): (url: string) => Promise<void> {
  return async (url) => {
    const allowed = allowedAuthorizationUrl(url, endpoint);
    if (!allowed) {
      logger.warn('refused to open an external URL', {
        kind: 'authorization',
        origin: originForLog(url),
      });
      throw new Error('Refused to open a URL that is not the configured authorization endpoint.');
    }
    await open(allowed);
  };
}
