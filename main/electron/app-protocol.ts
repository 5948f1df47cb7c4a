/**
 * The `app://` scheme the renderer is served from (not `file://`, whose pages get extra
 * privileges and share one origin with every file on disk). Standard + secure so the page has a
 * real origin (`app://app`), relative URLs work and CSP `'self'` means exactly our files.
 */
import { protocol } from 'electron';
import { readRendererFile, securityHeaders } from '../app/renderer-files.ts';

/** The scheme and host of the renderer: documents live at `app://app/…`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'app';
/** The renderer's entry document. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before the app is ready: Chromium reads scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Whether a URL is one of our renderer's documents. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The request handler: GET/HEAD of files under `root` with the CSP and security headers; a
 * wrong host, a path the traversal guard refuses or a missing file is 404.
 */
export function createAppRequestHandler(
  root: string,
  csp: () => string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const headers = securityHeaders(csp());
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers });
    }
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response(null, { status: 404, headers });
    }
    if (url.host !== APP_HOST) return new Response(null, { status: 404, headers });
    const file = await readRendererFile(root, url.pathname);
    if (!file) return new Response(null, { status: 404, headers });
    const body = request.method === 'HEAD' ? null : new Uint8Array(file.body);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': file.contentType },
    });
  };
}

/** Serves `root` on `app://` (after the app is ready). */
export function handleAppProtocol(root: string, csp: () => string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(root, csp));
}
