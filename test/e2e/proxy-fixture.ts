/**
 * An authenticating proxy for the Electron scenario of proxy sign-in (app.spec.ts): on
 * 127.0.0.1, answering 407 with `Proxy-Authenticate: Basic realm="…"` to any request without
 * the right `Proxy-Authorization`, forwarding the rest — plain-HTTP requests in absolute form (the
 * demo Google is http://127.0.0.1:<port>) and CONNECT tunnels — and logging each one.
 *
 * The scenario depends only on {@link AuthProxy}. The shared test proxy of the Node side
 * (test/helpers/proxy.ts: an authenticating CONNECT proxy in front of an HTTPS test Google) is
 * built alongside; once it also forwards absolute-form HTTP requests and exposes its log in this
 * shape, {@link startAuthProxy} becomes a thin adapter over it. Until then this small one stands
 * in. Test code only: it forwards to loopback addresses only.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One request the proxy received. */
export interface ProxyLogEntry {
  /** `CONNECT`, or the method of a forwarded request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  /** Whether it carried the right credentials (then it was forwarded). */
  authorized: boolean;
}

export interface AuthProxy {
  /** `http://127.0.0.1:<port>`: what LATCHKEY_E2E_PROXY takes. */
  readonly url: string;
  /** `127.0.0.1:<port>`: the proxy as the window names it. */
  readonly address: string;
  /** The realm it names in its challenge. */
  readonly realm: string;
  /** Every request so far, in order. */
  log(): ProxyLogEntry[];
  close(): Promise<void>;
}

export interface AuthProxyOptions {
  username: string;
  password: string;
  realm: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Starts the proxy on a free loopback port. */
export async function startAuthProxy(options: AuthProxyOptions): Promise<AuthProxy> {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const entries: ProxyLogEntry[] = [];
  const sockets = new Set<Socket>();
  const challenge = `Basic realm="${options.realm.replace(/["\\]/g, '')}"`;
  const authorized = (request: IncomingMessage): boolean =>
    request.headers['proxy-authorization'] === expected;

  const server = createServer((request, response) => {
    const ok = authorized(request);
    entries.push({ method: request.method ?? 'GET', target: request.url ?? '', authorized: ok });
    if (!ok) {
      response.writeHead(407, { 'proxy-authenticate': challenge, 'content-type': 'text/plain' });
      response.end('Proxy Authentication Required');
      return;
    }
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:' || !LOOPBACK.has(target.hostname)) {
      response.writeHead(403).end();
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502);
      response.end();
    });
    request.pipe(upstream);
  });

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const ok = authorized(request);
    const target = request.url ?? '';
    entries.push({ method: 'CONNECT', target, authorized: ok });
    if (!ok) {
      client.end(
        `HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\n` +
          'Content-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host = '', port = ''] = [target.replace(/:\d+$/, ''), target.split(':').pop()];
    if (!LOOPBACK.has(host)) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    realm: options.realm,
    log: () => entries.map((entry) => ({ ...entry })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
