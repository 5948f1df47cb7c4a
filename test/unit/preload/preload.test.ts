import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AUTH_CHANGED_CHANNEL,
  methodList,
  PROXY_PROMPT_CHANNEL,
  type Api,
} from '../../../common/contract.ts';
import { type AuthState, type ProxyPrompt } from '../../../common/model.ts';
import { recorded, resetElectronMock } from '../electron/electron-mock.ts';

vi.mock('electron', async () => (await import('../electron/electron-mock.ts')).electronMock());

// The preload acts on import: it runs once, against the fake Electron.
resetElectronMock();
// A computed specifier: preload/index.ts belongs to the preload project (DOM, no Node types),
// which test/tsconfig.json does not include; vitest resolves it at run time all the same.
const PRELOAD_ENTRY = '../../../preload/index.ts';
await import(/* @vite-ignore */ PRELOAD_ENTRY);
const exposedKeys = [...recorded.exposed.keys()];
const api = recorded.exposed.get('api') as Api;

/** Clears what the previous test recorded, keeping what the preload exposed. */
function clearCalls(): void {
  recorded.invocations.length = 0;
  recorded.invokeAnswer = () => Promise.resolve({ ok: true, value: null });
}

/** The page-visible shape: namespace → sorted function names. */
function shapeOf(api: object): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(api).map(([namespace, methods]) => [
      namespace,
      Object.keys(methods as object).sort(),
    ]),
  );
}

function expectedShape(): Record<string, string[]> {
  const shape: Record<string, string[]> = {};
  for (const { namespace, method } of methodList()) (shape[namespace] ??= []).push(method);
  shape.auth!.push('onChange');
  shape.proxy!.push('onPrompt');
  for (const key of Object.keys(shape)) shape[key]!.sort();
  return shape;
}

const state: AuthState = {
  accounts: [],
  activeId: null,
  flow: null,
  demo: true,
  storage: { kind: 'memory', reason: 'test' },
  notices: [],
};

beforeEach(() => clearCalls());

describe('the preload', () => {
  it('exposes exactly the contract: one function per method plus auth.onChange and proxy.onPrompt', () => {
    expect(exposedKeys).toEqual(['api']);
    expect(shapeOf(api)).toEqual(expectedShape());
    for (const methods of Object.values(api)) {
      for (const fn of Object.values(methods as object)) expect(typeof fn).toBe('function');
    }
    expect(Object.isFrozen(api)).toBe(true);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send|channel/i);
  });

  it('invokes each method on its own channel with the one argument', async () => {
    await api.calendar.upcoming({ days: 3 });
    await api.auth.cancel();
    expect(recorded.invocations).toEqual([
      { channel: 'latchkey:calendar.upcoming', input: { days: 3 } },
      { channel: 'latchkey:auth.cancel', input: undefined },
    ]);
  });

  it('never rejects: a failed invoke becomes a Result', async () => {
    recorded.invokeAnswer = () => Promise.reject(new Error("No handler registered for 'x'"));
    expect(await api.auth.accounts()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    recorded.invokeAnswer = () => Promise.reject(new Error('An object could not be cloned.'));
    expect(await api.auth.accounts()).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    recorded.invokeAnswer = () => Promise.resolve('not a result');
    expect(await api.auth.accounts()).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('gives onChange listeners the payload only, and unsubscribes', async () => {
    const seen: unknown[][] = [];
    const unsubscribe = api.auth.onChange((...args: unknown[]) => seen.push(args));
    const listeners = recorded.rendererListeners.get(AUTH_CHANGED_CHANNEL);
    expect(listeners?.size).toBe(1);
    const event = { sender: { send: () => undefined }, ports: [] };
    for (const listener of listeners!) listener(event, state);
    expect(seen).toEqual([[state]]);
    unsubscribe();
    unsubscribe();
    expect(recorded.rendererListeners.get(AUTH_CHANGED_CHANNEL)?.size).toBe(0);
  });

  it('gives onPrompt listeners the proxy question only, on its own channel', () => {
    const prompt: ProxyPrompt = {
      id: 'a'.repeat(32),
      proxy: 'proxy.corp.example:3128',
      host: 'oauth2.googleapis.com',
      realm: 'Corp',
      scheme: 'basic',
      refused: false,
      username: '',
      canRemember: true,
    };
    const seen: unknown[][] = [];
    const unsubscribe = api.proxy.onPrompt((...args: unknown[]) => seen.push(args));
    expect(recorded.rendererListeners.get(AUTH_CHANGED_CHANNEL)?.size ?? 0).toBe(0);
    const listeners = recorded.rendererListeners.get(PROXY_PROMPT_CHANNEL);
    expect(listeners?.size).toBe(1);
    const event = { sender: { send: () => undefined }, ports: [] };
    for (const listener of listeners!) {
      listener(event, prompt);
      listener(event, null);
    }
    expect(seen).toEqual([[prompt], [null]]);
    unsubscribe();
    expect(recorded.rendererListeners.get(PROXY_PROMPT_CHANNEL)?.size).toBe(0);
  });

  it('ignores a listener that is not a function', async () => {
    const unsubscribe = api.auth.onChange('nope' as never);
    expect(typeof unsubscribe).toBe('function');
    expect(recorded.rendererListeners.get(AUTH_CHANGED_CHANNEL)?.size ?? 0).toBe(0);
  });
});
