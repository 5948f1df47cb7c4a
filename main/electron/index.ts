/**
 * The Electron main process: lifecycle only. Everything with a rule lives in its own file —
 * window.ts (hardening), app-protocol.ts (app://), ipc.ts (the bridge's transport),
 * deep-links.ts, open-external.ts, network.ts (Chromium's network stack for every request to
 * Google, and proxy sign-in) — and everything host-neutral (the auth core, the Google
 * features, the bridge server, the CSP, the sign-in URL allow-list) arrives through startLatchkey.
 */
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { APP_ENTRY_URL, handleAppProtocol, isAppUrl, registerAppScheme } from './app-protocol.ts';
import { startLatchkey, type Latchkey } from '../app/start.ts';
import { redirectSchemeFor } from '../app/config.ts';
import {
  createDeepLinkRouter,
  installDeepLinks,
  registerRedirectScheme,
  unregisterRedirectScheme,
} from './deep-links.ts';
import { registerIpc } from './ipc.ts';
import { createLogger } from '../log/log.ts';
import { setMessageLocale, t } from '../../common/i18n/current.ts';
import { pickLocale } from '../../common/i18n/locales.ts';
import { electronMetadataStore } from './metadata-store.ts';
import { createExternalOpener } from './open-external.ts';
import { applyE2eHooks } from './e2e-hooks.ts';
import { createElectronNetwork } from './network.ts';
import { createUpdateController } from '../app/updates.ts';
import { electronUpdaterPort, unsupportedReason } from './updater.ts';
import { exitSmoke, isolateSmokeRun, smokeRequested, watchSmoke } from './smoke.ts';
import {
  createMainWindow,
  enableProcessSandbox,
  guardAllWebContents,
  restoreAndFocus,
  sandboxSwitchedOff,
} from './window.ts';

// Before ready: scheme privileges, the sandbox for every renderer, and the deep-link sources
// (a cold-start redirect arrives in argv or in an early open-url event).
registerAppScheme();
enableProcessSandbox();
guardAllWebContents();
// `--smoke` (the release workflow's start check) runs on a temporary userData folder, and the
// end-to-end test hooks (inert in a packaged build) may set it: both before the lock, which
// lives in userData.
const smoke = smokeRequested();
if (smoke) isolateSmokeRun();
const e2eHooks = applyE2eHooks();

const logger = createLogger({ stream: process.stderr, base: { process: 'main' } });
const deepLinks = createDeepLinkRouter();
let mainWindow: BrowserWindow | null = null;

/**
 * Tells the person why Latchkey stops, in a plain dialog, and exits. The dialog waits for
 * `ready`: before it, Linux prints the message to stderr and shows nothing, so a double-click
 * would seem to do nothing at all. A smoke run says it in one line instead (no one is there to
 * close a dialog).
 */
function stop(detail: string | (() => string)): void {
  const words = (): string => (typeof detail === 'string' ? detail : detail());
  if (smoke) {
    // i18n-ignore: the release workflow's start check reads this line, not a person
    exitSmoke(1, `smoke: Latchkey cannot start: ${words()}`);
    return;
  }
  void app.whenReady().then(() => {
    // Stopped before the language setting was read: the operating system's language.
    if (!languageKnown) setMessageLocale(pickLocale(systemLanguages()));
    dialog.showErrorBox(t('app.cannotStart'), words());
    app.exit(1);
  });
}

/** Whether startLatchkey has set the language from the setting (it does so first of all). */
let languageKnown = false;

// electron-builder's AppImage launcher adds --no-sandbox by itself where unprivileged user
// namespaces are unavailable. A package never runs without the Chromium sandbox silently.
const noSandbox = sandboxSwitchedOff();
if (noSandbox) logger.error('started with the Chromium sandbox switched off (--no-sandbox)');

if (noSandbox && app.isPackaged) {
  stop(() => t('app.noSandbox'));
} else if (!installDeepLinks(deepLinks, () => restoreAndFocus(mainWindow))) {
  // Another instance runs: it received our argv (and any deep link) through second-instance.
  app.quit();
} else {
  run().catch((error: unknown) => {
    logger.error('Latchkey could not start', { error });
    // A configuration problem names the setting at fault (never a value): show it. Anything
    // else is a bug, and its details stay in the log.
    stop(
      error instanceof Error && error.name === 'ConfigError'
        ? error.message
        : () => t('app.unexpected'),
    );
  });
}

/** The operating system's preferred languages; Chromium's own locale where it names none. */
function systemLanguages(): readonly string[] {
  const preferred = app.getPreferredSystemLanguages();
  return preferred.length > 0 ? preferred : [app.getLocale()];
}

/** Same origin as the dev server (electron-vite dev), only ever trusted when not packaged. */
function devServerOrigin(): string | null {
  const url = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

async function run(): Promise<void> {
  await app.whenReady();

  // Every request to Google: Chromium's network stack on its own in-memory session (system
  // proxy, PAC, the OS certificate store, proxy sign-in through the window).
  const network = createElectronNetwork({ logger });
  if (e2eHooks.proxy) await network.session.setProxy(e2eHooks.proxy);

  let latchkey: Latchkey | null = null;
  const opener = createExternalOpener({
    extraLinkOrigins: () => latchkey?.linkOrigins ?? [],
    onRefused: (kind, origin) => logger.warn('refused to open an external URL', { kind, origin }),
    open: e2eHooks.openExternal,
  });
  const metadata = electronMetadataStore(app.getPath('userData'));
  // Latchkey's own updates (electron-updater), or why this copy has none; a smoke run never checks.
  const cannotUpdate = smoke ? () => t('updates.unsupported.smoke') : unsupportedReason();
  const updates = createUpdateController(
    cannotUpdate === null ? electronUpdaterPort({ logger }) : null,
    { version: app.getVersion(), metadata, logger, unsupportedNote: cannotUpdate ?? undefined },
  );
  languageKnown = true;
  const started = await startLatchkey({
    env: process.env,
    openExternal: (url) => opener.openAuthorizationUrl(url),
    metadata,
    logger,
    updates,
    // Demo mode keeps the demo Google's state here, so a restart keeps demo sign-ins.
    dataDir: app.getPath('userData'),
    systemLanguages,
    // Written next to out/main by `npm run dist` for the publisher's Google client.
    configFile: join(import.meta.dirname, '../latchkey.config.json'),
    network: network.fetch,
    proxySignIn: (proxySignIn) => network.useProxySignIn(proxySignIn),
  }).catch((error: unknown) => {
    updates.dispose();
    network.dispose();
    throw error;
  });
  latchkey = started;

  const csp = started.csp();
  handleAppProtocol(join(import.meta.dirname, '../renderer'), () => csp);

  const devOrigin = devServerOrigin();
  const isTrustedUrl = (url: string): boolean => {
    if (isAppUrl(url)) return true;
    try {
      return devOrigin !== null && new URL(url).origin === devOrigin;
    } catch {
      return false;
    }
  };
  const bridge = registerIpc({ server: started.bridge, window: () => mainWindow, isTrustedUrl });

  // The dev server sends no CSP of its own; its hot reload needs its WebSocket and <style> tags.
  const devCsp = devOrigin
    ? started.csp({
        connectOrigins: [devOrigin, devOrigin.replace(/^http/, 'ws')],
        devServerInlineStyles: true,
      })
    : undefined;
  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      // Packaged: electron-builder.yml's extraResources copies build/icon.png beside app.asar.
      iconPath: app.isPackaged
        ? join(process.resourcesPath, 'icon.png')
        : join(import.meta.dirname, '../../build/icon.png'),
      url: devOrigin ? (process.env.ELECTRON_RENDERER_URL as string) : APP_ENTRY_URL,
      isPackaged: app.isPackaged,
      openLink: (url) => opener.openLink(url),
      isAppPage: isTrustedUrl,
      ...(devCsp ? { httpCsp: devCsp } : {}),
      // Hidden until ready-to-show, the window would otherwise never appear.
      onLoadFailed: (error) => {
        logger.error('the window could not load the renderer', { error: error.message });
        stop(() => t('app.windowFailed'));
      },
    });
    if (smoke) watchSmoke(mainWindow.webContents);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };
  openWindow();
  e2eHooks.started?.({ demoIssuer: started.demoIssuer });

  // The custom-scheme redirect exists only for an iOS-type client; loopback needs no OS help.
  const scheme = redirectSchemeFor(started.config);
  const registration = scheme ? registerRedirectScheme(scheme) : null;
  if (registration?.by === 'runtime' && !registration.ok) {
    logger.warn('could not register the redirect scheme with the OS', { scheme });
  } else if (registration?.by === 'nobody') {
    logger.warn('the redirect scheme is not registered in development', {
      scheme,
      advice: registration.advice,
    });
  }
  deepLinks.ready(scheme, (url) => {
    restoreAndFocus(mainWindow);
    started.core.handleRedirect(url).then(
      (outcome) => {
        if (!outcome.accepted) logger.warn('deep link refused', { reason: outcome.reason });
      },
      (error: unknown) => logger.error('deep link failed', { error }),
    );
  });

  app.on('activate', () => {
    if (mainWindow === null) openWindow();
    else restoreAndFocus(mainWindow);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    bridge.dispose();
    updates.dispose();
    if (scheme && registration?.by === 'runtime' && registration.ok) {
      unregisterRedirectScheme(scheme);
    }
    started
      .close()
      .catch((error: unknown) => logger.error('shutdown failed', { error }))
      .finally(() => {
        network.dispose();
        closed = true;
        app.quit();
      });
  });
}
