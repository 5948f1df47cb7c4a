/**
 * The only file that touches `ipcMain`. One `handle` per entry of the contract (so a channel
 * cannot be forgotten), each guarded by a sender check and the shared {@link dispatch} (schema
 * validation, handler call, never throws). AuthState is pushed to our window only.
 */
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import {
  AUTH_CHANGED_CHANNEL,
  err,
  methodList,
  type AuthState,
  type Handlers,
  type Result,
} from '../../preload/contract.ts';
import { dispatch, type DispatchErrorReporter } from '../bridge/dispatch.ts';

/** What the bridge needs from the rest of the shell. */
export interface IpcBridgeOptions {
  handlers: Handlers;
  /** The one window allowed to call (null while it does not exist). */
  window: () => BrowserWindow | null;
  /** Whether a frame URL is our renderer (`app://app/…`, or the dev server when not packaged). */
  isTrustedUrl: (url: string) => boolean;
  report?: DispatchErrorReporter;
}

/** The registered bridge. */
export interface IpcBridge {
  /** Sends the state to our window (and nowhere else). */
  pushAuthState(state: AuthState): void;
  /** Removes every handler this bridge registered. */
  dispose(): void;
}

/**
 * Whether an invoke came from our window's main frame showing our renderer. Any other sender —
 * another window, a subframe, a page that navigated elsewhere, a destroyed frame — is refused.
 */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  window: BrowserWindow | null,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  if (!window || window.isDestroyed()) return false;
  const contents = window.webContents;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== contents.mainFrame || frame.parent !== null) return false;
  return isTrustedUrl(frame.url);
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

/** Registers one handler per contract method and returns the push side of the bridge. */
export function registerIpc(options: IpcBridgeOptions): IpcBridge {
  const channels = methodList();
  for (const { namespace, method, channel } of channels) {
    ipcMain.handle(channel, async (event, input: unknown): Promise<Result<unknown>> => {
      let trusted = false;
      try {
        trusted = isTrustedSender(event, options.window(), options.isTrustedUrl);
      } catch {
        // A frame torn down mid-call can throw on access: treat it as not ours.
      }
      if (!trusted) return err('FORBIDDEN', 'This caller may not use Latchkey.');
      return dispatch(options.handlers, { namespace, method, input }, options.report);
    });
  }
  return {
    pushAuthState(state) {
      const window = options.window();
      if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
      window.webContents.send(AUTH_CHANGED_CHANNEL, state);
    },
    dispose() {
      for (const { channel } of channels) ipcMain.removeHandler(channel);
    },
  };
}
