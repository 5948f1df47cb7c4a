/**
 * Reads the built renderer (out/renderer) for the `app://` protocol and the browser preview:
 * a path-traversal guard, MIME types and the security headers every response carries.
 * No Electron import: the preview serves the same files the same way in plain Node.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/** Content types by extension; anything else is refused rather than sniffed. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers every renderer response carries, next to its Content-Type. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/**
 * Maps a URL pathname (still percent-encoded) to a file under `root`, or null when it would
 * leave `root` or is malformed: `..` segments (plain or encoded), encoded slashes or
 * backslashes, NUL bytes and absolute paths are all refused. `/` is `index.html`.
 */
export function resolveRendererPath(root: string, pathname: string): string | null {
  if (!pathname.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.') continue;
    if (segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0) segments.push('index.html');
  const base = resolve(root);
  const file = resolve(base, ...segments);
  return file.startsWith(base + sep) ? file : null;
}

/** A file ready to send. */
export interface RendererFile {
  body: Buffer;
  contentType: string;
}

/**
 * Reads the file a pathname names, or null (→ 404) when the guard refuses it, it does not
 * exist, is not a regular file, has no known type, or a symlink leads outside `root`.
 */
export async function readRendererFile(
  root: string,
  pathname: string,
): Promise<RendererFile | null> {
  const file = resolveRendererPath(root, pathname);
  if (!file) return null;
  const contentType = MIME_TYPES[extname(file).toLowerCase()];
  if (!contentType) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(resolve(root)), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return null;
    if (!(await stat(realFile)).isFile()) return null;
    return { body: await readFile(realFile), contentType };
  } catch {
    return null;
  }
}
