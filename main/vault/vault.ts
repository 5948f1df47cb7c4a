/**
 * The TokenVault: the keychain when it works, memory when it does not.
 *
 * The first keychain failure of any kind (no Secret Service, locked, refusing, native module
 * missing, no answer) switches this vault to memory-only for the rest of the run, records why and
 * tells listeners, so the window can warn that the session will not survive a restart. Nothing
 * secret is ever written anywhere else.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialStorage, KeychainProblem } from '../../common/model.ts';
import type { Logger } from '../log/log.ts';
import {
  decodeRefreshEntry,
  decodeRevocation,
  decodeRevocationIndex,
  encodeRefreshToken,
  encodeRevocation,
  encodeRevocationIndex,
} from './envelope.ts';
import {
  createKeytarBackend,
  KEYCHAIN_TIMING,
  loadKeytar,
  type KeytarLoader,
} from './keytar-backend.ts';
import { createMemoryBackend } from './memory-backend.ts';
import type { PendingRevocation, SecretBackend, TokenVault } from './types.ts';

export interface VaultOptions {
  /** Keychain service name (`config.keychainService`; tests use their own). */
  service: string;
  logger: Logger;
  /** How keytar is loaded (default: dynamic import). */
  loadKeytar?: KeytarLoader;
  /** Skip the keychain entirely (e.g. a `--no-keychain` switch); the reason is shown to the user. */
  memoryOnlyReason?: string;
  /**
   * Time limit for one keychain call (default 3 minutes). A call can wait for the person: the OS
   * may be asking whether Latchkey may use its entry (macOS after an update) or to unlock it.
   */
  keychainTimeoutMs?: number;
  /** After this long a call is taken to be waiting for such a prompt (default 5 s). */
  keychainPromptAfterMs?: number;
  /** The keychain is a keyring started for this run only (see CredentialStorage.temporary). */
  temporaryKeychain?: boolean;
}

const REVOCATION_PREFIX = 'pending-revocation:';
/** Names the pending revocations (ids only), so they are found without listing the keychain. */
const REVOCATION_INDEX = 'pending-revocations';
/** Google `sub`s are decimal; other issuers use short printable ids. */
const ACCOUNT_NAME = /^[A-Za-z0-9._@+-]{1,255}$/;

/** The tail of each service's operation queue. */
const queues = new Map<string, Promise<unknown>>();

/** The account of the probe entry written and removed at start. */
const PROBE_ACCOUNT = 'latchkey-probe';

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 160);
}

/**
 * What kind of keychain failure `message` is (libsecret's, macOS's and Windows's own words), so
 * each gets its own advice. A store into a Secret Service without a default collection fails
 * with "No such secret collection at path: /org/freedesktop/secrets/aliases/default": checked
 * first, since it names the Secret Service too.
 */
export function classifyKeychainFailure(message: string): KeychainProblem {
  if (
    /aliases\/default|no such secret collection|collection\/login|default (collection|keyring)/i.test(
      message,
    )
  )
    return 'no-default-collection';
  if (/\block(ed)?\b|unlock/i.test(message)) return 'locked';
  if (
    /d-?bus|secret ?service|org\.freedesktop\.secrets|libsecret|\$DISPLAY|autolaunch/i.test(message)
  )
    return 'no-service';
  if (
    /denied|not allowed|refused|permission|user (interaction|canceled|cancelled)|canceled|cancelled/i.test(
      message,
    )
  )
    return 'refused';
  return 'unavailable';
}

function checkSub(sub: string): void {
  if (!ACCOUNT_NAME.test(sub) || sub.startsWith('pending-revocation')) {
    throw new TypeError('invalid account id for the vault');
  }
}

/**
 * Creates the vault: loads keytar and probes the keychain once; any failure → memory-only.
 * A call that waits for the person (a keychain prompt) is not a failure: while it waits, the
 * storage says `waiting` and listeners hear it, so the window can say what it waits for.
 * Never throws.
 */
export async function createVault(options: VaultOptions): Promise<TokenVault> {
  const { service, logger } = options;
  const memory = createMemoryBackend();
  let backend: SecretBackend = memory;
  let storage: CredentialStorage = { kind: 'memory', reason: '' };
  const listeners = new Set<(storage: CredentialStorage) => void>();
  /** Keychain calls now waiting longer than a program would: a prompt is probably open. */
  let waiting = 0;

  const tell = (): void => {
    for (const listener of listeners) {
      try {
        listener(storage);
      } catch {
        // A listener's failure must not break the vault.
      }
    }
  };

  const setWaiting = (delta: 1 | -1): void => {
    waiting += delta;
    if (storage.kind !== 'keychain') return;
    const now = waiting > 0;
    if (Boolean(storage.waiting) === now) return;
    storage = { ...storage, waiting: now };
    if (!now) delete storage.waiting;
    if (now) logger.info('waiting for the keychain to answer (a prompt may be open)');
    tell();
  };

  const timing = {
    promptAfterMs: options.keychainPromptAfterMs ?? KEYCHAIN_TIMING.promptAfterMs,
    timeoutMs: options.keychainTimeoutMs ?? KEYCHAIN_TIMING.timeoutMs,
    onWaiting: () => {
      setWaiting(1);
      return () => setWaiting(-1);
    },
  };

  const fallBack = (reason: string, problem: KeychainProblem): void => {
    if (storage.kind === 'memory' && backend === memory && storage.reason) return;
    backend = memory;
    storage = { kind: 'memory', reason, problem };
    logger.warn('keychain unavailable; keeping credentials in memory only', { reason, problem });
    tell();
  };

  if (options.memoryOnlyReason) {
    storage = { kind: 'memory', reason: options.memoryOnlyReason };
  } else {
    try {
      const keytar = await (options.loadKeytar ?? loadKeytar)();
      const keychain = createKeytarBackend(keytar, service, timing);
      // Probe: a write and its removal. A read alone succeeds where writing cannot (a Secret
      // Service without a default collection answers lookups, then refuses the first store):
      // the window promises the keychain only once a write went through. Removed at once, so no
      // probe entry is left for a later version to be asked about.
      await keychain.set(PROBE_ACCOUNT, 'probe');
      await keychain.delete(PROBE_ACCOUNT);
      backend = keychain;
      storage = {
        kind: 'keychain',
        service,
        ...(options.temporaryKeychain ? { temporary: true } : {}),
      };
    } catch (error) {
      storage = { kind: 'memory', reason: '' };
      fallBack(
        `The system keychain is not available: ${describe(error)}`,
        classifyKeychainFailure(describe(error)),
      );
    }
  }

  /** Runs `op` against the current backend; a keychain failure switches to memory and reruns it. */
  const run = <T>(op: (b: SecretBackend) => Promise<T>): Promise<T> => {
    // One operation at a time per service across every vault in the process, so compound updates
    // (an entry and the revocation index) never interleave.
    const queue = queues.get(service) ?? Promise.resolve();
    const next = queue.then(async () => {
      const current = backend;
      try {
        return await op(current);
      } catch (error) {
        if (current === memory) throw error;
        fallBack(
          `The system keychain refused a request: ${describe(error)}`,
          classifyKeychainFailure(describe(error)),
        );
        return op(memory);
      }
    });
    queues.set(
      service,
      next.catch(() => undefined),
    );
    return next;
  };

  /** The ids of pending revocations; an unusable index is dropped (its entries are orphaned). */
  const readIndex = async (b: SecretBackend): Promise<string[]> => {
    const raw = await b.get(REVOCATION_INDEX);
    if (raw === null) return [];
    const decoded = decodeRevocationIndex(raw);
    if (decoded.ok) return decoded.value;
    logger.warn('unusable revocation index removed', { problem: decoded.problem });
    await b.delete(REVOCATION_INDEX);
    return [];
  };

  const writeIndex = async (b: SecretBackend, ids: string[]): Promise<void> => {
    if (ids.length === 0) await b.delete(REVOCATION_INDEX);
    else await b.set(REVOCATION_INDEX, encodeRevocationIndex(ids));
  };

  const removeQuietly = async (account: string): Promise<void> => {
    try {
      await run((b) => b.delete(account));
    } catch {
      // Nothing more to do: the entry is unusable either way.
    }
  };

  const getEntry: TokenVault['getEntry'] = async (sub) => {
    checkSub(sub);
    const raw = await run((b) => b.get(sub));
    if (raw === null) return null;
    const decoded = decodeRefreshEntry(raw);
    if (decoded.ok) return decoded.value;
    logger.warn('unusable keychain entry removed', { account: sub, problem: decoded.problem });
    await removeQuietly(sub);
    return null;
  };

  return {
    async get(sub) {
      return (await getEntry(sub))?.token ?? null;
    },
    getEntry,
    async set(sub, refreshToken, dpopKey) {
      checkSub(sub);
      const value = encodeRefreshToken(refreshToken, dpopKey);
      // One setPassword call replaces the old value in place: there is no moment without a token.
      await run((b) => b.set(sub, value));
    },
    async delete(sub) {
      checkSub(sub);
      await run((b) => b.delete(sub));
    },
    async addPendingRevocation(token, since) {
      const id = randomBytes(12).toString('base64url');
      const value = encodeRevocation(token, since);
      await run(async (b) => {
        // Entry first, index second: a crash in between leaves an orphan entry, never an index
        // pointing at nothing that matters.
        await b.set(REVOCATION_PREFIX + id, value);
        const ids = await readIndex(b);
        await b.set(REVOCATION_INDEX, encodeRevocationIndex([...ids, id]));
      });
      return id;
    },
    async pendingRevocations() {
      return run(async (b) => {
        const ids = await readIndex(b);
        const pending: PendingRevocation[] = [];
        const keep: string[] = [];
        for (const id of ids) {
          const raw = await b.get(REVOCATION_PREFIX + id);
          if (raw === null) continue;
          const decoded = decodeRevocation(raw);
          if (decoded.ok) {
            pending.push({ id, ...decoded.value });
            keep.push(id);
          } else {
            logger.warn('unusable pending revocation removed', { problem: decoded.problem });
            await b.delete(REVOCATION_PREFIX + id);
          }
        }
        if (keep.length !== ids.length) await writeIndex(b, keep);
        return pending.sort((x, y) => x.since.localeCompare(y.since));
      });
    },
    async deletePendingRevocation(id) {
      await run(async (b) => {
        await b.delete(REVOCATION_PREFIX + id);
        const ids = await readIndex(b);
        await writeIndex(
          b,
          ids.filter((other) => other !== id),
        );
      });
    },
    storage: () => storage,
    onStorageChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
