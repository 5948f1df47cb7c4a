/**
 * The core's MetadataStore port in the Electron shell: electron-store, as the design names it,
 * on the very file the host-neutral conf store uses (`<userData>/metadata.json`, no schema), so
 * the Electron app, the preview and the tests read and write the same thing.
 *
 * electron-store is conf plus one extra: its main-process constructor registers an `ipcMain.on`
 * listener, `electron-store-get-data`, that answers any renderer — no sender check — with the
 * userData path and the app version (it exists so a renderer could construct a store itself).
 * Latchkey's renderer never does, and the bridge in ipc.ts stays the one IPC door, so the
 * listener is removed right after construction. electron-store registers it once per process
 * (a module-level flag), so a later store cannot bring it back.
 */
import Store from 'electron-store';
import type { MetadataStore } from '../auth/types.ts';
import { closeForeignChannel } from './ipc.ts';
import { METADATA_FILE_MODE } from '../app/metadata-store.ts';

/** The channel electron-store's constructor listens on (node_modules/electron-store/index.js). */
export const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

/** Opens (or creates) `<dir>/metadata.json` with electron-store, then closes its IPC listener. */
export function electronMetadataStore(dir: string): MetadataStore {
  // Same cwd and file name as main/app/metadata-store.ts (conf's configName is `name` here).
  const store = new Store<Record<string, unknown>>({
    cwd: dir,
    name: 'metadata',
    configFileMode: METADATA_FILE_MODE,
  });
  closeForeignChannel(ELECTRON_STORE_CHANNEL);
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}
