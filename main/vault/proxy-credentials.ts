/**
 * Proxy sign-ins the person asked Latchkey to remember: a user name and password per proxy
 * (`host:port`) and realm, in the OS keychain under their own service (`<keychain service>.proxy`,
 * beside the refresh tokens' entry, never in it), through the same keytar backend and the same
 * one-call-at-a-time line as the token vault (keytar-backend.ts).
 *
 * One entry per sign-in, named `host:port "realm"`, plus an `index` entry listing them (keytar's
 * `findCredentials` is not used: see {@link KeytarLike}). The index holds no password.
 *
 * The first keychain failure switches the store to memory for the rest of the run, as the vault
 * does: what is remembered then lasts until Latchkey quits, and {@link ProxyCredentialStore.persistent}
 * says so. Never throws.
 */
import type { Logger } from '../log/log.ts';
import { createKeytarBackend, loadKeytar, type KeytarLoader } from './keytar-backend.ts';
import { createMemoryBackend } from './memory-backend.ts';
import type { SecretBackend } from './types.ts';

/** Which proxy sign-in: the proxy as `host:port` and the realm it named ('' for none). */
export interface ProxyKey {
  proxy: string;
  realm: string;
}

/** What a proxy is answered with. */
export interface ProxyCredentials {
  username: string;
  password: string;
}

/** A remembered sign-in as listed (no password). */
export interface SavedProxyEntry extends ProxyKey {
  username: string;
}

export interface ProxyCredentialStore {
  /** The remembered sign-in for `key`, or null (none, unreadable, or the keychain failed). */
  get(key: ProxyKey): Promise<ProxyCredentials | null>;
  /** Remembers (or replaces) the sign-in for `key`. */
  save(key: ProxyKey, credentials: ProxyCredentials): Promise<void>;
  /** Forgets the sign-in for `key`; absent is fine. */
  forget(key: ProxyKey): Promise<void>;
  /** Every remembered sign-in, in the order they were first saved. */
  list(): Promise<SavedProxyEntry[]>;
  /** False once the keychain failed: what is remembered from then on ends with this run. */
  persistent(): boolean;
}

export interface ProxyCredentialStoreOptions {
  /** The keychain service (`<keychain service>.proxy`). */
  service: string;
  logger: Logger;
  /** How keytar is loaded (default: dynamic import). */
  loadKeytar?: KeytarLoader;
  /** The secret store itself instead of keytar (tests). */
  backend?: SecretBackend;
}

/** The entry that lists the others. */
const INDEX = 'index';
/** At most this many sign-ins are kept (one per proxy and realm: a handful in practice). */
export const MAX_SAVED_PROXIES = 20;
/** Longest entry read back: anything larger is not ours. */
const MAX_ENTRY_CHARS = 8 * 1024;

/** The keychain account name of one sign-in: `host:port "realm"`. */
export function proxyAccountName(key: ProxyKey): string {
  return `${key.proxy} ${JSON.stringify(key.realm)}`;
}

function parse(text: string | null): unknown {
  if (text === null || text.length > MAX_ENTRY_CHARS) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isEntry(value: unknown): value is SavedProxyEntry {
  const record = value as Partial<SavedProxyEntry> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.proxy === 'string' &&
    typeof record.realm === 'string' &&
    typeof record.username === 'string'
  );
}

function readIndex(text: string | null): SavedProxyEntry[] {
  const value = parse(text) as { v?: unknown; entries?: unknown } | null;
  if (value?.v !== 1 || !Array.isArray(value.entries)) return [];
  return value.entries
    .filter(isEntry)
    .map(({ proxy, realm, username }) => ({ proxy, realm, username }))
    .slice(0, MAX_SAVED_PROXIES);
}

function sameKey(a: ProxyKey, b: ProxyKey): boolean {
  return a.proxy === b.proxy && a.realm === b.realm;
}

export function createProxyCredentialStore(
  options: ProxyCredentialStoreOptions,
): ProxyCredentialStore {
  const { logger } = options;
  const memory = createMemoryBackend();
  let keychain: Promise<SecretBackend> | null = options.backend
    ? Promise.resolve(options.backend)
    : null;
  let failed = false;

  /** The keychain, loaded on first use; memory once it failed. */
  const backend = async (): Promise<SecretBackend> => {
    if (failed) return memory;
    keychain ??= (options.loadKeytar ?? loadKeytar)().then((keytar) =>
      createKeytarBackend(keytar, options.service),
    );
    try {
      return await keychain;
    } catch (error) {
      fallBack(error);
      return memory;
    }
  };

  const fallBack = (error: unknown): void => {
    if (failed) return;
    failed = true;
    logger.warn('proxy sign-ins: the keychain failed; remembered until Latchkey quits', {
      error: error instanceof Error ? error.name : typeof error,
    });
  };

  /** Runs `call` on the keychain; on its first failure, again on memory. */
  const run = async <T>(call: (store: SecretBackend) => Promise<T>): Promise<T> => {
    const store = await backend();
    try {
      return await call(store);
    } catch (error) {
      if (store === memory) throw error;
      fallBack(error);
      return call(memory);
    }
  };

  /** One change to the index at a time (each is a read, then a write). */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task);
    queue = result.catch(() => undefined);
    return result;
  };

  const list = (): Promise<SavedProxyEntry[]> =>
    run(async (store) => readIndex(await store.get(INDEX)));

  const writeIndex = (entries: SavedProxyEntry[]): Promise<void> =>
    run((store) =>
      entries.length === 0
        ? store.delete(INDEX)
        : store.set(INDEX, JSON.stringify({ v: 1, entries })),
    );

  return {
    async get(key) {
      try {
        const value = parse(await run((store) => store.get(proxyAccountName(key)))) as {
          v?: unknown;
          proxy?: unknown;
          realm?: unknown;
          username?: unknown;
          password?: unknown;
        } | null;
        if (
          value?.v !== 1 ||
          value.proxy !== key.proxy ||
          value.realm !== key.realm ||
          typeof value.username !== 'string' ||
          typeof value.password !== 'string'
        ) {
          return null;
        }
        return { username: value.username, password: value.password };
      } catch {
        return null;
      }
    },
    save: (key, credentials) =>
      serially(async () => {
        const entry = JSON.stringify({ v: 1, ...key, ...credentials });
        await run((store) => store.set(proxyAccountName(key), entry));
        const entries = (await list()).filter((other) => !sameKey(other, key));
        entries.push({ ...key, username: credentials.username });
        // Past the limit, the oldest sign-ins go (entry and all).
        const dropped = entries.splice(0, Math.max(0, entries.length - MAX_SAVED_PROXIES));
        for (const old of dropped) await run((store) => store.delete(proxyAccountName(old)));
        await writeIndex(entries);
      }),
    forget: (key) =>
      serially(async () => {
        await run((store) => store.delete(proxyAccountName(key)));
        const entries = await list();
        const left = entries.filter((other) => !sameKey(other, key));
        if (left.length !== entries.length) await writeIndex(left);
      }),
    list: () => serially(list).catch(() => []),
    persistent: () => !failed,
  };
}
