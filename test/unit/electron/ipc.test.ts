import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AUTH_CHANGED_CHANNEL,
  methodList,
  PROXY_PROMPT_CHANNEL,
} from '../../../common/contract.ts';
import { type AuthState, type ProxyPrompt } from '../../../common/model.ts';
import { type Result } from '../../../common/result.ts';
import {
  FakeBrowserWindow,
  FakeWebContents,
  recorded,
  resetElectronMock,
} from './electron-mock.ts';
import { captureLog } from '../../helpers/memory.ts';
import { recordingHandlers } from './fake-handlers.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const { registerIpc } = await import('../../../main/electron/ipc.ts');
const { createBridgeServer } = await import('../../../main/bridge/server.ts');
const { isAppUrl } = await import('../../../main/electron/app-protocol.ts');
const { internalMessage } = await import('../../../main/bridge/dispatch.ts');

beforeEach(() => resetElectronMock());

function setup(override: Record<string, (input: unknown) => unknown> = {}) {
  const window = new FakeBrowserWindow({});
  const recording = recordingHandlers(override);
  const { logger, lines } = captureLog();
  const listeners = new Set<(state: AuthState) => void>();
  const promptListeners = new Set<(prompt: ProxyPrompt | null) => void>();
  const server = createBridgeServer({
    handlers: recording.handlers,
    logger,
    state: {
      current: () => {
        throw new Error('the Electron transport never asks for the current state');
      },
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    prompts: {
      current: () => {
        throw new Error('the Electron transport never asks for the current question');
      },
      onChange: (listener) => {
        promptListeners.add(listener);
        return () => promptListeners.delete(listener);
      },
    },
  });
  const bridge = registerIpc({ server, window: () => window as never, isTrustedUrl: isAppUrl });
  const pushAuthState = (state: AuthState): void =>
    listeners.forEach((listener) => listener(state));
  const pushPrompt = (prompt: ProxyPrompt | null): void =>
    promptListeners.forEach((listener) => listener(prompt));
  const invoke = (channel: string, input: unknown, event?: object): Promise<Result<unknown>> => {
    const handler = recorded.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const sender = window.webContents;
    return handler(event ?? { sender, senderFrame: sender.mainFrame }, input) as Promise<
      Result<unknown>
    >;
  };
  return {
    window,
    bridge,
    invoke,
    calls: recording.calls,
    lines,
    pushAuthState,
    listeners,
    pushPrompt,
    promptListeners,
  };
}

describe('registration', () => {
  it('registers exactly one handler per contract method', () => {
    setup();
    const channels = methodList().map((entry) => entry.channel);
    expect([...recorded.handlers.keys()].sort()).toEqual([...channels].sort());
    expect(channels.length).toBeGreaterThan(10);
  });

  it('removes every handler on dispose', () => {
    const { bridge } = setup();
    bridge.dispose();
    expect(recorded.handlers.size).toBe(0);
    expect(recorded.removed).toHaveLength(methodList().length);
  });
});

describe('sender check', () => {
  it('answers our window main frame on app://', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('latchkey:auth.accounts', undefined)).toEqual({
      ok: true,
      value: { method: 'auth.accounts' },
    });
    expect(calls).toEqual([{ method: 'auth.accounts', input: undefined }]);
  });

  it.each([
    [
      'another window',
      () => {
        const other = new FakeWebContents();
        return { sender: other, senderFrame: other.mainFrame };
      },
    ],
    [
      'a subframe of our window',
      (window: FakeBrowserWindow) => ({
        sender: window.webContents,
        senderFrame: { url: 'app://app/index.html', parent: window.webContents.mainFrame },
      }),
    ],
    [
      'a main frame that is not the current one',
      (window: FakeBrowserWindow) => ({
        sender: window.webContents,
        senderFrame: { url: 'app://app/index.html', parent: null },
      }),
    ],
    [
      'our frame showing another origin',
      (window: FakeBrowserWindow) => {
        window.webContents.mainFrame.url = 'https://evil.test/';
        return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      },
    ],
    [
      'our frame on file://',
      (window: FakeBrowserWindow) => {
        window.webContents.mainFrame.url = 'file:///app/index.html';
        return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      },
    ],
    [
      'a destroyed frame',
      (window: FakeBrowserWindow) => ({
        sender: window.webContents,
        senderFrame: null,
      }),
    ],
    [
      'a frame that throws when read',
      (window: FakeBrowserWindow) => ({
        sender: window.webContents,
        get senderFrame(): never {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      }),
    ],
    [
      'a destroyed window',
      (window: FakeBrowserWindow) => {
        window.destroyed = true;
        return { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      },
    ],
  ])('refuses %s with FORBIDDEN, logs why and never calls the handler', async (_name, event) => {
    const { invoke, calls, window, lines } = setup();
    for (const { channel } of methodList()) {
      const result = await invoke(channel, { secret: 'payload-never-logged' }, event(window));
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(calls).toEqual([]);
    expect(lines).toHaveLength(methodList().length);
    for (const line of lines) {
      expect(line).toMatch(/^bridge caller refused \{"transport":"ipc","reason":"[a-z ]+"\}$/);
    }
  });
});

describe('argument validation', () => {
  it.each([
    ['latchkey:auth.signOut', undefined],
    ['latchkey:auth.signOut', { accountId: '' }],
    ['latchkey:auth.signOut', { accountId: 'a', extra: true }],
    ['latchkey:auth.setActive', 'a'],
    ['latchkey:auth.cancel', { now: true }],
    ['latchkey:auth.accounts', null],
    ['latchkey:auth.signIn', { loginHint: 'x'.repeat(321) }],
    ['latchkey:calendar.upcoming', { days: 0 }],
    ['latchkey:calendar.upcoming', { days: 1.5 }],
    ['latchkey:drive.recent', { query: 'x'.repeat(201) }],
    ['latchkey:features.connect', { feature: 'gmail' }],
    ['latchkey:profile.get', { refresh: 'yes' }],
    ['latchkey:settings.security', { __proto__: { polluted: true }, a: 1 }],
  ])('%s(%j) → INVALID_ARGUMENT, handler not called', async (channel, input) => {
    const { invoke, calls } = setup();
    const result = await invoke(channel, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(calls).toEqual([]);
  });

  it('passes the parsed input through', async () => {
    const { invoke, calls } = setup();
    await invoke('latchkey:calendar.upcoming', { days: 7 });
    await invoke('latchkey:features.connect', { feature: 'drive', accountId: 'sub-1' });
    expect(calls).toEqual([
      { method: 'calendar.upcoming', input: { days: 7 } },
      { method: 'features.connect', input: { feature: 'drive', accountId: 'sub-1' } },
    ]);
  });
});

describe('never throws', () => {
  it('turns a throwing handler into INTERNAL with a safe message, reported without secrets', async () => {
    const { invoke, lines } = setup({
      'auth.accounts': () => {
        throw new Error('token endpoint said no for ya29.a0AfH6SMBsecretsecret');
      },
    });
    const result = await invoke('latchkey:auth.accounts', undefined);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: internalMessage() } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bridge call failed .*"method":"auth.accounts"/);
    expect(lines[0]).not.toContain('ya29.a0AfH6SMBsecretsecret');
  });

  it('turns a non-Result answer into INTERNAL', async () => {
    const { invoke } = setup({ 'auth.accounts': () => ({ accessToken: 'leak' }) });
    const result = await invoke('latchkey:auth.accounts', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('leak');
  });
});

describe('the change event', () => {
  const state: AuthState = {
    accounts: [],
    activeId: null,
    flow: null,
    demo: true,
    storage: { kind: 'memory', reason: 'test' },
    notices: [],
  };

  it('goes to our window only', () => {
    const { pushAuthState, window } = setup();
    const other = new FakeWebContents();
    pushAuthState(state);
    expect(window.webContents.sent).toEqual([{ channel: AUTH_CHANGED_CHANNEL, payload: state }]);
    expect(other.sent).toEqual([]);
  });

  it('is dropped once the window is gone', () => {
    const { pushAuthState, window } = setup();
    window.destroyed = true;
    pushAuthState(state);
    expect(window.webContents.sent).toEqual([]);
  });

  it('stops when the bridge is disposed', () => {
    const { bridge, listeners, promptListeners } = setup();
    expect(listeners.size).toBe(1);
    expect(promptListeners.size).toBe(1);
    bridge.dispose();
    expect(listeners.size).toBe(0);
    expect(promptListeners.size).toBe(0);
  });

  it('sends the proxy question, and its end, to our window on their own channel', () => {
    const { pushPrompt, window } = setup();
    const prompt: ProxyPrompt = {
      id: 'b'.repeat(32),
      proxy: 'proxy.corp.example:3128',
      host: 'oauth2.googleapis.com',
      realm: '',
      scheme: 'basic',
      refused: false,
      username: '',
      canRemember: true,
    };
    pushPrompt(prompt);
    pushPrompt(null);
    expect(window.webContents.sent).toEqual([
      { channel: PROXY_PROMPT_CHANNEL, payload: prompt },
      { channel: PROXY_PROMPT_CHANNEL, payload: null },
    ]);
  });
});
