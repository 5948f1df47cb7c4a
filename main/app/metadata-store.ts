/**
 * The core's MetadataStore port on disk for the browser preview and the tests: a `conf` JSON file
 * (atomic writes) holding non-secret account metadata only, in the preview's data folder. The
 * Electron app uses electron-store on the same file name (main/electron/metadata-store.ts), which
 * is `conf` plus an unchecked ipcMain listener that the shell removes at once.
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
