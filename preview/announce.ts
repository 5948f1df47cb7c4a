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
import { t } from '../common/i18n/current.ts';
import { featureKey, terminalTranslator, type Translator } from '../common/i18n/index.ts';
import type { Feature } from '../common/features.ts';

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
  /** The terminal's language (default: from LANG and friends of this process). */
  say?: Translator;
}

/** Writes the page's launcher, prints its path (never the URL) and opens it; returns the path. */
export async function announcePreview(url: string, options: AnnounceOptions): Promise<string> {
  const say = options.say ?? terminalTranslator(process.env);
  const path = await writeLauncher(options.dataDir, PAGE_LAUNCHER, url, t('launcher.previewTitle'));
  options.print(say.t('terminal.open', { path }));
  options.print(say.t('terminal.openWhy', { origin: new URL(url).origin }));
  if (options.open) (options.openFile ?? openInBrowser)(path);
  return path;
}

/**
 * Opens the sign-in URL through a launcher file and prints that file's path (never the URL).
 * `connecting` is the feature of a connect flow: the line then speaks of connecting its product
 * ("Google Calendar"), not of signing in.
 */
export async function announceSignIn(
  url: string,
  options: AnnounceOptions,
  connecting?: Feature,
): Promise<string> {
  const say = options.say ?? terminalTranslator(process.env);
  const title = connecting
    ? t('launcher.connectTitle', { product: t(featureKey(connecting, 'product')) })
    : t('launcher.signInTitle');
  const path = await writeLauncher(options.dataDir, SIGN_IN_LAUNCHER, url, title);
  options.print(
    connecting
      ? say.t('terminal.connect', { product: say.t(featureKey(connecting, 'product')), path })
      : say.t('terminal.signIn', { path }),
  );
  if (options.open) (options.openFile ?? openInBrowser)(path);
  return path;
}
