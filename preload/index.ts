/**
 * The sandboxed preload: builds `window.api` — exactly the contract's functions — and nothing
 * else. The page never sees `ipcRenderer`, a channel name or an IPC event: invoke answers are
 * passed through as plain Results, and `auth.onChange` listeners receive the AuthState only.
 * Bundled to one CommonJS file (out/preload/index.cjs): a sandboxed preload cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { buildApi } from './build-api.ts';
import { type BridgeTransport } from '../common/contract.ts';

const transport: BridgeTransport = {
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  subscribe(channel, listener) {
    const wrapper = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapper);
    return () => {
      ipcRenderer.removeListener(channel, wrapper);
    };
  },
};

contextBridge.exposeInMainWorld('api', buildApi(transport));
