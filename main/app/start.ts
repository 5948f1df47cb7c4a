/**
 * The composition shared by the Electron shell (main/electron/index.ts) and the browser preview
 * (preview/server.ts): configuration → (demo: the local test Google) → vault → auth core →
 * restored session → bridge handlers and server, plus what both hosts derive from the
 * configuration (the authorization-URL allow-list, the CSP, the link origins). Everything
 * Electron-specific comes in through {@link LatchkeyPorts}, so this runs in plain Node too.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuthState } from '../../common/model.ts';
import type { Handlers } from '../../common/contract.ts';
import { createAuthCore } from '../auth/index.ts';
import type { AuthConfig, AuthCore, MetadataStore } from '../auth/types.ts';
import type { Logger } from '../log/log.ts';
import type { NetworkPort } from '../net/network.ts';
import type { UpdateController } from './updates.ts';
import { createBridgeServer, type BridgeServer } from '../bridge/server.ts';
import { ConfigError, configuredClient, loadConfig } from './config.ts';
import { buildCsp, type CspOptions } from './csp.ts';
import { authorizationOpener } from './external-links.ts';
import type { DemoSettings } from './config.ts';
import { createService } from './service.ts';
import { createLanguageController } from './language.ts';
import { t } from '../../common/i18n/current.ts';
import { terminalLanguages } from '../../common/i18n/locales.ts';
import { explainThrown } from '../google/errors.ts';
import { createProxyCredentialStore, createVault } from '../vault/index.ts';
import { createProxySignIn, type ProxySignIn } from './proxy-sign-in.ts';
import { tightenDataDir } from './data-dir.ts';

/** What the host (Electron shell or browser preview) provides. */
export interface LatchkeyPorts {
  env: NodeJS.ProcessEnv;
  /**
   * Opens a URL in the system browser. It only ever receives URLs of the configured
   * authorization endpoint: the check is made here, once for both hosts.
   */
  openExternal: (url: string) => Promise<void>;
  /** Non-secret metadata (electron-store in the app, conf in the preview; see metadata-store.ts). */
  metadata: MetadataStore;
  logger: Logger;
  /**
   * The client baked into a packaged build by `npm run dist` (out/latchkey.config.json); the
   * environment and LATCHKEY_CONFIG still win.
   */
  configFile?: string;
  /** Keychain service name instead of the configuration's (benchmarks keep off the user's entries). */
  keychainService?: string;
  /**
   * The app's data folder (Electron: userData; the preview: its data folder). Demo mode keeps the
   * demo Google's state there ({@link DEMO_GOOGLE_FILE}), so a restart keeps demo sign-ins.
   * Absent: the demo Google forgets everything when it stops.
   */
  dataDir?: string;
  /**
   * The network port every request to Google goes through (main/net/network.ts): Chromium's
   * `net.fetch` in the app, the proxy-aware Node fetch in the preview; absent: the global fetch
   * (tests).
   */
  network?: NetworkPort;
  /**
   * For a host whose network reports proxies asking for credentials (the Electron app: Chromium's
   * login event, main/electron/network.ts): called once with the proxy sign-in, before any
   * request to Google. Absent (the preview, the tests): no proxy question is ever asked, and the
   * Security page lists no saved proxy sign-in.
   */
  proxySignIn?: (proxySignIn: ProxySignIn) => void;
  /** Latchkey's own updates (main/app/updates.ts); absent in the preview and the tests. */
  updates?: UpdateController;
  /**
   * The operating system's preferred languages (Electron: app.getPreferredSystemLanguages). Absent
   * in the preview, where the window reports the browser's (and the terminal's LANG stands in
   * until it does).
   */
  systemLanguages?: () => readonly string[];
}

/** The demo Google's state file in the data folder (mode 0600; see emulator/persist.ts). */
export const DEMO_GOOGLE_FILE = 'demo-google.json';

/** A running Latchkey: configuration, core, bridge handlers. */
export interface Latchkey {
  config: AuthConfig;
  core: AuthCore;
  /** One function per contract method; each resolves to a Result and never throws. */
  handlers: Handlers;
  /** Calls `listener` with every new AuthState; returns the unsubscribe function. */
  onChange(listener: (state: AuthState) => void): () => void;
  /** The server side of the bridge; each host wraps it in its transport. */
  bridge: BridgeServer;
  /** The local test Google's origin in demo mode (for CSP img-src and link allow-lists), else null. */
  demoIssuer: string | null;
  /** Origins besides Google's whose links may open in the browser (the demo Google's). */
  linkOrigins: readonly string[];
  /** The renderer's CSP: the base policy plus the demo Google's images and the host's extras. */
  csp(extra?: Omit<CspOptions, 'imgOrigins'>): string;
  /** Disposes the service, the core (flows, listeners, timers) and the local test Google. */
  close(): Promise<void>;
}

/** The part of the emulator demo mode uses. */
interface DemoEmulator extends DemoSettings {
  issuer: string;
  /** Whether it came back with its saved state (see the emulator's `restored`). */
  restored?: 'kept' | 'moved' | 'new';
  close(): Promise<void>;
}

/**
 * Where the local Google lives: the top-level emulator/ folder, two levels up both from these
 * sources (main/app/, run as .ts by the preview and the tests) and from the bundled main process
 * (out/main/ in a development build). A packaged build ships only out/, so it has none: demo
 * mode is for trying Latchkey from a checkout.
 */
const EMULATOR_MODULE = new URL('../../emulator/index.ts', import.meta.url);

/** Starts the local test Google for demo mode, or explains why there is none. */
async function startDemoEmulator(
  env: NodeJS.ProcessEnv,
  logger: Logger,
  dataDir: string | undefined,
): Promise<DemoEmulator> {
  if (!existsSync(fileURLToPath(EMULATOR_MODULE)))
    throw new ConfigError('LATCHKEY_GOOGLE_CLIENT_ID', t('config.noClient'));
  let module: {
    startEmulator(options: {
      port?: number;
      log?: (message: string, fields: Record<string, unknown>) => void;
      testRoutes?: boolean;
      statePath?: string;
      googleStrict?: boolean;
    }): Promise<DemoEmulator>;
  };
  try {
    // A computed specifier: bundlers must not pull the emulator into the app.
    module = (await import(/* @vite-ignore */ EMULATOR_MODULE.href)) as typeof module;
  } catch (error) {
    logger.error('demo mode: the local test Google could not be loaded', {
      error: error instanceof Error ? error.message : String(error),
    });
    throw new ConfigError('LATCHKEY_GOOGLE_CLIENT_ID', t('config.noClient'));
  }
  // No /__emulator/* test routes in demo mode (any page in the browser could reach them), unless
  // a test asks for them explicitly (test/helpers/preview.ts sets the variable).
  const emulator = await module.startEmulator({
    port: 0,
    // What the demo Google could not answer goes through the app's redacting logger.
    log: (message, fields) => logger.warn(`demo Google: ${message}`, fields),
    testRoutes: env.LATCHKEY_EMULATOR_TEST_ROUTES === '1',
    // The demo Google checks DPoP as Google does: the exchange's jti from the code, nonces
    // demanded and renewed with every answer. The end-to-end suite runs against it.
    googleStrict: true,
    ...(dataDir ? { statePath: join(dataDir, DEMO_GOOGLE_FILE) } : {}),
  });
  logger.info('demo mode: a local test Google is running (not your Google account)', {
    issuer: emulator.issuer,
    ...(emulator.restored ? { restored: emulator.restored } : {}),
  });
  if (emulator.restored === 'moved') {
    logger.warn(
      "demo mode: the demo Google's saved port was taken, so it started afresh on another one; " +
        'demo sign-ins from last time are gone',
    );
  }
  return emulator;
}

/**
 * Loads the configuration, starts the local test Google when no client is configured, opens the
 * vault, creates and restores the auth core, and builds the bridge handlers.
 * Throws {@link ConfigError} for bad or missing configuration (nothing is left running then).
 */
export async function startLatchkey(ports: LatchkeyPorts): Promise<Latchkey> {
  const { env, logger } = ports;
  // First: every sentence from here on (a configuration error included) is in this language.
  const language = createLanguageController({
    metadata: ports.metadata,
    ...(ports.systemLanguages ? { systemLanguages: ports.systemLanguages } : {}),
    fallbackLanguages: terminalLanguages(env),
  });
  // An existing data folder an older version left readable by others is closed first.
  if (ports.dataDir) tightenDataDir(ports.dataDir, logger);
  // Validates the configured client first: a malformed one is an error, not demo mode.
  const file = ports.configFile ? { configFile: ports.configFile } : {};
  const demo =
    configuredClient(env, file) === null
      ? await startDemoEmulator(env, logger, ports.dataDir)
      : null;
  let core: AuthCore | null = null;
  let proxySignIn: ProxySignIn | null = null;
  try {
    const config = loadConfig(env, demo ? { ...file, demo } : file);
    const keychainService = ports.keychainService ?? config.keychainService ?? config.appId;
    const vault = await createVault({
      service: keychainService,
      logger,
      // scripts/with-keyring.sh started a keyring for this run (npm start with no Secret Service).
      temporaryKeychain: env.LATCHKEY_KEYRING_STARTED === '1',
    });
    if (ports.proxySignIn) {
      proxySignIn = createProxySignIn({
        store: createProxyCredentialStore({ service: `${keychainService}.proxy`, logger }),
        logger,
      });
      ports.proxySignIn(proxySignIn);
    }
    const created = createAuthCore({
      config,
      vault,
      metadata: ports.metadata,
      openExternal: authorizationOpener(config.endpoints.authorization, ports.openExternal, logger),
      logger,
      ...(ports.network ? { fetch: ports.network } : {}),
      ...(demo?.restored ? { demoGoogle: demo.restored } : {}),
    });
    core = created;
    await created.restore();
    const service = createService(created, {
      metadata: ports.metadata,
      logger,
      ...(ports.updates ? { updates: ports.updates } : {}),
      language,
      ...(proxySignIn ? { proxySignIn } : {}),
    });

    const bridge = createBridgeServer({
      handlers: service.handlers,
      state: { current: () => created.state(), onChange: service.onChange },
      // The proxy questions reach the window the way the state does.
      ...(proxySignIn ? { prompts: proxySignIn } : {}),
      logger,
      explain: explainThrown,
    });
    const imgOrigins = demo ? [demo.issuer] : [];

    let closed: Promise<void> | null = null;
    return {
      config,
      core: created,
      handlers: service.handlers,
      onChange: service.onChange,
      bridge,
      demoIssuer: demo?.issuer ?? null,
      linkOrigins: imgOrigins,
      csp: (extra = {}) => buildCsp({ ...extra, imgOrigins }),
      close: () => {
        closed ??= (async () => {
          proxySignIn?.dispose();
          service.dispose();
          await created.dispose();
          await demo?.close();
        })();
        return closed;
      },
    };
  } catch (error) {
    proxySignIn?.dispose();
    await core?.dispose().catch(() => undefined);
    await demo?.close().catch(() => undefined);
    throw error;
  }
}
