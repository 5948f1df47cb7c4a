/**
 * The browser preview: the same core as the app (startLatchkey) in plain Node, the built
 * renderer served on 127.0.0.1 with the app's CSP, and the bridge contract carried over a
 * WebSocket: this file is the WebSocket transport around the same bridge server
 * (main/bridge/server.ts) that main/electron/ipc.ts wraps in IPC. A development tool: never packaged.
 *
 * Who may talk to it: the WebSocket upgrade needs the per-launch secret (offered as a
 * subprotocol; the page gets it in the URL fragment), an Origin of exactly this server and a
 * Host of exactly 127.0.0.1:<port> (DNS rebinding). HTTP requests need the same Host.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { build } from 'vite';
import type { Logger } from '../main/log/log.ts';
import { fileMetadataStore } from '../main/app/metadata-store.ts';
import { startLatchkey, type Latchkey } from '../main/app/start.ts';
import { createNodeNetwork } from '../main/net/node.ts';
import { createUpdateController } from '../main/app/updates.ts';
import { readRendererFile, securityHeaders } from '../main/app/renderer-files.ts';
import {
  BRIDGE_PROTOCOL,
  BRIDGE_SCRIPT_PATH,
  BRIDGE_SOCKET_PATH,
  MAX_MESSAGE_BYTES,
  SECRET_FRAGMENT_KEY,
  SECRET_PROTOCOL_PREFIX,
  type ServerMessage,
} from './protocol.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** The version in package.json (the preview runs from the checkout). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '';
  } catch {
    return '';
  }
}
const HOST = '127.0.0.1';

/** How to start the preview. */
export interface PreviewOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Where account metadata is kept (a `conf` store); tests pass a temporary directory. */
  dataDir: string;
  /** The built renderer (default: out/renderer). */
  rendererRoot?: string;
  /** Environment for the core's configuration (default: process.env). */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /**
   * Called with each authorization URL the core asks to open (after the endpoint check): the
   * CLI prints it and opens it through a launcher file (preview/launcher.ts); tests drive a
   * browser to it.
   */
  onAuthorizationUrl: (url: string) => void;
  /** Keychain service name instead of the configuration's (see LatchkeyPorts). */
  keychainService?: string;
}

/** A running preview. */
export interface Preview {
  /** The page URL, with the secret in its fragment: what a person opens. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** The per-launch secret (tests use it to open their own WebSocket). */
  secret: string;
  latchkey: Latchkey;
  /** Closes sockets, the server and the core (and the demo emulator). */
  close(): Promise<void>;
}

/** Bundles preview/client.ts (and the shared API builder) into one classic script. */
export async function buildBridgeScript(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      write: false,
      minify: true,
      emptyOutDir: false,
      copyPublicDir: false,
      lib: {
        entry: join(ROOT, 'preview/client.ts'),
        formats: ['iife'],
        name: 'LatchkeyPreviewBridge',
        fileName: () => 'bridge.js',
      },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Array<{
    output?: Array<{ type: string; code?: string }>;
  }>;
  const chunk = results
    .flatMap((result) => result.output ?? [])
    .find((item) => item.type === 'chunk');
  if (!chunk?.code) throw new Error('Building the preview bridge script produced no code.');
  return chunk.code;
}

/** Adds the bridge script to <head>; a classic script runs before the renderer's module. */
export function injectBridgeScript(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const end = html.search(/<\/head>/i);
  if (end < 0) throw new Error('The renderer index.html has no </head>.');
  return `${html.slice(0, end)}  ${tag}\n  ${html.slice(end)}`;
}

function secretMatches(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the preview. */
export async function startPreview(options: PreviewOptions): Promise<Preview> {
  const rendererRoot = options.rendererRoot ?? join(ROOT, 'out/renderer');
  const indexFile = await readRendererFile(rendererRoot, '/index.html');
  if (!indexFile) {
    throw new Error(`No built renderer at ${rendererRoot}: run \`npm run build\` first.`);
  }
  const indexHtml = injectBridgeScript(indexFile.body.toString('utf8'));
  const bridgeScript = await buildBridgeScript();
  const secret = randomBytes(32).toString('hex');

  const metadata = fileMetadataStore(options.dataDir);
  const env = options.env ?? process.env;
  // Every request to Google goes through the proxy the environment names (main/net/node.ts).
  const network = createNodeNetwork({ env });
  const started = await startLatchkey({
    env,
    network: network.fetch,
    ...(options.keychainService ? { keychainService: options.keychainService } : {}),
    // Only the configured authorization endpoint gets here (checked in startLatchkey).
    openExternal: async (url) => options.onAuthorizationUrl(url),
    metadata,
    logger: options.logger,
    dataDir: options.dataDir,
    updates: createUpdateController(null, {
      version: packageVersion(),
      metadata,
      logger: options.logger,
      unsupportedNote: 'The browser preview is a development tool: it does not update itself.',
    }),
  }).catch(async (error: unknown) => {
    await network.close();
    throw error;
  });
  if (started.config.clientType === 'ios') {
    options.logger.warn(
      'the browser preview cannot receive the custom-scheme redirect of an iOS client: sign-in ' +
        'needs a "Desktop app" client (loopback redirect) here',
    );
  }

  const server = createServer();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => resolvePromise());
    });
  } catch (error) {
    await started.close();
    await network.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;
  const host = `${HOST}:${port}`;
  const csp = started.csp({ connectOrigins: [`ws://${host}`] });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serve(request, response);
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = securityHeaders(csp);
    const send = (status: number, body: string | Buffer | null, contentType?: string): void => {
      response.writeHead(
        status,
        contentType ? { ...headers, 'Content-Type': contentType } : headers,
      );
      response.end(request.method === 'HEAD' ? undefined : (body ?? undefined));
    };
    if (request.headers.host !== host) return send(421, null);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, null);
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', origin).pathname;
    } catch {
      return send(400, null);
    }
    if (pathname === '/' || pathname === '/index.html') {
      return send(200, indexHtml, 'text/html; charset=utf-8');
    }
    if (pathname === BRIDGE_SCRIPT_PATH) {
      return send(200, bridgeScript, 'text/javascript; charset=utf-8');
    }
    const file = await readRendererFile(rendererRoot, pathname);
    // Browsers ask for /favicon.ico on their own (Electron does not): no icon, no console error.
    if (!file && pathname === '/favicon.ico') return send(204, null);
    if (!file) return send(404, null);
    return send(200, file.body, file.contentType);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', origin).pathname;
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (pathname !== BRIDGE_SOCKET_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (request.headers.host !== host || request.headers.origin !== origin) {
      started.bridge.refuse('websocket', 'wrong Host or Origin');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const offered = (request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((item) => item.trim())
      .find((item) => item.startsWith(SECRET_PROTOCOL_PREFIX));
    if (!offered || !secretMatches(offered.slice(SECRET_PROTOCOL_PREFIX.length), secret)) {
      started.bridge.refuse('websocket', 'missing or wrong secret');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  sockets.on('connection', (ws: WebSocket) => {
    const detach = started.bridge.attach(
      (channel, payload) => {
        const message: ServerMessage = { type: 'event', channel, payload };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      { initial: true },
    );
    ws.on('close', detach);
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : data.toString());
    });
  });

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let message: unknown;
    try {
      message = text === null ? null : JSON.parse(text);
    } catch {
      message = null;
    }
    const call = message as { id?: unknown; channel?: unknown; input?: unknown } | null;
    if (typeof call !== 'object' || call === null || !Number.isSafeInteger(call.id)) {
      // Not a call we can answer: a well-behaved client never sends one.
      ws.close(1003, 'malformed message');
      return;
    }
    const result = await started.bridge.call(call.channel, call.input);
    const reply: ServerMessage = { type: 'result', id: call.id as number, result };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/#${SECRET_FRAGMENT_KEY}=${secret}`,
    origin,
    secret,
    latchkey: started,
    close() {
      closing ??= (async () => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
        await started.close();
        await network.close();
      })();
      return closing;
    },
  };
}
