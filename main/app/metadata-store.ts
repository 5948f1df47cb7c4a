/**
 * The core's MetadataStore port on disk: a `conf` JSON file (atomic writes) holding non-secret
 * account metadata only. The app keeps it in Electron's userData folder, the preview in its data
 * folder.
 *
 * Why not electron-store: in the main process its constructor registers an `ipcMain` listener
 * (`electron-store-get-data`) that answers any renderer, unchecked, with the userData path and
 * the app version. The bridge allows exactly one place to touch ipcMain (main/electron/ipc.ts), with a
 * sender check; electron-store is `conf` plus that listener, so `conf` it is.
 */
import Conf from 'conf';
import type { MetadataStore } from '../auth/types.ts';

/** Opens (or creates) `<dir>/metadata.json` behind the MetadataStore port. */
export function fileMetadataStore(dir: string): MetadataStore {
  const store = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'metadata',
    projectName: 'latchkey',
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
