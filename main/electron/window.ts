/**
 * The one BrowserWindow factory. Every option that matters for isolation is spelled out (even
 * where it is Electron's default) so a test can assert it and a reader can see it; every way a
 * page could leave our renderer — navigation, redirects, new windows, webviews, permission
 * prompts, downloads — is closed here.
 */
import { app, BrowserWindow } from 'electron';
import type { Session, WebContents } from 'electron';

/** The smallest size at which the layout still works. */
export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 600;

/** What the factory needs from the rest of the shell. */
export interface MainWindowOptions {
  preloadPath: string;
  /** The window's icon on Linux and Windows (build/icon.png); macOS uses the app bundle's. */
  iconPath: string;
  /** The renderer's entry document (`app://app/index.html`, or the dev server). */
  url: string;
  isPackaged: boolean;
  /** Opens an allow-listed link in the system browser; returns whether it was allowed. */
  openLink: (url: string) => boolean;
  /**
   * Whether a URL is the app's own page (app://, or the dev server when unpackaged): the same
   * test the IPC sender check uses. Only that page gets the one permission the app needs.
   */
  isAppPage: (url: string) => boolean;
  /** CSP to add to http(s) responses: only for the dev server, which sends none itself. */
  httpCsp?: string;
  /**
   * Called once when the renderer cannot be loaded (missing build, bad path, …): the window is
   * hidden until `ready-to-show`, which then never comes, so the caller must tell the person.
   */
  onLoadFailed?: (error: Error) => void;
}

/** Must run before the app is ready: every renderer, whatever its options, is sandboxed. */
export function enableProcessSandbox(): void {
  app.enableSandbox();
}

/**
 * Whether Chromium's sandbox was switched off on the command line (`--no-sandbox`), which
 * `enableProcessSandbox` cannot override.
 */
export function sandboxSwitchedOff(): boolean {
  return app.commandLine.hasSwitch('no-sandbox');
}

/**
 * Guards for every web contents the app ever creates (not just ours): no webviews, no new
 * windows. Registered once, before ready.
 */
export function guardAllWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * The one permission the app's page gets: writing plain text to the clipboard, for **Copy link**
 * (`navigator.clipboard.writeText` asks for exactly this one). Reading the clipboard stays denied.
 */
export const CLIPBOARD_WRITE = 'clipboard-sanitized-write';

/**
 * Denies every permission request and check, device access and download of a session — except
 * {@link CLIPBOARD_WRITE} for the app's own page in the main frame.
 */
export function hardenSession(session: Session, isAppPage: (url: string) => boolean): void {
  const allowed = (permission: string, isMainFrame: boolean, url: string | undefined): boolean =>
    permission === CLIPBOARD_WRITE && isMainFrame && url !== undefined && isAppPage(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details.isMainFrame, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowed(permission, details.isMainFrame, details.requestingUrl ?? requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
}

/**
 * Sends the CSP with every http(s) response the session loads. The packaged renderer gets it
 * from the app:// handler; this covers the Vite dev server (`npm run dev`), which sends none.
 */
export function applyCspToHttpResponses(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Chromium's net::ERR_ABORTED: a load that was replaced or stopped, not one that failed. */
const ERR_ABORTED = -3;

/** Installs the navigation and window-open guards on our window's web contents. */
export function guardNavigation(contents: WebContents, openLink: (url: string) => boolean): void {
  // The renderer is a single page: any navigation is a link click or an attack. Allow-listed
  // Google links go to the system browser; nothing ever loads inside the window.
  // Electron emits `will-frame-navigate` first, for every frame, and emits `will-navigate` only
  // when that was not prevented: so the link policy lives here, for main-frame navigations (a
  // subframe has no business navigating at all).
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    if (event.isMainFrame) openLink(event.url);
  });
  // Never reached while the guard above prevents every navigation; kept so that removing it
  // cannot let a navigation through.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openLink(url);
    return { action: 'deny' };
  });
}

/** Creates the main window, hardened, and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    title: 'Latchkey',
    icon: options.iconPath,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    // Spelled out here, in the constructor call, so Electronegativity can read them too.
    webPreferences: {
      // The preload is the bridge: sandboxed, it exposes only the contract's functions
      // (preload/index.ts) and never ipcRenderer, channels or events.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click must not open links in new windows behind the window-open handler's back.
      // i18n-ignore: a Blink feature name
      disableBlinkFeatures: 'Auxclick',
      devTools: !options.isPackaged,
    },
  });
  hardenSession(window.webContents.session, options.isAppPage);
  if (options.httpCsp) applyCspToHttpResponses(window.webContents.session, options.httpCsp);
  guardNavigation(window.webContents, options.openLink);
  window.once('ready-to-show', () => window.show());
  let failed = false;
  const fail = (error: Error): void => {
    if (failed) return;
    failed = true;
    options.onLoadFailed?.(error);
  };
  window.webContents.on(
    'did-fail-load',
    (_event, errorCode, errorDescription, validatedURL, isMainFrame) => {
      if (!isMainFrame || errorCode === ERR_ABORTED) return;
      fail(new Error(`${errorDescription} (${errorCode}) loading ${validatedURL}`));
    },
  );
  window.loadURL(options.url).catch((error: unknown) => {
    if ((error as { errno?: unknown }).errno === ERR_ABORTED) return;
    fail(error instanceof Error ? error : new Error(String(error)));
  });
  return window;
}

/** Brings a window back to the front (deep link while running, second instance). */
export function restoreAndFocus(window: BrowserWindow | null): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
