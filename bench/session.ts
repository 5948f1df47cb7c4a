/**
 * A Latchkey as the app composes it (vault → auth core → service, as main/app/start.ts does),
 * pointed at the benchmark's emulator, with a keychain service of its own and metadata in a
 * temporary `conf` store, and every request to Google over the Node host's network port (the
 * preview's: main/net/node.ts). Sign-in and consent are answered over HTTP (bench/consent.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import type { FlowResult } from '../main/auth/index.ts';
import { createAuthCore } from '../main/auth/index.ts';
import type { AuthConfig, AuthCore, MetadataStore } from '../main/auth/types.ts';
import type { Logger } from '../main/log/log.ts';
import { loadConfig } from '../main/app/config.ts';
import { createService, type Service } from '../main/app/service.ts';
import { createNodeNetwork } from '../main/net/node.ts';
import { createVault, type TokenVault } from '../main/vault/index.ts';
import type { StoredDpopKey } from '../main/vault/types.ts';
import { consentOverHttp } from './consent.ts';
import type { RemoteEmulator } from './emulator.ts';

/** The account every measurement signs in as (seeded in the emulator). */
export const EMAIL = 'ada@example.com';

/** The benchmark prints figures, not log lines. */
export const quietLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A keychain service name of the benchmark's own, never the app's. */
export function benchKeychainService(): string {
  return `dev.latchkey.bench.${randomBytes(6).toString('hex')}`;
}

/** The app's configuration for one of the emulator's two clients. */
export function benchConfig(
  emulator: RemoteEmulator,
  kind: 'desktop' | 'ios',
  keychainService: string,
): AuthConfig {
  if (kind === 'desktop') {
    const demo = { endpoints: emulator.endpoints, clients: { desktop: emulator.clients.desktop } };
    return { ...loadConfig({}, { demo }), keychainService };
  }
  // An iOS-type client configured by its ID alone, as a user would, aimed at the emulator.
  const config = loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: emulator.clients.ios.clientId });
  return { ...config, mode: 'demo', keychainService, endpoints: { ...emulator.endpoints } };
}

/** A `conf` metadata store in `dir`; a new one on the same folder reads what the last one wrote. */
export function fileMetadata(dir: string): MetadataStore {
  const store = new Conf<Record<string, unknown>>({ cwd: dir, projectName: 'latchkey-bench' });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
  };
}

/** Keychain writes and metadata writes made by a session, and the time they took. */
export interface IoMeter {
  keychainWrites: number;
  keychainMs: number;
  metadataWrites: number;
  metadataMs: number;
}

export function newMeter(): IoMeter {
  return { keychainWrites: 0, keychainMs: 0, metadataWrites: 0, metadataMs: 0 };
}

/** The vault, with its writes counted and timed. */
function meteredVault(vault: TokenVault, meter: IoMeter): TokenVault {
  const write =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const start = performance.now();
      try {
        return await fn(...args);
      } finally {
        meter.keychainWrites += 1;
        meter.keychainMs += performance.now() - start;
      }
    };
  return {
    get: (sub) => vault.get(sub),
    getEntry: (sub) => vault.getEntry(sub),
    set: write((sub: string, token: string, key?: StoredDpopKey) => vault.set(sub, token, key)),
    delete: write((sub: string) => vault.delete(sub)),
    addPendingRevocation: write((token: string, since: Date) =>
      vault.addPendingRevocation(token, since),
    ),
    pendingRevocations: () => vault.pendingRevocations(),
    deletePendingRevocation: write((id: string) => vault.deletePendingRevocation(id)),
    storage: () => vault.storage(),
    onStorageChange: (listener) => vault.onStorageChange(listener),
  };
}

/** The metadata store, with its writes counted and timed (conf writes the file at once). */
function meteredMetadata(metadata: MetadataStore, meter: IoMeter): MetadataStore {
  const write =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      const start = performance.now();
      try {
        fn(...args);
      } finally {
        meter.metadataWrites += 1;
        meter.metadataMs += performance.now() - start;
      }
    };
  return {
    get: (key) => metadata.get(key),
    set: write((key: string, value: unknown) => metadata.set(key, value)),
    delete: write((key: string) => metadata.delete(key)),
  };
}

/** One running Latchkey (an app start). */
export interface Session {
  core: AuthCore;
  service: Service;
  /** Keychain and metadata writes since this session started. */
  io: IoMeter;
  /** Resolves with the next authorization URL the core asks the system browser to open. */
  nextAuthorizationUrl(): Promise<string>;
  close(): Promise<void>;
}

/** Starts a Latchkey on `config` and `metadata`, restoring whatever session they hold. */
export async function openSession(config: AuthConfig, metadata: MetadataStore): Promise<Session> {
  const io = newMeter();
  const vault = meteredVault(
    await createVault({ service: config.keychainService ?? config.appId, logger: quietLogger }),
    io,
  );
  const store = meteredMetadata(metadata, io);
  let waiting: Array<(url: string) => void> = [];
  const network = createNodeNetwork();
  const core = createAuthCore({
    config,
    vault,
    metadata: store,
    logger: quietLogger,
    fetch: network.fetch,
    openExternal: async (url) => {
      const resolvers = waiting;
      waiting = [];
      for (const resolve of resolvers) resolve(url);
    },
  });
  await core.restore();
  const service = createService(core, { metadata: store, logger: quietLogger });
  let closed: Promise<void> | null = null;
  return {
    core,
    service,
    io,
    nextAuthorizationUrl: () => new Promise((resolve) => waiting.push(resolve)),
    close() {
      closed ??= (async () => {
        service.dispose();
        await core.dispose();
        await network.close();
      })();
      return closed;
    },
  };
}

/**
 * Starts a flow with `begin`, answers the consent page as `email`, and resolves with the redirect
 * Google would send (not delivered yet) and the flow's pending result.
 */
export async function untilRedirect<T>(
  session: Session,
  begin: () => Promise<T>,
  email = EMAIL,
): Promise<{ redirect: string; result: Promise<T> }> {
  const url = session.nextAuthorizationUrl();
  const result = begin();
  const redirect = await consentOverHttp(await url, email);
  return { redirect, result };
}

/**
 * Hands the redirect to the app the way the OS or the browser would: the custom scheme to
 * `handleRedirect` (a deep link), a loopback URL as the browser's GET to the loopback listener.
 * Resolves with the loopback page's answer (or null) once it arrived.
 */
export function deliver(core: AuthCore, redirect: string): Promise<unknown> {
  if (redirect.startsWith('http://127.0.0.1:')) return fetch(redirect).then((r) => r.text());
  return core.handleRedirect(redirect);
}

/** Runs a whole flow (consent as `email`, delivery) and answers its result. */
export async function completeFlow<T>(
  session: Session,
  begin: () => Promise<T>,
  email = EMAIL,
): Promise<T> {
  const { redirect, result } = await untilRedirect(session, begin, email);
  const delivered = deliver(session.core, redirect);
  const outcome = await result;
  await delivered;
  return outcome;
}

/** Fails loudly when a flow did not sign in: a benchmark of failures measures nothing. */
export function expectSignedIn(result: FlowResult | { ok: boolean }): void {
  if (!result.ok) throw new Error(`the flow failed: ${JSON.stringify(result)}`);
}

/** Signs every account out (revoking at the emulator), leaving the keychain service empty. */
export async function signOutAll(session: Session): Promise<void> {
  for (const account of session.core.accounts()) await session.core.signOut(account.id);
}

/** The benchmark's signed-in app: {@link EMAIL} with Calendar connected and her profile cached. */
export interface App {
  /** The running session (replaced by {@link App.restart}). */
  session: Session;
  /** Closes the session and starts a new one on the same metadata folder and keychain service. */
  restart(): Promise<Session>;
  /** Signs out (revoking), closes the session and removes the metadata folder. */
  close(): Promise<void>;
}

/** Starts the app on the desktop (loopback) client, signs in, connects Calendar, loads the profile. */
export async function signedInApp(emulator: RemoteEmulator): Promise<App> {
  const config = benchConfig(emulator, 'desktop', benchKeychainService());
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-app-'));
  const first = await openSession(config, fileMetadata(dir));
  if (first.core.storage().kind !== 'keychain') {
    await first.close();
    throw new Error('no keychain: run the benchmark under scripts/with-keyring.sh');
  }
  expectSignedIn(await completeFlow(first, () => first.service.handlers.auth.signIn(undefined)));
  expectSignedIn(
    await completeFlow(first, () =>
      first.service.handlers.features.connect({ feature: 'calendar' }),
    ),
  );
  expectSignedIn(await first.service.handlers.profile.get(undefined));
  const app: App = {
    session: first,
    async restart() {
      await app.session.close();
      // A new conf instance reads the file again, as a new process would.
      app.session = await openSession(config, fileMetadata(dir));
      return app.session;
    },
    async close() {
      await signOutAll(app.session);
      await app.session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return app;
}
