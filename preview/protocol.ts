/**
 * The browser preview's wire format: the contract's calls and its one event over a WebSocket.
 * Shared by preview/server.ts and preview/client.ts so both sides agree on every name.
 */

/** Where the served page's bridge script and WebSocket live (never a renderer file name). */
export const BRIDGE_SCRIPT_PATH = '/__latchkey/bridge.js';
export const BRIDGE_SOCKET_PATH = '/__latchkey/bridge';

/** The subprotocol both sides speak; the secret travels as a second offered subprotocol. */
export const BRIDGE_PROTOCOL = 'latchkey.bridge.v1';
export const SECRET_PROTOCOL_PREFIX = 'latchkey.secret.';

/** The URL fragment parameter that carries the per-launch secret to the page. */
export const SECRET_FRAGMENT_KEY = 'latchkey-secret';

/** The largest message either side accepts. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Page → server: one call of a contract method. */
export interface CallMessage {
  id: number;
  channel: string;
  input?: unknown;
}

/** Server → page: the answer to a call, or the change event. */
export type ServerMessage =
  | { type: 'result'; id: number; result: unknown }
  | { type: 'event'; channel: string; payload: unknown };
