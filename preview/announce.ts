/**
 * What the preview CLI tells the person and hands to the browser. The preview page's URL carries
 * the per-launch secret: it goes into a 0600 launcher file (launcher.ts), and only that file's
 * path is printed and passed to the opener. The sign-in (authorization) URL is printed, so a
 * person on a headless machine can copy it, but is also opened through a launcher file, so its
 * `state` stays off command lines.
 */
import { openInBrowser } from './open-browser.ts';
import { PAGE_LAUNCHER, SIGN_IN_LAUNCHER, writeLauncher } from './launcher.ts';

/** Where and how to announce. */
export interface AnnounceOptions {
  /** The preview's data folder: the launchers are written there. */
  dataDir: string;
  /** Whether to open the system browser (`--no-open` turns it off). */
  open: boolean;
  /** Prints one line for the person (console.log). */
  print: (line: string) => void;
  /** Opens a launcher file (openInBrowser; tests pass a recorder). */
  openFile?: (path: string) => void;
}

/** Writes the page's launcher, prints its path (never the URL) and opens it; returns the path. */
export async function announcePreview(url: string, options: AnnounceOptions): Promise<string> {
  const path = await writeLauncher(options.dataDir, PAGE_LAUNCHER, url, 'Latchkey preview');
  options.print(`Open: ${path}`);
  options.print(
    `  (a file only you can read; it leads your browser to ${new URL(url).origin} with this launch's secret)`,
  );
  if (options.open) (options.openFile ?? openInBrowser)(path);
  return path;
}

/** Prints the sign-in URL and opens it through a launcher file; returns the launcher's path. */
export async function announceSignIn(url: string, options: AnnounceOptions): Promise<string> {
  options.print(
    `Sign-in: opening this URL in the system browser (copy it if nothing opens):\n  ${url}`,
  );
  const path = await writeLauncher(options.dataDir, SIGN_IN_LAUNCHER, url, 'Google sign-in');
  if (options.open) (options.openFile ?? openInBrowser)(path);
  return path;
}
