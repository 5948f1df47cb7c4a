/**
 * The browser preview's `window.api`: the same builder as the Electron preload
 * (preload/build-api.ts), over a WebSocket instead of IPC. Bundled to one classic script and
 * served from our own origin (the CSP allows no inline script), loaded before the renderer.
 *
 * The per-launch secret arrives in the URL fragment (never sent in an HTTP request), is moved to
 * sessionStorage (so a reload of this tab keeps working) and removed from the address bar.
 */
import { buildApi, type BridgeTransport } from '../preload/contract.ts';
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
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const open = (): WebSocket => {
    if (socket && socket.readyState <= WebSocket.OPEN) return socket;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_SOCKET_PATH}`;
    const protocols =
      secret && /^[0-9a-f]+$/.test(secret)
        ? [BRIDGE_PROTOCOL, `${SECRET_PROTOCOL_PREFIX}${secret}`]
        : [BRIDGE_PROTOCOL];
    const current = new WebSocket(url, protocols);
    current.addEventListener('message', (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.type === 'result') {
        pending.get(message.id)?.resolve(message.result);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        for (const listener of listeners.get(message.channel) ?? []) listener(message.payload);
      }
    });
    current.addEventListener('close', () => {
      if (socket === current) socket = null;
      for (const { reject } of pending.values())
        reject(new Error('The preview server closed the connection.'));
      pending.clear();
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
      return new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        try {
          send({ id, channel, input });
        } catch (error) {
          pending.delete(id);
          reject(error instanceof Error ? error : new Error('send failed'));
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
