/**
 * Deep links: the URLs the operating system hands the app for our redirect scheme
 * (`com.googleusercontent.apps.<id>:/oauth2redirect?…`). They are hostile input — any web page
 * or program can open our scheme — so they are length-capped, parsed with `URL`, filtered to our
 * scheme exactly, never loaded or opened, and only ever handed to the auth core. They can
 * arrive before the core is ready (a cold start *is* the redirect), so they are queued.
 *
 * Where they arrive from: `process.argv` on a cold start (Windows, Linux), `open-url`
 * (macOS, registered in `will-finish-launching` so the cold-start event is not missed) and
 * `second-instance` (Windows, Linux, while the app runs: the OS starts a second copy).
 */
import { resolve } from 'node:path';
import { app } from 'electron';

/** Longer URLs are dropped: a real redirect (code, state, iss, scope) is far shorter. */
export const MAX_DEEP_LINK_LENGTH = 4096;
/** At most this many URLs wait for the core; a flood of links cannot grow memory. */
export const MAX_QUEUED_DEEP_LINKS = 8;

/** Whether `url` is a well-formed URL of `scheme` (case-insensitive, as URL lowercases it). */
export function isOurScheme(url: string, scheme: string): boolean {
  if (url.length > MAX_DEEP_LINK_LENGTH) return false;
  try {
    return new URL(url).protocol === `${scheme.toLowerCase()}:`;
  } catch {
    return false;
  }
}

/** A URL-shaped argument: a scheme of two or more characters (so not `C:\\…`), not a switch. */
const URL_SHAPED = /^[a-z][a-z0-9+.-]+:/i;

/**
 * The one argument that could be a deep link, or null. The OS starts us as
 * `latchkey -- <url>` (the `--` sentinel we register, which ends switch parsing): then only the
 * argument right after `--` counts. Without a sentinel (argv as Chromium rebuilds it) the first
 * URL-shaped argument after the executable counts. Either way every argument after the deep link
 * is ignored: a crafted link cannot bring more arguments with it. The scheme is checked later,
 * when the configuration is known.
 */
export function deepLinkFromArgv(argv: readonly string[]): string | null {
  const sentinel = argv.indexOf('--');
  const rest = sentinel >= 0 ? argv.slice(sentinel + 1, sentinel + 2) : argv.slice(1);
  const link = rest.find(
    (arg) => typeof arg === 'string' && !arg.startsWith('-') && URL_SHAPED.test(arg),
  );
  return link !== undefined && link.length <= MAX_DEEP_LINK_LENGTH ? link : null;
}

/** Queues URLs until the core is ready, then passes on only our scheme's. */
export interface DeepLinkRouter {
  /** A URL from the OS (any source). Ignored unless it may be ours. */
  push(url: unknown): void;
  /** The core is ready: flushes the queue and delivers from now on. No scheme → all ignored. */
  ready(scheme: string | null, deliver: (url: string) => void): void;
}

/** Creates the router. */
export function createDeepLinkRouter(): DeepLinkRouter {
  const queue: string[] = [];
  let target: { scheme: string | null; deliver: (url: string) => void } | null = null;
  const route = (url: string) => {
    if (target?.scheme && isOurScheme(url, target.scheme)) target.deliver(url);
  };
  return {
    push(url) {
      if (typeof url !== 'string' || url.length > MAX_DEEP_LINK_LENGTH) return;
      if (target) route(url);
      else if (queue.length < MAX_QUEUED_DEEP_LINKS) queue.push(url);
    },
    ready(scheme, deliver) {
      target = { scheme, deliver };
      for (const url of queue.splice(0)) route(url);
    },
  };
}

/**
 * Takes the single-instance lock and wires every deep-link source into `router`. Returns false
 * when another instance holds the lock: it has been handed our argv, and this one must quit.
 * Call before the app is ready.
 */
export function installDeepLinks(
  router: DeepLinkRouter,
  focus: () => void,
  argv: readonly string[] = process.argv,
): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  const coldStart = deepLinkFromArgv(argv);
  if (coldStart) router.push(coldStart);
  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      router.push(url);
      focus();
    });
  });
  app.on('second-instance', (_event, secondArgv) => {
    const link = deepLinkFromArgv(secondArgv);
    if (link) router.push(link);
    focus();
  });
  return true;
}

/** How the redirect scheme reaches the OS on this platform and build. */
export type SchemeRegistration =
  /** The package declares it: Info.plist (macOS), the .desktop entry (Linux), the NSIS include. */
  | { by: 'package' }
  /** Development on Windows: registered now (HKCU), removed again at quit. */
  | { by: 'runtime'; ok: boolean }
  /** Development on macOS or Linux: it cannot be registered; `advice` says what to do instead. */
  | { by: 'nobody'; advice: string };

/** The arguments the OS passes before the URL: the app path when unpackaged, then the sentinel. */
function handlerArgs(): string[] {
  const appPath = process.argv[1];
  return process.defaultApp && appPath !== undefined ? [resolve(appPath), '--'] : ['--'];
}

/**
 * Makes sure the OS hands `scheme` links to us, where that is ours to do at run time. A package
 * registers the scheme at install time (and removes it at uninstall), so nothing is written then.
 * Unpackaged, only Windows can register at run time (`electron.exe <app> -- "%1"`); macOS reads
 * schemes from the app's Info.plist and Linux from an installed .desktop file, which Electron in
 * node_modules has neither of.
 */
export function registerRedirectScheme(
  scheme: string,
  platform: NodeJS.Platform = process.platform,
  isPackaged: boolean = app.isPackaged,
): SchemeRegistration {
  if (isPackaged) return { by: 'package' };
  if (platform === 'win32') {
    // Electronegativity asks to review protocol handlers: this one is only ever our OAuth
    // redirect scheme, and every URL it brings is filtered by scheme and length above and
    // validated by the auth core (state, issuer) before anything is done with it.
    const ok = app.setAsDefaultProtocolClient(scheme, process.execPath, handlerArgs()); // eng-disable PROTOCOL_HANDLER_JS_CHECK
    return { by: 'runtime', ok };
  }
  // i18n-ignore-start: advice for the developer log (a development run only)
  const where =
    platform === 'darwin'
      ? "macOS reads URL schemes only from an app's Info.plist, and Electron.app in node_modules does not list it"
      : 'Linux needs an installed .desktop file with MimeType=x-scheme-handler/' + scheme;
  return {
    by: 'nobody',
    advice:
      `A development run cannot receive ${scheme}: redirects (${where}). Sign in with a ` +
      '"Desktop app" client (loopback, no scheme needed) while developing, or try the ' +
      'iOS-type client with a package from `npm run dist`.',
    // i18n-ignore-end
  };
}

/** Undoes a run-time registration (development on Windows) when the app quits. */
export function unregisterRedirectScheme(scheme: string): boolean {
  return app.removeAsDefaultProtocolClient(scheme, process.execPath, handlerArgs());
}
