/**
 * A company's web proxy on 127.0.0.1, for the tests of the Node network port: an HTTP proxy that
 * opens tunnels (CONNECT) to the names it knows — the only way to reach the test Google, whose
 * name resolves nowhere else — optionally asking for a sign-in first (407 with
 * `Proxy-Authenticate: Basic realm=…` until the right credentials come), refusing every tunnel
 * with a status of choice, or inspecting TLS: it ends the client's TLS with a certificate its own
 * CA issues for the requested name, and opens its own TLS connection to the server.
 *
 * It records every CONNECT (target, whether it was authorized, the status answered), the local
 * port of every connection it opened to a server (so a test can match each request the server
 * saw to a tunnel of this proxy), and, when inspecting, the request lines it read.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import {
  createSecureContext,
  connect as tlsConnect,
  TLSSocket,
  type SecureContext,
} from 'node:tls';
import type { TestCa } from './test-ca.ts';

/** Where the proxy really connects for a `host:port` it is asked for. */
export interface ProxyRoute {
  host: string;
  port: number;
}

export interface ProxyCredentials {
  username: string;
  password: string;
}

export interface ProxyOptions {
  /** `name:port` → where it is (the proxy's own name resolution); anything else is answered 502. */
  routes: Record<string, ProxyRoute>;
  /** Basic credentials the proxy demands: 407 until they come. */
  credentials?: ProxyCredentials;
  /** The realm in `Proxy-Authenticate` (default "Latchkey test proxy"). */
  realm?: string;
  /** Answer every (authorized) CONNECT with this status instead of a tunnel, e.g. 403. */
  refuseWith?: number;
  /**
   * TLS inspection: certificates for the requested names from `ca`, and `upstreamCa` trusted for
   * the proxy's own connection to the server.
   */
  inspect?: { ca: TestCa; upstreamCa: string };
}

/** One CONNECT request and what the proxy answered. */
export interface ProxyConnect {
  target: string;
  /** Whether it carried the right credentials (always true for a proxy that asks for none). */
  authorized: boolean;
  /** Whether it carried any `Proxy-Authorization` at all. */
  sentCredentials: boolean;
  status: number;
}

export interface TestProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The proxy URL, with `credentials` in it when given (as HTTPS_PROXY carries them). */
  url(credentials?: ProxyCredentials): string;
  /** Every CONNECT, in order. */
  readonly connects: ProxyConnect[];
  /** Requests other than CONNECT (`METHOD target`); answered 405: this proxy only tunnels. */
  readonly plainRequests: string[];
  /** The local port of every connection the proxy opened to a server (kept across reset()). */
  readonly upstreamPorts: Set<number>;
  /** Inspecting: `METHOD /path` of every request read inside a tunnel (no query). */
  readonly inspected: string[];
  /** Forgets the CONNECTs, plain requests and inspected lines recorded so far. */
  reset(): void;
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'Connection Established',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway',
};

function answer(socket: Socket, status: number, headers: Record<string, string> = {}): void {
  const lines = [`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Refused'}`];
  for (const [name, value] of Object.entries({
    ...headers,
    'Content-Length': '0',
    Connection: 'close',
  }))
    lines.push(`${name}: ${value}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n`);
}

/** The request lines at the start of each chunk of an HTTP/1.1 stream (enough for a test log). */
function requestLines(chunk: Buffer): string[] {
  const text = chunk.toString('latin1');
  const out: string[] = [];
  for (const match of text.matchAll(/(?:^|\r\n)([A-Z]+) (\/[^ ?\r\n]*)[^ \r\n]* HTTP\/1\.1\r\n/g)) {
    out.push(`${match[1]} ${match[2]}`);
  }
  return out;
}

/** Starts a proxy on 127.0.0.1 (a free port). */
export async function startProxy(options: ProxyOptions): Promise<TestProxy> {
  const realm = options.realm ?? 'Latchkey test proxy';
  const expected = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString('base64')}`
    : null;
  const connects: ProxyConnect[] = [];
  const plainRequests: string[] = [];
  const upstreamPorts = new Set<number>();
  const inspected: string[] = [];
  const sockets = new Set<Socket>();
  const contexts = new Map<string, SecureContext>();

  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  /** Both ends close together. */
  const join = (a: Socket, b: Socket): void => {
    a.pipe(b);
    b.pipe(a);
    a.on('close', () => b.destroy());
    b.on('close', () => a.destroy());
  };
  const contextFor = async (name: string): Promise<SecureContext> => {
    let context = contexts.get(name);
    if (!context) {
      const issued = await options.inspect!.ca.issue([name]);
      context = createSecureContext({ cert: issued.cert, key: issued.key });
      contexts.set(name, context);
    }
    return context;
  };

  const server = createServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`);
    res.writeHead(405, { connection: 'close' }).end();
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    const target = req.url ?? '';
    const sent = req.headers['proxy-authorization'];
    const authorized = expected === null || sent === expected;
    const record = (status: number): void => {
      connects.push({ target, authorized, sentCredentials: sent !== undefined, status });
    };
    if (!authorized) {
      record(407);
      answer(client, 407, { 'Proxy-Authenticate': `Basic realm="${realm}"` });
      return;
    }
    if (options.refuseWith !== undefined) {
      record(options.refuseWith);
      answer(client, options.refuseWith);
      return;
    }
    const route = options.routes[target.toLowerCase()];
    if (!route) {
      record(502);
      answer(client, 502);
      return;
    }
    record(200);
    if (head.length > 0) client.unshift(head);
    const name = target.replace(/:\d+$/, '');
    if (!options.inspect) {
      const upstream = track(netConnect(route.port, route.host));
      upstream.once('connect', () => {
        upstreamPorts.add(upstream.localPort!);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        join(client, upstream);
      });
      upstream.once('error', () => answer(client, 502));
      return;
    }
    const upstreamCa = options.inspect.upstreamCa;
    void contextFor(name).then((secureContext) => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      const inside = track(new TLSSocket(client, { isServer: true, secureContext }));
      const upstream = track(
        tlsConnect({ host: route.host, port: route.port, servername: name, ca: upstreamCa }),
      );
      upstream.once('connect', () => upstreamPorts.add(upstream.localPort!));
      inside.on('data', (chunk: Buffer) => inspected.push(...requestLines(chunk)));
      join(inside, upstream);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: (credentials) =>
      credentials
        ? `http://${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}`
        : origin,
    connects,
    plainRequests,
    upstreamPorts,
    inspected,
    reset() {
      connects.length = 0;
      plainRequests.length = 0;
      inspected.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Newest first: a TLS socket before the socket under it (the other order can crash Node).
        for (const socket of [...sockets].reverse()) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago): a proxy that is down. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
