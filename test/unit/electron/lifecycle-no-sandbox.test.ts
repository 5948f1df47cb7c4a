/**
 * main/electron/index.ts started packaged with `--no-sandbox` (what electron-builder's AppImage
 * launcher adds where user namespaces are restricted): it refuses, saying why, instead of running
 * without the Chromium sandbox.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeApp, FakeBrowserWindow, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

beforeAll(async () => {
  resetElectronMock();
  fakeApp.isPackaged = true;
  recorded.switches.add('no-sandbox');
  await import('../../../main/electron/index.ts');
});

describe('a package started without the sandbox', () => {
  it('shows why and exits before anything starts', () => {
    expect(recorded.errorBoxes).toHaveLength(1);
    expect(recorded.errorBoxes[0]!.content).toMatch(/sandbox switched off.*install the deb/s);
    expect(recorded.exits).toEqual([1]);
    expect(recorded.order).not.toContain('whenReady');
    expect(recorded.order).not.toContain('requestSingleInstanceLock');
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });
});
