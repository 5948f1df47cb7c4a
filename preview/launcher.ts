/**
 * Hands the preview's secret URL to the browser the way Jupyter does: through a small HTML file
 * that only this user can read (mode 0600), opened by its path. The secret never appears on a
 * command line (any local user can read `/proc/<pid>/cmdline` of the opener and of a browser it
 * starts) nor on the terminal (scrollback, screen sharing, CI logs): only the file's path does.
 *
 * The file is a local page, so the preview's CSP does not apply to it; it redirects with a
 * `<meta http-equiv="refresh">` (no script), and offers a link should the browser not follow it.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml } from '../main/auth/flow/loopback.ts';
import { messageLocale, tParts } from '../common/i18n/current.ts';

/** The launcher for the preview page, in the data folder. */
export const PAGE_LAUNCHER = 'open-preview.html';
/** The launcher for the current sign-in page (the authorization URL), in the data folder. */
export const SIGN_IN_LAUNCHER = 'open-sign-in.html';

/**
 * The launcher page: redirects to `url` at once, with a link as a fallback; worded in the main
 * process's language (the preview's: the terminal's until a window says otherwise).
 */
export function launcherHtml(url: string, title: string): string {
  if (!/^https?:\/\//i.test(url)) throw new Error('a launcher only redirects to http(s) URLs');
  const href = escapeHtml(url);
  const opening = tParts('launcher.opening', { title })
    .map((part) =>
      part.tag === 'link'
        ? `<a href="${href}">${escapeHtml(part.text)}</a>`
        : escapeHtml(part.text),
    )
    .join('');
  return `<!doctype html>
<html lang="${messageLocale()}">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<p>${opening}</p>
</body>
</html>
`;
}

/**
 * Writes a launcher for `url` as `dir/name` with mode 0600 and returns its path.
 *
 * The file is written under a random name created exclusively (`wx`: never through a planted
 * symlink, never into a file someone else can already read) and renamed into place, so the
 * launcher's content is never readable by others, not even for a moment.
 */
export async function writeLauncher(
  dir: string,
  name: string,
  url: string,
  title = 'Latchkey',
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  const temporary = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx', 0o600);
  try {
    // The umask can only take permissions away; chmod makes 0600 exact whatever it is.
    await file.chmod(0o600);
    await file.writeFile(launcherHtml(url, title), 'utf8');
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
    await chmod(path, 0o600);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return path;
}

/** Removes a launcher (when the preview stops: its secret is dead then anyway). */
export async function removeLauncher(path: string): Promise<void> {
  await rm(path, { force: true });
}
