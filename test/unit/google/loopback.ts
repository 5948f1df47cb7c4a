/**
 * A tiny HTTP server on 127.0.0.1 for unit tests: real HTTP through the real gaxios and
 * `@googleapis/*` clients, with answers scripted per test.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  authorization: string | null;
  body: string;
}

export type Handler = (request: SeenRequest, response: ServerResponse) => void;

export interface Loopback {
  origin: string;
  requests: SeenRequest[];
  setHandler(handler: Handler): void;
  close(): Promise<void>;
}

/** Sends JSON with a status and optional headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  response.end(JSON.stringify(body));
}

/** Google's error body (`{ error: { code, message, errors: [{ reason }], status } }`). */
export function googleError(status: number, reason: string, message = reason): unknown {
  return { error: { code: status, message, errors: [{ message, domain: 'global', reason }] } };
}

/** Starts a loopback server answering with `handler` (replaceable per test). */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        authorization: req.headers.authorization ?? null,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      current(seen, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    setHandler: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
