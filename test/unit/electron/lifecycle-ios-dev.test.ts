/**
 * main/electron/index.ts unpackaged with an iOS-type client: where the redirect scheme cannot be
 * registered (development on Linux and macOS) the log says so once, with what to do; on Windows it
 * is registered at run time with the `--` sentinel and removed at quit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  fakeApp,
  fakeEvent,
  FakeBrowserWindow,
  recorded,
  resetElectronMock,
} from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const SCHEME = 'com.googleusercontent.apps.987654321-abcdef';
const savedEnv = { ...process.env };
const logged: string[] = [];
const writeStderr = process.stderr.write.bind(process.stderr);
let userData: string;

beforeAll(async () => {
  resetElectronMock();
  userData = await mkdtemp(join(tmpdir(), 'latchkey-ios-dev-'));
  recorded.userData = userData;
  for (const name of Object.keys(process.env))
    if (name.startsWith('LATCHKEY_')) delete process.env[name];
  delete process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.LATCHKEY_GOOGLE_CLIENT_ID = '987654321-abcdef.apps.googleusercontent.com';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return writeStderr(chunk, ...(rest as []));
  }) as typeof process.stderr.write;
  await import('../../../main/electron/index.ts');
  // index.ts starts in the background with no promise to await.
  await vi.waitFor(
    () => expect(FakeBrowserWindow.created.length + recorded.exits.length).toBeGreaterThan(0),
    { timeout: 20_000 },
  );
}, 30_000);

afterAll(async () => {
  fakeApp.emit('will-quit', fakeEvent());
  await vi.waitFor(() => expect(recorded.quits).toBeGreaterThan(0), { timeout: 10_000 });
  process.stderr.write = writeStderr;
  process.env = savedEnv;
  await rm(userData, { recursive: true, force: true });
});

describe('the redirect scheme in development', () => {
  it('starts (the window opens) whatever the registration did', () => {
    expect(recorded.exits).toEqual([]);
    expect(FakeBrowserWindow.created).toHaveLength(1);
  });

  // The platform decides which of the two a development run does (deep-links.test.ts covers all
  // three platforms at the unit level); here the real lifecycle runs on this machine's.
  it(`on ${process.platform}: ${process.platform === 'win32' ? 'registers it with the -- sentinel' : 'says once that it cannot be registered, and what to do'}`, () => {
    if (process.platform === 'win32') {
      expect(recorded.defaultProtocolClients).toHaveLength(1);
      expect(recorded.defaultProtocolClients[0]![0]).toBe(SCHEME);
      expect((recorded.defaultProtocolClients[0]![2] as string[]).at(-1)).toBe('--');
      return;
    }
    const lines = logged
      .join('')
      .split('\n')
      .filter((line) => line.includes('redirect scheme'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(SCHEME);
    expect(lines[0]).toMatch(/Desktop app\\?" client/);
    expect(recorded.defaultProtocolClients).toEqual([]);
  });
});
