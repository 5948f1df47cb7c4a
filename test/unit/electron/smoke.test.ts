/**
 * main/electron/smoke.ts: `--smoke` ends the run with 0 once the window shows the app, with 1 and
 * a reason otherwise; and main/electron/index.ts started with it runs on a temporary userData
 * folder and exits by itself, without a dialog, once the (fake) window has loaded.
 */
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  FakeBrowserWindow,
  FakeWebContents,
  fakeApp,
  fakeEvent,
  recorded,
  resetElectronMock,
} from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const { LOADED_CHECK, watchSmoke } = await import('../../../main/electron/smoke.ts');

function watch(answer: () => Promise<unknown>) {
  resetElectronMock();
  recorded.javascript = answer;
  const contents = new FakeWebContents();
  const exit = vi.fn();
  watchSmoke(contents as never, exit, () => 1234);
  return { contents, exit };
}

describe('watchSmoke', () => {
  it('exits 0 with the time once the page has the bridge and the mounted app', async () => {
    const asked: string[] = [];
    const { contents, exit } = watch(() => Promise.resolve(true));
    recorded.javascript = (code) => (asked.push(code), Promise.resolve(true));
    contents.emit('did-finish-load');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0, 'smoke: window loaded in 1234 ms'));
    expect(asked).toEqual([LOADED_CHECK]);
    expect(LOADED_CHECK).toContain("typeof window.api === 'object'");
  });

  it('exits 1 when the page loaded but the app is not in it, or cannot be checked', async () => {
    const empty = watch(() => Promise.resolve(false));
    empty.contents.emit('did-finish-load');
    await vi.waitFor(() =>
      expect(empty.exit).toHaveBeenCalledWith(1, expect.stringMatching(/did not start/)),
    );
    const broken = watch(() => Promise.reject(new Error('render process gone')));
    broken.contents.emit('did-finish-load');
    await vi.waitFor(() =>
      expect(broken.exit).toHaveBeenCalledWith(1, expect.stringMatching(/render process gone/)),
    );
  });

  it('does nothing before the load finishes', () => {
    const { exit } = watch(() => Promise.resolve(true));
    expect(exit).not.toHaveBeenCalled();
  });
});

describe('Latchkey --smoke', () => {
  const savedEnv = { ...process.env };
  const lines: string[] = [];
  const writeStdout = process.stdout.write.bind(process.stdout);
  afterAll(async () => {
    process.stdout.write = writeStdout;
    fakeApp.emit('will-quit', fakeEvent());
    await vi.waitFor(() => expect(recorded.quits).toBeGreaterThan(0), { timeout: 20_000 });
    process.env = savedEnv;
  });

  it('starts on a temporary userData folder and exits 0 once the window loaded', async () => {
    resetElectronMock();
    recorded.userData = '/a/person/s/userData';
    recorded.switches.add('smoke');
    for (const name of Object.keys(process.env))
      if (name.startsWith('LATCHKEY_')) delete process.env[name];
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    process.stdout.write = ((chunk: string | Uint8Array, done?: () => void) => {
      lines.push(String(chunk));
      done?.();
      return true;
    }) as typeof process.stdout.write;
    await import('../../../main/electron/index.ts');
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1), { timeout: 20_000 });
    expect(recorded.userData.startsWith(tmpdir())).toBe(true);
    expect(recorded.userData).toMatch(/latchkey-smoke-/);
    expect(recorded.order.indexOf('setPath(userData)')).toBeLessThan(
      recorded.order.indexOf('requestSingleInstanceLock'),
    );
    FakeBrowserWindow.created[0]!.webContents.emit('did-finish-load');
    await vi.waitFor(() => expect(recorded.exits).toEqual([0]));
    expect(lines.join('')).toMatch(/^smoke: window loaded in \d+ ms\n$/);
    expect(recorded.errorBoxes).toEqual([]);
  });
});
