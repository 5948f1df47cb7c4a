/**
 * The core's MetadataStore port on disk for the browser preview and the tests: a `conf` JSON file
 * (atomic writes) holding non-secret account metadata only, in the preview's data folder. The
 * Electron app uses electron-store on the same file name (main/electron/metadata-store.ts), which
 * is `conf` plus an unchecked ipcMain listener that the shell removes at once.
 */
import Conf from 'conf';
import type { MetadataStore } from '../auth/types.ts';

/**
 * The metadata file's mode: only its owner reads it. Nothing in it is secret, but which Google
 * accounts use Latchkey is nobody else's business; conf sets the mode on every write, so a file
 * an older version left readable is tightened by the next one.
 */
export const METADATA_FILE_MODE = 0o600;

/** Opens (or creates) `<dir>/metadata.json` behind the MetadataStore port. */
export function fileMetadataStore(dir: string): MetadataStore {
  const store = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'metadata',
    projectName: 'latchkey',
    configFileMode: METADATA_FILE_MODE,
  });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
