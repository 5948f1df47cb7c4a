/**
 * Electron-only checks, run by the Electron project alone (playwright.config.ts): what the
 * preview cannot show because it is not Electron — the bridge as the sandboxed preload exposes
 * it, the window's webPreferences as built, the navigation and window-open guards, the CSP
 * header of app:// and the single-instance hand-off. Where Electron's runtime is missing these
 * are skipped with the reason global-setup.ts printed, never passed.
 */
import { readFileSync } from 'node:fs';
import { methodList } from '../../common/contract.ts';
import { electronHost, expect, test } from './fixtures.ts';

/**
 * The contract's shape: namespace → sorted method names (plus the auth.onChange and
 * proxy.onPrompt subscriptions).
 */
function contractShape(): Record<string, string[]> {
  const expected: Record<string, string[]> = {};
  for (const { namespace, method } of methodList()) (expected[namespace] ??= []).push(method);
  (expected.auth ??= []).push('onChange');
  (expected.proxy ??= []).push('onPrompt');
  for (const key of Object.keys(expected)) expected[key]!.sort();
  return expected;
}

test('window.api is exactly the contract, and no Node global is reachable', async ({ host }) => {
  const { page } = electronHost(host);
  expect(page.url()).toBe('app://app/index.html');
  const shape = await page.evaluate(() =>
    Object.fromEntries(
      Object.entries((window as unknown as { api: object }).api).map(([namespace, methods]) => [
        namespace,
        Object.keys(methods as object).sort(),
      ]),
    ),
  );
  expect(shape).toEqual(contractShape());
  const globals = await page.evaluate(() => {
    const scope = globalThis as Record<string, unknown>;
    return ['require', 'process', 'module', 'Buffer', 'global', 'ipcRenderer'].map(
      (name) => `${name}: ${typeof scope[name]}`,
    );
  });
  expect(globals).toEqual([
    'require: undefined',
    'process: undefined',
    'module: undefined',
    'Buffer: undefined',
    'global: undefined',
    'ipcRenderer: undefined',
  ]);
  // The bridge answers through the real core.
  const accounts = await page.evaluate(() =>
    (window as unknown as { api: { auth: { accounts(): Promise<unknown> } } }).api.auth.accounts(),
  );
  expect(accounts).toMatchObject({ ok: true });
});

test('the window runs with the webPreferences it was built with', async ({ host }) => {
  const { electron } = electronHost(host);
  const preferences = await electron.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    // getLastWebPreferences() is what Electron's own tests read: the preferences in effect.
    const contents = windows[0]?.webContents as unknown as {
      getLastWebPreferences(): Record<string, unknown>;
    };
    const all = contents.getLastWebPreferences();
    const pick = [
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'webviewTag',
    ];
    return { count: windows.length, ...Object.fromEntries(pick.map((key) => [key, all[key]])) };
  });
  expect(preferences).toEqual({
    count: 1,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  });
});

test('the renderer process really is sandboxed by the OS', async ({ host }) => {
  const { electron } = electronHost(host);
  const facts = await electron.evaluate(({ app, BrowserWindow }) => {
    const pid = BrowserWindow.getAllWindows()[0]!.webContents.getOSProcessId();
    const metric = app.getAppMetrics().find((entry) => entry.pid === pid);
    return {
      noSandboxSwitch: app.commandLine.hasSwitch('no-sandbox'),
      pid,
      type: metric?.type ?? null,
      sandboxed: metric?.sandboxed ?? null,
    };
  });
  // The launch did not turn the sandbox off (Playwright does on Linux unless told not to).
  expect(facts.noSandboxSwitch).toBe(false);
  expect(facts.type).toBe('Tab');
  if (process.platform === 'linux') {
    // Electron reports `sandboxed` on macOS and Windows only. On Linux the sandboxed renderer
    // runs under Chromium's seccomp-bpf filter (mode 2) and cannot gain privileges; with
    // --no-sandbox it has neither.
    const status = readFileSync(`/proc/${facts.pid}/status`, 'utf8');
    expect(status).toMatch(/^Seccomp:\s+2$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
  } else {
    expect(facts.sandboxed).toBe(true);
  }
});

test('navigation and window.open to another origin are refused', async ({ host }) => {
  const app = electronHost(host);
  const { page, electron } = app;
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();

  // A top-level navigation away from app:// does not happen.
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await page.waitForTimeout(1_000);
  expect(page.url()).toBe('app://app/index.html');
  await expect(page.getByRole('button', { name: 'Sign in with Google' })).toBeVisible();

  // window.open never makes a window; an unlisted origin is not handed to the browser either,
  // an allow-listed Google page is (through the one openExternal wrapper).
  const opened = await page.evaluate(() => [
    window.open('https://example.com/', '_blank') === null,
    window.open('https://www.google.com/calendar/', '_blank') === null,
  ]);
  expect(opened).toEqual([true, true]);
  await expect
    .poll(() => app.opened().map((entry) => `${entry.kind} ${entry.url}`))
    .toEqual(['link https://www.google.com/calendar/']);
  expect(await electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(
    1,
  );
});

test('app:// responses carry the Content-Security-Policy header', async ({ host }) => {
  const { page } = electronHost(host);
  const headers = await page.evaluate(async () => {
    const scripts = [...document.querySelectorAll('script[src]')].map(
      (script) => (script as HTMLScriptElement).src,
    );
    const urls = [location.href, ...scripts.slice(0, 1)];
    return Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url);
        return { url, csp: response.headers.get('content-security-policy') ?? '' };
      }),
    );
  });
  expect(headers.length).toBeGreaterThan(0);
  for (const { url, csp } of headers) {
    expect(csp, url).toContain("default-src 'self'");
    expect(csp, url).toContain("script-src 'self'");
    expect(csp, url).not.toContain('unsafe-eval');
  }
});

test('a second instance hands its deep link to the first and exits', async ({ host }) => {
  const app = electronHost(host);
  await app.electron.evaluate(({ app: electronApp }) => {
    const seen: string[][] = [];
    (globalThis as { __secondInstanceArgv?: string[][] }).__secondInstanceArgv = seen;
    electronApp.on('second-instance', (_event, argv) => seen.push(argv));
  });
  const link =
    'com.googleusercontent.apps.100000000002-latchkeydemoios:/oauth2redirect?code=x&state=y';
  const code = await app.secondInstance(['--', link]);
  expect(code).toBe(0);
  await expect
    .poll(() =>
      app.electron.evaluate(
        () => (globalThis as { __secondInstanceArgv?: string[][] }).__secondInstanceArgv ?? [],
      ),
    )
    .toEqual([expect.arrayContaining([link])]);
  // The first instance is still there, with its one window.
  expect(
    await app.electron.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length),
  ).toBe(1);
});
