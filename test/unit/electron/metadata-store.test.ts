/**
 * main/electron/metadata-store.ts with the mocked `electron` module and the real electron-store:
 * its constructor's `electron-store-get-data` listener is gone as soon as the store exists (the
 * bridge stays the one IPC door), and the data lands in the very file the conf store of the
 * preview and the tests uses, in both directions.
 */
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileMetadataStore } from '../../../main/app/metadata-store.ts';
import { recorded, resetElectronMock } from './electron-mock.ts';
import { privateFileProblem } from '../../helpers/private-file.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const CHANNEL = 'electron-store-get-data';
let dir: string;

beforeEach(async () => {
  resetElectronMock();
  dir = await mkdtemp(join(tmpdir(), 'latchkey-electron-store-'));
  recorded.userData = dir;
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('electronMetadataStore', () => {
  // First in this file (vitest isolates files): the first electron-store of the process, the
  // one that registers the listener (electron-store keeps a module-level flag).
  it('removes electron-store’s ipcMain listener right after construction; a second store adds none', async () => {
    const { electronMetadataStore, ELECTRON_STORE_CHANNEL } =
      await import('../../../main/electron/metadata-store.ts');
    expect(ELECTRON_STORE_CHANNEL).toBe(CHANNEL);
    electronMetadataStore(dir);
    // The real electron-store did register it, and it is gone.
    expect(recorded.ipcOnCalls).toEqual([CHANNEL]);
    expect(recorded.ipcListeners.get(CHANNEL)?.size ?? 0).toBe(0);
    // No invoke handler appeared either: ipc.ts's bridge is the only door.
    expect(recorded.handlers.size).toBe(0);

    electronMetadataStore(dir);
    expect(recorded.ipcOnCalls).toEqual([CHANNEL]);
    expect(recorded.ipcListeners.get(CHANNEL)?.size ?? 0).toBe(0);
  });

  it('writes the file conf reads, and reads what conf wrote', async () => {
    const { electronMetadataStore } = await import('../../../main/electron/metadata-store.ts');
    const electronSide = electronMetadataStore(dir);
    electronSide.set('accounts', [{ id: 'sub-1', email: 'ada@example.com' }]);
    electronSide.set('active', 'sub-1');

    const file = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as unknown;
    expect(file).toEqual({
      accounts: [{ id: 'sub-1', email: 'ada@example.com' }],
      active: 'sub-1',
    });

    const confSide = fileMetadataStore(dir);
    expect(confSide.get('accounts')).toEqual([{ id: 'sub-1', email: 'ada@example.com' }]);
    confSide.set('active', 'sub-2');
    confSide.delete('accounts');

    const reopened = electronMetadataStore(dir);
    expect(reopened.get('active')).toBe('sub-2');
    expect(reopened.get('accounts')).toBeUndefined();
  });

  it('keeps the file readable by its owner only, and tightens one an older version left open', async () => {
    const { electronMetadataStore } = await import('../../../main/electron/metadata-store.ts');
    const file = join(dir, 'metadata.json');
    electronMetadataStore(dir).set('accounts', []);
    expect(privateFileProblem(file)).toBeNull();
    if (process.platform !== 'win32') {
      await chmod(file, 0o644);
      fileMetadataStore(dir).set('accounts', [{ id: '1' }]);
      expect(privateFileProblem(file)).toBeNull();
    }
  });
});
