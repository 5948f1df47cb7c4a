/**
 * The browser preview's `window.api`: the same builder as the Electron preload
 * (preload/build-api.ts), over a WebSocket instead of IPC. Bundled to one classic script and
 * served from our own origin (the CSP allows no inline script), loaded before the renderer.
 *
 * The per-launch secret arrives in the URL fragment (never sent in an HTTP request), is moved to
 * sessionStorage (so a reload of this tab keeps working) and removed from the address bar.
 */
import { buildApi } from '../preload/build-api.ts';
import { err } from '../common/result.ts';
import { HOST_STOPPED_EVENT, type BridgeTransport } from '../common/contract.ts';
import {
  BRIDGE_PROTOCOL,
  BRIDGE_SOCKET_PATH,
  SECRET_FRAGMENT_KEY,
  SECRET_PROTOCOL_PREFIX,
  type CallMessage,
  type ServerMessage,
} from './protocol.ts';

function takeSecret(): string | null {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromFragment = fragment.get(SECRET_FRAGMENT_KEY);
  if (fromFragment !== null) {
    sessionStorage.setItem(SECRET_FRAGMENT_KEY, fromFragment);
    fragment.delete(SECRET_FRAGMENT_KEY);
    const rest = fragment.toString();
    history.replaceState(
      history.state,
      '',
      `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`,
    );
  }
  return sessionStorage.getItem(SECRET_FRAGMENT_KEY);
}

function createSocketTransport(secret: string | null): BridgeTransport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  const pending = new Map<number, (value: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const open = (): WebSocket => {
    if (socket && socket.readyState <= WebSocket.OPEN) return socket;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_SOCKET_PATH}`;
    const protocols =
      secret && /^[0-9a-f]+$/.test(secret)
        ? [BRIDGE_PROTOCOL, `${SECRET_PROTOCOL_PREFIX}${secret}`]
        : [BRIDGE_PROTOCOL];
    const current = new WebSocket(url, protocols);
    let opened = false;
    current.addEventListener('open', () => {
      opened = true;
    });
    current.addEventListener('message', (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
      }
    });
    current.addEventListener('close', () => {
      if (socket === current) socket = null;
      // Refused before opening: no key, or the key of an earlier launch. Closed later: the
      // preview stopped. Either way the person needs to know what to do, not just "error".
      const answer = opened
        ? err(
            'INTERNAL',
            'The Latchkey preview stopped. Start it again and open the address it prints.',
            true,
          )
        : err(
            'FORBIDDEN',
            'This page is not connected to the Latchkey preview: open the address the preview ' +
              'printed (it carries the key of this launch).',
          );
      for (const resolve of pending.values()) resolve(answer);
      pending.clear();
      // A connection that was open dropped: the preview stopped (a new one has a new secret, so
      // this tab cannot reach it). The window says so at once, not at the next call.
      if (opened) window.dispatchEvent(new Event(HOST_STOPPED_EVENT));
    });
    socket = current;
    return current;
  };

  const send = (message: CallMessage): void => {
    const current = open();
    const text = JSON.stringify(message);
    if (current.readyState === WebSocket.OPEN) current.send(text);
    else current.addEventListener('open', () => current.send(text), { once: true });
  };

  return {
    invoke(channel, input) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        try {
          send({ id, channel, input });
        } catch {
          // JSON cannot carry it (a BigInt, a cycle): the caller's argument is at fault.
          pending.delete(id);
          resolve(err('INVALID_ARGUMENT', 'The arguments cannot be sent to Latchkey.'));
        }
      });
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      open();
      return () => {
        set.delete(listener);
      };
    },
  };
}

Object.defineProperty(window, 'api', {
  value: buildApi(createSocketTransport(takeSecret())),
  enumerable: true,
  configurable: false,
  writable: false,
});
