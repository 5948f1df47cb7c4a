/**
 * main/electron/index.ts started packaged with `--no-sandbox` (what electron-builder's AppImage
 * launcher adds where user namespaces are restricted): it refuses, saying why, instead of running
 * without the Chromium sandbox — in a dialog shown once the app is ready, since before `ready`
 * Linux prints it to stderr only and a double-click would show nothing at all.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeApp, FakeBrowserWindow, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

beforeAll(async () => {
  resetElectronMock();
  fakeApp.isPackaged = true;
  recorded.switches.add('no-sandbox');
  await import('../../../main/electron/index.ts');
  await vi.waitFor(() => expect(recorded.exits).not.toHaveLength(0));
});

describe('a package started without the sandbox', () => {
  it('shows why once ready, and exits before anything starts', () => {
    expect(recorded.errorBoxes).toHaveLength(1);
    expect(recorded.errorBoxes[0]!.content).toMatch(/sandbox switched off.*install the deb/s);
    expect(recorded.exits).toEqual([1]);
    const ready = recorded.order.indexOf('whenReady');
    expect(ready).toBeGreaterThan(-1);
    expect(recorded.order.indexOf('showErrorBox')).toBeGreaterThan(ready);
    expect(recorded.order).not.toContain('requestSingleInstanceLock');
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
