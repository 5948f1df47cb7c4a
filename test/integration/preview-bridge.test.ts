/**
 * The browser preview over a real WebSocket and real HTTP: who may connect (secret, Origin,
 * Host), that calls round-trip through the shared dispatch, and that bad input is refused —
 * with the real core in demo mode (the local Google emulator) behind it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { methodList } from '../../common/contract.ts';
import { createLogger } from '../../main/log/log.ts';
import { startPreview, type Preview } from '../../preview/server.ts';
import {
  BRIDGE_PROTOCOL,
  BRIDGE_SCRIPT_PATH,
  BRIDGE_SOCKET_PATH,
  SECRET_PROTOCOL_PREFIX,
} from '../../preview/protocol.ts';

let preview: Preview;
let dataDir: string;
const logLines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-preview-'));
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('LATCHKEY_')) delete env[name];
  preview = await startPreview({
    port: 0,
    dataDir,
    env,
    logger: createLogger({ stream: { write: (line: string) => logLines.push(line) } }),
    onAuthorizationUrl: () => undefined,
  });
});

afterAll(async () => {
  await preview?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Attempt {
  opened: boolean;
  status?: number;
  socket?: WebSocket;
  /** Every message received since the socket was created. */
  received: unknown[];
}

/** Tries to open the bridge socket; resolves with the HTTP status when refused. */
function connect(options: {
  secret?: string | null;
  origin?: string | null;
  path?: string;
  host?: string;
}): Promise<Attempt> {
  const secret = options.secret === undefined ? preview.secret : options.secret;
  const protocols =
    secret === null ? [BRIDGE_PROTOCOL] : [BRIDGE_PROTOCOL, `${SECRET_PROTOCOL_PREFIX}${secret}`];
  const headers: Record<string, string> = {};
  if (options.host) headers.Host = options.host;
  const url = `${preview.origin.replace('http', 'ws')}${options.path ?? BRIDGE_SOCKET_PATH}`;
  const socket = new WebSocket(url, protocols, {
    ...(options.origin === null ? {} : { origin: options.origin ?? preview.origin }),
    headers,
  });
  const received: unknown[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString())));
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ opened: true, socket, received }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode, received });
      socket.terminate();
    });
    socket.once('error', () => resolve({ opened: false, received }));
  });
}

/** Sends one call and resolves with its answer. */
function call(socket: WebSocket, message: unknown): Promise<{ result: unknown }> {
  const id = (message as { id?: number }).id;
  return new Promise((resolve, reject) => {
    const onClose = (code: number): void => reject(new Error(`closed ${code}`));
    const onMessage = (data: WebSocket.RawData): void => {
      const parsed = JSON.parse(data.toString()) as { type: string; id?: number; result?: unknown };
      if (parsed.type === 'result' && parsed.id === id) {
        socket.off('message', onMessage);
        socket.off('close', onClose);
        resolve({ result: parsed.result });
      }
    };
    socket.on('message', onMessage);
    socket.once('close', onClose);
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('who may connect', () => {
  it('refuses a connection without the secret', async () => {
    expect(await connect({ secret: null })).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses a wrong secret, also one of the right length', async () => {
    expect(await connect({ secret: 'wrong' })).toMatchObject({ opened: false, status: 403 });
    const flipped = preview.secret.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    expect(await connect({ secret: flipped })).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses another Origin, or none', async () => {
    expect(await connect({ origin: 'http://evil.test' })).toMatchObject({
      opened: false,
      status: 403,
    });
    expect(
      await connect({ origin: preview.origin.replace('127.0.0.1', 'localhost') }),
    ).toMatchObject({
      opened: false,
      status: 403,
    });
    expect(await connect({ origin: null })).toMatchObject({ opened: false, status: 403 });
  });

  it('refuses another Host (DNS rebinding) and other paths', async () => {
    expect(await connect({ host: 'evil.test' })).toMatchObject({ opened: false, status: 403 });
    expect(await connect({ path: '/socket' })).toMatchObject({ opened: false, status: 404 });
  });

  it('accepts the page: right secret, Origin and Host', async () => {
    const attempt = await connect({});
    expect(attempt.opened).toBe(true);
    expect(attempt.socket?.protocol).toBe(BRIDGE_PROTOCOL);
    attempt.socket?.close();
  });
});

describe('calls', () => {
  it('round-trip through the shared dispatch, with the state pushed on connect', async () => {
    const { socket, received } = await connect({});
    const { result } = await call(socket!, { id: 1, channel: 'latchkey:auth.accounts' });
    expect(result).toMatchObject({ ok: true, value: { accounts: [], demo: true, activeId: null } });
    expect(received[0]).toMatchObject({
      type: 'event',
      channel: 'latchkey:auth.changed',
      payload: { accounts: [], demo: true },
    });
    const security = await call(socket!, { id: 2, channel: 'latchkey:settings.security' });
    expect(security.result).toMatchObject({
      ok: true,
      value: { demo: true, issuer: preview.latchkey.demoIssuer, redirect: 'loopback' },
    });
    socket!.close();
  });

  it('answer every contract channel with a Result (nothing hangs, nothing throws)', async () => {
    const { socket } = await connect({});
    let id = 10;
    for (const { channel } of methodList()) {
      // signIn/addAccount/connect would open a flow; give them inputs they must refuse.
      const input = /signIn|addAccount/.test(channel)
        ? { loginHint: 'x'.repeat(400) }
        : { bogus: 1 };
      const { result } = await call(socket!, { id: id++, channel, input });
      expect(result, channel).toHaveProperty('ok');
    }
    socket!.close();
  });

  it.each([
    [{ id: 3, channel: 'latchkey:auth.signOut', input: {} }],
    [{ id: 4, channel: 'latchkey:auth.signOut', input: { accountId: 'a', extra: 1 } }],
    [{ id: 5, channel: 'latchkey:calendar.upcoming', input: { days: 99 } }],
    [{ id: 6, channel: 'latchkey:auth.accounts', input: null }],
    [{ id: 7, channel: 'latchkey:nope.nothing' }],
    [{ id: 8, channel: 'latchkey:auth.__proto__' }],
    [{ id: 9, channel: 42 }],
  ])('refuses bad input %j with INVALID_ARGUMENT', async (message) => {
    const { socket } = await connect({});
    const { result } = await call(socket!, message);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    socket!.close();
  });

  it('closes the socket on a message that is not a call', async () => {
    for (const bad of ['not json', '[]', '{"channel":"latchkey:auth.accounts"}', '{"id":"1"}']) {
      const { socket } = await connect({});
      const closed = new Promise<number>((resolve) =>
        socket!.once('close', (code) => resolve(code)),
      );
      socket!.send(bad);
      expect(await closed, bad).toBe(1003);
    }
  });

  it('refuses oversized messages', async () => {
    const { socket } = await connect({});
    const closed = new Promise<number>((resolve) => socket!.once('close', (code) => resolve(code)));
    socket!.send(
      JSON.stringify({
        id: 1,
        channel: 'latchkey:drive.recent',
        input: { query: 'x'.repeat(70_000) },
      }),
    );
    expect(await closed).toBe(1009);
  });
});

describe('the served page', () => {
  it('carries the CSP (own WebSocket only) and loads the bridge script before the renderer', async () => {
    const response = await fetch(`${preview.origin}/`);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`connect-src ws://${new URL(preview.origin).host}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(preview.latchkey.demoIssuer!);
    const html = await response.text();
    expect(html).toContain(`<script src="${BRIDGE_SCRIPT_PATH}"></script>`);
    expect(html).not.toMatch(/<script>(?!<)/);
    const script = await fetch(`${preview.origin}${BRIDGE_SCRIPT_PATH}`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 outside the renderer and 421 to another Host', async () => {
    const { request } = await import('node:http');
    const get = (path: string, host?: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(preview.origin);
        const req = request(
          { host: url.hostname, port: url.port, path, headers: host ? { Host: host } : {} },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get('/../../etc/passwd')).toBe(404);
    expect(await get('/%2e%2e/%2e%2e/etc/passwd')).toBe(404);
    expect(await get('/assets/..%2f..%2f..%2fpackage.json')).toBe(404);
    expect(await get('/', 'evil.test')).toBe(421);
    expect(await get('/', `localhost:${new URL(preview.origin).port}`)).toBe(421);
  });
});
