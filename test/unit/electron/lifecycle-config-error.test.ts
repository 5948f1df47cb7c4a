/**
 * main/electron/index.ts with a malformed Google client: the app tells the person which setting is wrong
 * (never its value) and exits, instead of dying silently or opening a window that cannot work.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const savedEnv = { ...process.env };
const BAD_ID = 'not-a-client-id-SECRETISH-VALUE';

beforeAll(async () => {
  resetElectronMock();
  recorded.userData = '/nonexistent';
  process.env.LATCHKEY_GOOGLE_CLIENT_ID = BAD_ID;
  await import('../../../main/electron/index.ts');
  // The start is not awaitable from here (the module only registers handlers): wait for exit().
  await vi.waitFor(() => expect(recorded.exits).not.toHaveLength(0), { timeout: 9_000 });
});

afterAll(() => {
  process.env = savedEnv;
});

describe('a configuration error at start', () => {
  it('shows which setting is wrong, without its value, and exits with 1', () => {
    expect(recorded.exits).toEqual([1]);
    expect(recorded.errorBoxes).toHaveLength(1);
    const [box] = recorded.errorBoxes;
    expect(box!.title).toBe('Latchkey cannot start');
    expect(box!.content).toContain('LATCHKEY_GOOGLE_CLIENT_ID');
    expect(box!.content).not.toContain(BAD_ID);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
