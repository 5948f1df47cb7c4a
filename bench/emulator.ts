/**
 * The local Google for the benchmark, in its own Node process (`node emulator/cli.ts`), as
 * Google is another machine: its CPU time and memory stay out of the figures measured here.
 * Driven through its HTTP switches (/__emulator/*).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Endpoints } from '../main/auth/types.ts';
import { DESKTOP_CLIENT, IOS_CLIENT } from '../emulator/clients.ts';
import type { EmulatorStats, EndpointName } from '../emulator/index.ts';
import type { TokenTimings } from '../emulator/state.ts';

const ROOT = resolve(import.meta.dirname, '..');

/** A running emulator process. */
export interface RemoteEmulator {
  issuer: string;
  endpoints: Endpoints;
  clients: { desktop: typeof DESKTOP_CLIENT; ios: typeof IOS_CLIENT };
  /** Requests served so far, by endpoint. */
  stats(): Promise<EmulatorStats['requests']>;
  /** The token endpoint's own answer times, with and without a DPoP proof (the server's side). */
  tokenTimings(): Promise<TokenTimings>;
  /** Zeroes the counters and the timings. */
  resetStats(): Promise<void>;
  /** Lifetime of access tokens issued from now on. */
  setAccessTokenTtl(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/** Requests made between two {@link RemoteEmulator.stats} snapshots, by endpoint (non-zero only). */
export function requestsBetween(
  before: EmulatorStats['requests'],
  after: EmulatorStats['requests'],
): Partial<Record<EndpointName, number>> {
  const made: Partial<Record<EndpointName, number>> = {};
  for (const [name, count] of Object.entries(after) as Array<[EndpointName, number]>) {
    const delta = count - (before[name] ?? 0);
    if (delta > 0) made[name] = delta;
  }
  return made;
}

/** The sum of a {@link requestsBetween} answer. */
export function total(requests: Partial<Record<EndpointName, number>>): number {
  return Object.values(requests).reduce((sum, n) => sum + (n ?? 0), 0);
}

/** Starts `npm run emulator` on a free port and waits for its issuer URL. */
export async function startRemoteEmulator(): Promise<RemoteEmulator> {
  const child = spawn(process.execPath, ['emulator/cli.ts', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const issuer = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) done(match[1]);
    });
    child.once('exit', (code) =>
      fail(new Error(`the emulator exited (${code}) before it started`)),
    );
  });

  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${issuer}/__emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`emulator ${path}: HTTP ${response.status}`);
    return response.json();
  };

  return {
    issuer,
    endpoints: {
      issuer,
      authorization: `${issuer}/o/oauth2/v2/auth`,
      token: `${issuer}/token`,
      revoke: `${issuer}/revoke`,
      userinfo: `${issuer}/v1/userinfo`,
      jwks: `${issuer}/oauth2/v3/certs`,
      apiRoot: `${issuer}/`,
    },
    clients: { desktop: DESKTOP_CLIENT, ios: IOS_CLIENT },
    stats: async () => ((await control('stats')) as EmulatorStats).requests,
    tokenTimings: async () => (await control('token-timings')) as TokenTimings,
    resetStats: async () => void (await control('reset-stats', {})),
    setAccessTokenTtl: async (seconds) => void (await control('token-ttl', { seconds })),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
