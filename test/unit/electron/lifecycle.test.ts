/**
 * main/electron/index.ts end to end with a fake Electron and the real everything else: the composition
 * (startLatchkey) in demo mode with the local Google emulator on loopback, the real IPC bridge,
 * window factory and app:// handler. Checks the order (privileges, sandbox and lock before
 * ready), the wiring (every channel answers through the core) and a clean shutdown.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodList, PROXY_PROMPT_CHANNEL } from '../../../common/contract.ts';
import type { ProxyPrompt } from '../../../common/model.ts';
import { type Result } from '../../../common/result.ts';
import { NETWORK_PARTITION } from '../../../main/electron/network.ts';
import {
  fakeApp,
  fakeEvent,
  FakeBrowserWindow,
  recorded,
  resetElectronMock,
} from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

let userData: string;
const savedEnv = { ...process.env };
/** What the main process logged (its logger writes JSON lines to stderr). */
const logged: string[] = [];
const writeStderr = process.stderr.write.bind(process.stderr);

/** The start and the quit run in the background of index.ts, with no promise to await. */
function until<T>(probe: () => T | undefined | null | false, ms = 20_000): Promise<T> {
  return vi.waitFor(
    () => {
      const value = probe();
      if (!value) throw new Error('timed out');
      return value;
    },
    { timeout: ms, interval: 20 },
  );
}

beforeAll(async () => {
  resetElectronMock();
  userData = await mkdtemp(join(tmpdir(), 'latchkey-lifecycle-'));
  recorded.userData = userData;
  // Demo mode: no Google client configured; no keychain either (memory-only session).
  for (const name of Object.keys(process.env))
    if (name.startsWith('LATCHKEY_')) delete process.env[name];
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
  // The e2e hook (unpackaged only) that points Google's requests at a local proxy.
  process.env.LATCHKEY_E2E_PROXY = 'http://127.0.0.1:3128';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return writeStderr(chunk, ...(rest as []));
  }) as typeof process.stderr.write;
  await import('../../../main/electron/index.ts');
  await until(() => FakeBrowserWindow.created.length > 0);
}, 30_000);

afterAll(async () => {
  process.stderr.write = writeStderr;
  // Quit cleanly (closes the core and the emulator), then restore the environment.
  const event = fakeEvent();
  fakeApp.emit('will-quit', event);
  await until(() => recorded.quits > 0);
  process.env = savedEnv;
  await rm(userData, { recursive: true, force: true });
});

describe('the Electron lifecycle', () => {
  it('sets scheme privileges, the sandbox and the instance lock before ready', () => {
    const ready = recorded.order.indexOf('whenReady');
    expect(ready).toBeGreaterThan(-1);
    for (const step of [
      'registerSchemesAsPrivileged',
      'enableSandbox',
      'requestSingleInstanceLock',
    ]) {
      const at = recorded.order.indexOf(step);
      expect(at, step).toBeGreaterThan(-1);
      expect(at, step).toBeLessThan(ready);
    }
    expect(fakeApp.listenerCount('will-finish-launching')).toBe(1);
    expect(fakeApp.listenerCount('second-instance')).toBe(1);
    expect(fakeApp.listenerCount('web-contents-created')).toBe(1);
  });

  it('serves app:// before the window loads it', () => {
    const handled = recorded.order.indexOf('protocol.handle');
    expect(handled).toBeGreaterThan(recorded.order.indexOf('whenReady'));
    expect(handled).toBeLessThan(recorded.order.indexOf('new BrowserWindow'));
    const [window] = FakeBrowserWindow.created;
    expect(window!.loadedUrl).toBe('app://app/index.html');
    expect(String((window!.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.cjs$/,
    );
  });

  it('answers every contract channel through the real core, for our window only', async () => {
    const [window] = FakeBrowserWindow.created;
    const contents = window!.webContents;
    const ours = { sender: contents, senderFrame: contents.mainFrame };
    expect([...recorded.handlers.keys()].sort()).toEqual(
      methodList()
        .map((m) => m.channel)
        .sort(),
    );
    const accounts = (await recorded.handlers.get('latchkey:auth.accounts')!(
      ours,
      undefined,
    )) as Result<{
      demo: boolean;
      accounts: unknown[];
    }>;
    expect(accounts).toMatchObject({ ok: true, value: { demo: true, accounts: [] } });
    const security = (await recorded.handlers.get('latchkey:settings.security')!(
      ours,
      undefined,
    )) as Result<{
      issuer: string;
    }>;
    expect(security.ok && security.value.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const stranger = { sender: contents, senderFrame: { url: 'https://evil.test/', parent: null } };
    expect(
      await recorded.handlers.get('latchkey:auth.accounts')!(stranger, undefined),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('sends the emulator origin in img-src (demo avatars) and nothing looser', async () => {
    const handler = recorded.protocolHandlers.get('app') as (request: Request) => Promise<Response>;
    const response = await handler({ url: 'app://app/missing.png', method: 'GET' } as Request);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(
      /img-src 'self' data: https:\/\/lh3\.googleusercontent\.com .*http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('restores and focuses the window when a second instance starts', () => {
    const [window] = FakeBrowserWindow.created;
    window!.minimized = true;
    const before = window!.focused;
    fakeApp.emit('second-instance', fakeEvent(), ['/usr/bin/latchkey'], '/');
    expect(window!.minimized).toBe(false);
    expect(window!.focused).toBe(before + 1);
  });

  it('registers no scheme for a loopback client and says nothing about one', () => {
    expect(recorded.defaultProtocolClients).toEqual([]);
    expect(logged.join('')).not.toMatch(/redirect scheme/);
  });

  it('sends every request to Google through Chromium’s stack, and proxy questions to the window', async () => {
    const [window] = FakeBrowserWindow.created;
    const contents = window!.webContents;
    const ours = { sender: contents, senderFrame: contents.mainFrame };
    const session = recorded.partitions.get(NETWORK_PARTITION)!;
    expect(session.certificateVerifyProc).toBeTypeOf('function');
    expect(session.proxyConfig).toEqual({
      proxyRules: 'http://127.0.0.1:3128',
      proxyBypassRules: '<-loopback>',
    });
    session.resolvedProxy = 'PROXY proxy.corp.example:3128';

    // The demo Google's token endpoint sits behind a proxy that asks for a sign-in.
    recorded.netAnswer = (request) => {
      void request
        .login({
          isProxy: true,
          scheme: 'basic',
          host: 'proxy.corp.example',
          port: 3128,
          realm: 'Corp',
        })
        .then((credentials) => {
          if (credentials.length === 0) request.fail('net::ERR_TUNNEL_CONNECTION_FAILED');
        });
    };
    const signIn = recorded.handlers.get('latchkey:auth.signIn')!(ours, undefined) as Promise<
      Result<unknown>
    >;
    // The system browser comes back to the loopback address with a code (made up: the proxy
    // stops the exchange before Google would read it).
    await until(() => recorded.opened.length > 0);
    const authorization = new URL(recorded.opened.at(-1)!);
    const back = new URL(authorization.searchParams.get('redirect_uri')!);
    back.searchParams.set('code', 'made-up-code');
    back.searchParams.set('state', authorization.searchParams.get('state')!);
    void fetch(back).catch(() => undefined);

    const asked = await until(
      () =>
        contents.sent.find((message) => message.channel === PROXY_PROMPT_CHANNEL && message.payload)
          ?.payload as ProxyPrompt | undefined,
    );
    expect(asked).toMatchObject({ proxy: 'proxy.corp.example:3128', realm: 'Corp' });
    // The code exchange (and the JWKS the id_token check needs), each through the session.
    await until(() =>
      recorded.netRequests.some((request) =>
        /^http:\/\/127\.0\.0\.1:\d+\/token$/.test(String(request.options.url)),
      ),
    );
    for (const request of recorded.netRequests) {
      expect(request.options).toMatchObject({ session, credentials: 'omit', redirect: 'manual' });
    }
    // However many requests the proxy stopped, one question.
    expect(
      contents.sent.filter(
        (message) => message.channel === PROXY_PROMPT_CHANNEL && message.payload,
      ),
    ).toHaveLength(1);
    expect(await recorded.handlers.get('latchkey:proxy.prompt')!(ours, undefined)).toEqual({
      ok: true,
      value: asked,
    });

    // Cancel in the window: the sign-in ends with the proxy's sentence.
    expect(
      await recorded.handlers.get('latchkey:proxy.answer')!(ours, { id: asked.id, cancel: true }),
    ).toEqual({ ok: true, value: true });
    const result = await signIn;
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(!result.ok && result.error.message).toContain('proxy.corp.example:3128');
    // The window was told the question is gone.
    expect(
      contents.sent.filter((message) => message.channel === PROXY_PROMPT_CHANNEL).at(-1),
    ).toEqual({ channel: PROXY_PROMPT_CHANNEL, payload: null });
    recorded.opened.length = 0;
  });

  it('shows a plain error and quits when the renderer fails to load (last: it exits)', async () => {
    const [window] = FakeBrowserWindow.created;
    expect(recorded.errorBoxes).toEqual([]);
    window!.webContents.emit(
      'did-fail-load',
      fakeEvent(),
      -6,
      'ERR_FILE_NOT_FOUND',
      'app://app/index.html',
      true,
    );
    // The dialog waits for `ready` (already past here): shown on the next turn.
    await until(() => recorded.errorBoxes.length > 0);
    expect(recorded.errorBoxes).toEqual([
      {
        title: 'Latchkey cannot start',
        content: expect.stringMatching(/could not load its window/) as unknown as string,
      },
    ]);
    expect(recorded.exits).toEqual([1]);
    expect(logged.join('')).toMatch(/the window could not load the renderer/);
  });
});
