/**
 * The bridge round trip over the browser preview's transport — a real WebSocket to
 * preview/server.ts, with its per-launch secret and Origin check, JSON both ways, the shared
 * dispatch (contract lookup, schema validation) — against the same call dispatched in-process.
 * Calls alternate between the two, so drift on a busy machine hits both alike.
 *
 * The preview runs as `npm start` does without Electron: demo mode, with its own in-process
 * emulator and the demo keychain service; the benchmark signs out at the end, which removes its
 * keychain entry again.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { channelOf } from '../common/contract.ts';
import { dispatch } from '../main/bridge/dispatch.ts';
import {
  BRIDGE_PROTOCOL,
  BRIDGE_SOCKET_PATH,
  SECRET_PROTOCOL_PREFIX,
} from '../preview/protocol.ts';
import type { ServerMessage } from '../preview/protocol.ts';
import { startPreview, type Preview } from '../preview/server.ts';
import { consentOverHttp } from './consent.ts';
import { EMAIL, expectSignedIn, quietLogger } from './session.ts';
import { median, p95, ratio, ms, summary, timed, type Row } from './stats.ts';

/** A bridge client as preview/client.ts is, in Node: one socket, calls matched by id. */
async function connect(preview: Preview): Promise<{
  call(namespace: string, method: string, input?: unknown): Promise<unknown>;
  close(): void;
}> {
  const url = `ws://${new URL(preview.origin).host}${BRIDGE_SOCKET_PATH}`;
  const socket = new WebSocket(
    url,
    [BRIDGE_PROTOCOL, `${SECRET_PROTOCOL_PREFIX}${preview.secret}`],
    {
      origin: preview.origin,
    },
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    }
  });
  let nextId = 1;
  return {
    call(namespace, method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ id, channel: channelOf(namespace, method), input }));
      });
    },
    close: () => socket.close(),
  };
}

/** Runs a preview flow: the URL it would open is answered over HTTP, the redirect delivered. */
async function flow<T>(next: () => Promise<string>, begin: () => Promise<T>): Promise<T> {
  const url = next();
  const result = begin();
  const redirect = await consentOverHttp(await url, EMAIL);
  await fetch(redirect).then((response) => response.text());
  return result;
}

interface Pair {
  socket: number[];
  direct: number[];
}

export async function measureBridge(): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lk-bench-preview-'));
  let waiting: Array<(url: string) => void> = [];
  const preview = await startPreview({
    dataDir,
    env: {},
    // Its own keychain service: signing in and out here never touches a developer's demo entries.
    keychainService: `dev.latchkey.bench.${randomUUID()}`,
    logger: quietLogger,
    onAuthorizationUrl: (url) => {
      const resolvers = waiting;
      waiting = [];
      for (const resolve of resolvers) resolve(url);
    },
  });
  const next = (): Promise<string> => new Promise((resolve) => waiting.push(resolve));
  const { handlers } = preview.latchkey;
  const client = await connect(preview);
  try {
    expectSignedIn(await flow(next, () => handlers.auth.signIn(undefined)));
    expectSignedIn(await flow(next, () => handlers.features.connect({ feature: 'calendar' })));

    const measure = async (namespace: string, method: string, runs: number): Promise<Pair> => {
      const pair: Pair = { socket: [], direct: [] };
      for (let i = 0; i < runs + 20; i += 1) {
        const overSocket = await timed(() => client.call(namespace, method));
        const inProcess = await timed(() =>
          dispatch(handlers, { namespace, method, input: undefined }),
        );
        for (const { value } of [overSocket, inProcess]) {
          if (!(value as { ok?: boolean }).ok)
            throw new Error(`bridge: ${namespace}.${method} failed`);
        }
        if (i < 20) continue; // warm-up
        pair.socket.push(overSocket.ms);
        pair.direct.push(inProcess.ms);
      }
      return pair;
    };
    const noop = await measure('settings', 'security', 300);
    const agenda = await measure('calendar', 'upcoming', 100);

    const row = (what: string, pair: Pair): Row => ({
      measurement: `Bridge round trip, ${what}: preview WebSocket vs in-process`,
      figure: `${summary(pair.socket)}`,
      detail:
        `in-process dispatch: median ${ms(median(pair.direct))} · p95 ${ms(p95(pair.direct))}; ` +
        `ratio of medians ${ratio(median(pair.socket), median(pair.direct))}`,
    });
    const result = [
      row('no-op (settings.security)', noop),
      row('Calendar (calendar.upcoming, 7 days)', agenda),
    ];
    const accountId = preview.latchkey.core.activeId();
    if (accountId) await handlers.auth.signOut({ accountId });
    return result;
  } finally {
    client.close();
    await preview.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
