/**
 * What the preview CLI tells the person and hands to the browser. The preview page's URL carries
 * the per-launch secret: it goes into a 0600 launcher file (launcher.ts), and only that file's
 * path is printed and passed to the opener. The sign-in (authorization) URL goes the same way:
 * its `state` binds the answer to this sign-in, so it stays off the terminal and off command
 * lines; a person on a headless machine opens the printed launcher file, or uses the window's
 * Copy link.
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

/**
 * Opens the sign-in URL through a launcher file and prints that file's path (never the URL).
 * `connecting` names the product of a connect flow ("Google Calendar"): the line then speaks of
 * connecting it, not of signing in.
 */
export async function announceSignIn(
  url: string,
  options: AnnounceOptions,
  connecting?: string,
): Promise<string> {
  const title = connecting ? `Connect ${connecting}` : 'Google sign-in';
  const path = await writeLauncher(options.dataDir, SIGN_IN_LAUNCHER, url, title);
  const step = connecting ? `Connecting ${connecting}` : 'Sign-in';
  options.print(
    `${step}: Google's page is in ${path} (if no browser came up, open that file, or use Copy link in the window)`,
  );
  if (options.open) (options.openFile ?? openInBrowser)(path);
  return path;
}
