/**
 * The two hosts the one end-to-end suite runs against, behind one interface the scenarios use:
 *
 * - `preview`: the browser preview (`node preview/cli.ts`, the same core in plain Node) with the
 *   app in a Chromium page. The default where Electron's runtime is missing.
 * - `electron`: the built app (`electron .`, out/) through Playwright's `_electron`. Its "system
 *   browser" is what the app's openExternal opened, recorded by the unpackaged-only hook in
 *   main/electron/e2e-hooks.ts and opened here in a Chromium page; its deep links arrive as the
 *   OS delivers them (a second instance's argv on Windows/Linux, `open-url` on macOS).
 *
 * Both run in demo mode (no Google client: the local Google emulator), each test with its own
 * data folder and emulator. Run under scripts/with-keyring.sh so the core finds a keychain.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  _electron,
  type Browser,
  type BrowserContext,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import {
  newRunDir,
  recordBridgeFrames,
  recordPageLoads,
  saveEmulatorSecrets,
  saveRunOutput,
} from './e2e-artifacts.ts';
import { startPreviewProcess, type PreviewProcess } from './preview.ts';
import { appUnderTestEnv } from './app-env.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** Which host a Playwright project drives. */
export type HostName = 'preview' | 'electron';

/** The window size every scenario sees (screenshots and layouts are compared at this size). */
export const VIEWPORT = { width: 1000, height: 700 } as const;

/** What the scenarios see of a running app, whichever host runs it. */
export interface AppHost {
  readonly name: HostName;
  /** The app's window (a new one after {@link AppHost.restart}). */
  readonly page: Page;
  /** The local Google emulator's issuer (its /__emulator/* test routes live there). */
  readonly issuer: string;
  /** This run's artifacts folder (test/helpers/e2e-artifacts.ts) for the leak scan. */
  readonly runDir: string;
  /** The Electron application (null for the preview): for Electron-only checks. */
  readonly electron: ElectronApplication | null;
  /** The next sign-in URL the app handed to the system browser. */
  nextSignInUrl(timeoutMs?: number): Promise<string>;
  /** A page in its own browser context: the user's system browser. */
  systemBrowser(): Promise<Page>;
  /** The text on the clipboard (what "Copy link" copied). */
  readClipboard(): Promise<string>;
  /** Hands the app a deep link the way the OS does. The preview has none: it throws. */
  deliverDeepLink(url: string): Promise<void>;
  /** Quits and starts the app again on the same data; resolves with the new window. */
  restart(): Promise<Page>;
  /** Everything the app printed so far, for failure messages. */
  output(): string;
  /** Stops the app and keeps its artifacts; removes its temporary data. */
  stop(): Promise<void>;
}

/**
 * Starts the browser preview and opens the app in a fresh Chromium context. `env`: variables
 * for the preview process (undefined removes one, e.g. DBUS_SESSION_BUS_ADDRESS for memory-only).
 * `locale`: the browser's language (navigator.languages and Accept-Language), for the app's
 * window and the system browser alike.
 */
export async function startPreviewHost(
  browser: Browser,
  options: {
    env?: NodeJS.ProcessEnv;
    viewport?: { width: number; height: number };
    locale?: string;
  } = {},
): Promise<AppHost> {
  // The host owns the data folder (a preview process that owned it would delete it when it
  // stops, and a restart would start on nothing).
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-e2e-'));
  const processOptions = { ...(options.env ? { env: options.env } : {}), dataDir };
  let preview: PreviewProcess = await startPreviewProcess(processOptions);
  const contexts: BrowserContext[] = [];
  const openPage = async (): Promise<Page> => {
    const context = await browser.newContext({
      viewport: options.viewport ?? VIEWPORT,
      ...(options.locale ? { locale: options.locale } : {}),
    });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: preview.origin,
    });
    const page = await context.newPage();
    recordBridgeFrames(page, preview.runDir);
    await page.goto(preview.url);
    return page;
  };
  let page = await openPage();
  const stopped: PreviewProcess[] = [];
  return {
    name: 'preview',
    get page() {
      return page;
    },
    get issuer() {
      return preview.issuer;
    },
    get runDir() {
      return preview.runDir;
    },
    electron: null,
    nextSignInUrl: (timeoutMs) => preview.nextSignInUrl(timeoutMs),
    systemBrowser: () => systemBrowserPage(browser, () => preview.runDir, contexts, options.locale),
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    deliverDeepLink: () =>
      Promise.reject(new Error('the browser preview receives no deep links from the OS')),
    async restart() {
      await page.context().close();
      await preview.stop();
      stopped.push(preview);
      preview = await startPreviewProcess(processOptions);
      page = await openPage();
      return page;
    },
    output: () => [...stopped, preview].map((run) => run.output()).join('\n'),
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await preview.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page in a new browser context (the system browser), closed with the host. */
async function systemBrowserPage(
  browser: Browser,
  runDir: () => string,
  contexts: BrowserContext[],
  locale?: string,
): Promise<Page> {
  const context = await browser.newContext(locale ? { locale } : {});
  contexts.push(context);
  const page = await context.newPage();
  recordPageLoads(page, runDir, 'system-browser');
  return page;
}

/** One line of the openExternal log written by main/electron/e2e-hooks.ts. */
interface Opened {
  kind: 'link' | 'authorization';
  url: string;
}

/** What the Electron host needs to launch the app. */
export interface ElectronHostOptions {
  /** The Electron binary (`require('electron')`). */
  executablePath: string;
  /** Playwright's Chromium: the system browser. */
  browser: Browser;
  /** Extra environment, as for the preview (undefined removes a variable). */
  env?: NodeJS.ProcessEnv;
}

/**
 * What `_electron.launch` gets. `chromiumSandbox: true`, or Playwright's Electron driver adds
 * `--no-sandbox` on Linux (playwright-core's Electron.launch) and the app would be tested
 * without the sandbox its users get (CI allows unprivileged user namespaces for it instead).
 */
export function electronLaunchOptions(
  executablePath: string,
  env: Record<string, string>,
): Parameters<typeof _electron.launch>[0] & { chromiumSandbox: true } {
  return { executablePath, args: ['.'], cwd: ROOT, env, timeout: 60_000, chromiumSandbox: true };
}

/** What main/electron/e2e-hooks.ts writes once the app has started. */
interface Started {
  demoIssuer: string | null;
}

/**
 * Waits for the started file the app writes (main/electron/e2e-hooks.ts). A file rather than a
 * log line: a line printed while Playwright is still attaching is gone before anyone reads it.
 */
async function waitForStarted(
  file: string,
  app: ElectronApplication,
  log: () => string,
): Promise<Started> {
  const end = Date.now() + 60_000;
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Started;
    if (app.process().exitCode !== null)
      throw new Error(`the app exited while starting:\n${log()}`);
    if (Date.now() > end) throw new Error(`the app did not say it had started:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Electron host's extras, for the Electron-only checks. */
export interface ElectronAppHost extends AppHost {
  readonly electron: ElectronApplication;
  /** Every URL the app handed to the system browser, in order. */
  opened(): Opened[];
  /**
   * Starts a second `electron .` with `args` after the app path (as the OS does for a deep link)
   * and resolves with its exit code once it exits.
   */
  secondInstance(args: readonly string[], timeoutMs?: number): Promise<number | null>;
}

/** Starts the built app through `_electron.launch` in demo mode, with its own userData. */
export async function startElectronHost(options: ElectronHostOptions): Promise<ElectronAppHost> {
  const work = await mkdtemp(join(tmpdir(), 'latchkey-e2e-electron-'));
  const userData = join(work, 'user-data');
  const openLog = join(work, 'opened.jsonl');
  const startedFile = join(work, 'started.json');
  const env = appUnderTestEnv(
    {
      LATCHKEY_E2E_USER_DATA: userData,
      LATCHKEY_E2E_OPEN_EXTERNAL_LOG: openLog,
      LATCHKEY_E2E_STARTED_FILE: startedFile,
    },
    options.env,
  );

  const runDir = newRunDir();
  const contexts: BrowserContext[] = [];
  let log = '';
  let issuer = '';
  let app: ElectronApplication;
  let page: Page;
  let taken = 0;

  const opened = (): Opened[] =>
    existsSync(openLog)
      ? readFileSync(openLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Opened)
      : [];
  const signInUrls = (): string[] =>
    opened()
      .filter((entry) => entry.kind === 'authorization')
      .map((entry) => entry.url);

  const launch = async (): Promise<void> => {
    rmSync(startedFile, { force: true });
    app = await _electron.launch(electronLaunchOptions(options.executablePath, env));
    // Everything printed from here on, for failure messages and the leak scan.
    const child = app.process();
    const onLine = (line: string): void => {
      log += `${line}\n`;
    };
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);
    page = await app.firstWindow({ timeout: 60_000 });
    const started = await waitForStarted(startedFile, app, () => log);
    if (!started.demoIssuer) throw new Error(`the app did not start in demo mode:\n${log}`);
    issuer = started.demoIssuer;
    await app.evaluate(({ BrowserWindow }, size) => {
      BrowserWindow.getAllWindows()[0]?.setContentSize(size.width, size.height);
    }, VIEWPORT);
    await page.waitForFunction(() => typeof (window as { api?: unknown }).api === 'object');
    taken = signInUrls().length;
  };
  await launch();

  const stopApp = async (): Promise<void> => {
    if (issuer) await saveEmulatorSecrets(runDir, issuer).catch(() => undefined);
    await app.close().catch(() => undefined);
  };

  const secondInstance = (args: readonly string[], timeoutMs = 30_000) =>
    new Promise<number | null>((resolvePromise, reject) => {
      const child = spawn(options.executablePath, ['.', ...args], { cwd: ROOT, env });
      child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill();
        reject(new Error(`the second instance did not exit within ${timeoutMs} ms`));
      }, timeoutMs);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolvePromise(code);
      });
    });

  return {
    name: 'electron',
    get page() {
      return page;
    },
    get issuer() {
      return issuer;
    },
    get electron() {
      return app;
    },
    runDir,
    opened,
    secondInstance,
    async nextSignInUrl(timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const urls = signInUrls();
        if (urls.length > taken) return urls[taken++] as string;
        if (Date.now() > end)
          throw new Error(`the app opened no sign-in URL within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    systemBrowser: () => systemBrowserPage(options.browser, () => runDir, contexts),
    readClipboard: () => app.evaluate(({ clipboard }) => clipboard.readText()),
    async deliverDeepLink(url) {
      if (process.platform === 'darwin') {
        // macOS hands a running app the URL as an open-url event.
        await app.evaluate(({ app: electronApp }, link) => {
          electronApp.emit('open-url', { preventDefault() {} }, link);
        }, url);
        return;
      }
      // Windows and Linux start a second copy with the URL (after the `--` sentinel the
      // protocol registration uses); it hands its argv to this one and exits.
      const code = await secondInstance(['--', url]);
      if (code !== 0) throw new Error(`the second instance exited with ${code}`);
    },
    async restart() {
      await stopApp();
      await launch();
      return page;
    },
    output: () => log,
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await stopApp();
      saveRunOutput(runDir, log, userData);
      await rm(work, { recursive: true, force: true });
    },
  };
}
