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

/**
 * Arguments that could be a deep link (`scheme:…`, not a switch). The scheme is checked later,
 * when the configuration is known: this only skips what cannot be a URL.
 */
export function deepLinkCandidates(argv: readonly string[]): string[] {
  return argv.filter(
    (arg) =>
      typeof arg === 'string' &&
      arg.length <= MAX_DEEP_LINK_LENGTH &&
      !arg.startsWith('-') &&
      /^[a-z][a-z0-9+.-]*:/i.test(arg),
  );
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
  for (const url of deepLinkCandidates(argv)) router.push(url);
  app.on('will-finish-launching', () => {
    app.on('open-url', (event, url) => {
      event.preventDefault();
      router.push(url);
      focus();
    });
  });
  app.on('second-instance', (_event, secondArgv) => {
    for (const url of deepLinkCandidates(secondArgv)) router.push(url);
    focus();
  });
  return true;
}

/**
 * Registers the app as the OS handler of `scheme` at run time. Unpackaged (`electron .`),
 * the OS must start Electron with the app's path, or it would launch a bare Electron.
 */
export function registerProtocolClient(scheme: string): boolean {
  const appPath = process.argv[1];
  // Electronegativity asks to review protocol handlers: this one is only ever our OAuth redirect
  // scheme, and every URL it brings is filtered by scheme and length above and validated by the
  // auth core (state, issuer) before anything is done with it.
  if (process.defaultApp && appPath !== undefined) {
    return app.setAsDefaultProtocolClient(scheme, process.execPath, [resolve(appPath)]); // eng-disable PROTOCOL_HANDLER_JS_CHECK
  }
  return app.setAsDefaultProtocolClient(scheme); // eng-disable PROTOCOL_HANDLER_JS_CHECK
}
