/**
 * The Electron transport of the bridge, and the only file that touches `ipcMain`: one `handle`
 * per channel of the bridge server (so a channel cannot be forgotten), each guarded by the sender
 * check below; everything after the check — validation, dispatch, Results, refusal logging, state
 * push — is main/bridge/server.ts, shared with the browser preview. AuthState goes to our window only.
 */
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import type { Result } from '../../common/result.ts';
import type { BridgeServer } from '../bridge/server.ts';

/** What the transport needs from the rest of the shell. */
export interface IpcBridgeOptions {
  server: BridgeServer;
  /** The one window allowed to call (null while it does not exist). */
  window: () => BrowserWindow | null;
  /** Whether a frame URL is our renderer (`app://app/…`, or the dev server when not packaged). */
  isTrustedUrl: (url: string) => boolean;
}

/** The registered transport. */
export interface IpcBridge {
  /** Removes every handler this bridge registered and stops the state push. */
  dispose(): void;
}

/**
 * Why an invoke is not from our window's main frame showing our renderer, or null when it is.
 * Any other sender — another window, a subframe, a page that navigated elsewhere, a destroyed
 * frame — is refused.
 */
export function untrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | null,
  isTrustedUrl: (url: string) => boolean,
): string | null {
  // i18n-ignore-start: why a caller was refused, for the log (the caller gets bridge.forbidden)
  if (!window || window.isDestroyed()) return 'no window';
  const contents = window.webContents;
  if (event.sender !== contents) return 'another web contents';
  const frame = event.senderFrame;
  if (!frame || frame !== contents.mainFrame || frame.parent !== null) return 'not the main frame';
  return isTrustedUrl(frame.url) ? null : 'not our renderer';
  // i18n-ignore-end
}

/**
 * Removes whatever another library registered on `channel` (electron-store's constructor adds an
 * unchecked `ipcMain.on` listener): the bridge below stays the only IPC door. Returns how many
 * listeners were removed; throws if any survive.
 */
export function closeForeignChannel(channel: string): number {
  const removed = ipcMain.listenerCount(channel);
  ipcMain.removeAllListeners(channel);
  if (ipcMain.listenerCount(channel) !== 0) {
    throw new Error(`an ipcMain listener on ${channel} could not be removed`);
  }
  return removed;
}

/** Registers one handler per bridge channel and pushes the state to our window. */
export function registerIpc(options: IpcBridgeOptions): IpcBridge {
  const { server } = options;
  for (const channel of server.channels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      let problem: string | null;
      try {
        problem = untrustedSender(event, options.window(), options.isTrustedUrl);
      } catch {
        // A frame torn down mid-call can throw on access: treat it as not ours.
        // i18n-ignore-start: why a caller was refused, for the log
        problem = 'sender gone';
        // i18n-ignore-end
      }
      if (problem) return server.refuse('ipc', problem);
      return server.call(channel, input);
    });
  }
  const detach = server.attach((channel, payload) => {
    const window = options.window();
    if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(channel, payload);
  });
  return {
    dispose() {
      detach();
      for (const channel of server.channels) ipcMain.removeHandler(channel);
    },
  };
}
