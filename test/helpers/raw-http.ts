/**
 * Raw TCP clients for hostile-input tests against local HTTP listeners: send exact bytes
 * (malformed requests included), read whatever comes back, hold sockets open, drip bytes slowly.
 */
import { connect, type Socket } from 'node:net';

/** What came back on one connection. */
export interface RawAnswer {
  /** Everything the server sent (latin1, so any byte survives). */
  text: string;
  /** The status code of the first status line, or null when none came. */
  status: number | null;
  /** How the exchange ended. */
  end: 'closed' | 'timeout' | 'reset' | 'refused';
}

/** Connects to 127.0.0.1:`port`, writes `payload`, and reads until the server closes or time runs out. */
export function rawRequest(
  port: number,
  payload: string | Buffer,
  timeoutMs = 3_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (end: RawAnswer['end']): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ text, status: match ? Number(match[1]) : null, end });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'reset'),
    );
  });
}

/** A connection that sends its request a few bytes at a time (a slowloris-style client). */
export interface SlowClient {
  socket: Socket;
  /** Resolves when the server closes (or resets) the connection. */
  closed: Promise<void>;
  /** Stops dripping and destroys the socket. */
  stop(): void;
}

/** Opens a connection that writes `head`, then one more byte of `drip` every `everyMs`. */
export function slowClient(port: number, head: string, drip: string, everyMs: number): SlowClient {
  const socket = connect({ host: '127.0.0.1', port });
  let index = 0;
  let timer: NodeJS.Timeout | undefined;
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => {
      if (socket.destroyed) return clearInterval(timer);
      socket.write(drip[index % drip.length] ?? 'x');
      index += 1;
    }, everyMs);
  });
  void closed.then(() => clearInterval(timer));
  return {
    socket,
    closed,
    stop() {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

/** Resolves true when nothing listens on 127.0.0.1:`port` any more (connection refused). */
export async function portClosed(port: number): Promise<boolean> {
  return (await rawRequest(port, 'GET / HTTP/1.1\r\n\r\n', 1_000)).end === 'refused';
}
