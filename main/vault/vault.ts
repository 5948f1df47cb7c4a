/**
 * The TokenVault: the keychain when it works, memory when it does not.
 *
 * The first keychain failure of any kind (no Secret Service, locked, refusing, native module
 * missing, no answer) switches this vault to memory-only for the rest of the run, records why and
 * tells listeners, so the window can warn that the session will not survive a restart. Nothing
 * secret is ever written anywhere else.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialStorage } from '../../preload/contract.ts';
import type { Logger } from '../auth/types.ts';
import {
  decodeRefreshToken,
  decodeRevocation,
  encodeRefreshToken,
  encodeRevocation,
} from './envelope.ts';
import { createKeytarBackend, loadKeytar, type KeytarLoader } from './keytar-backend.ts';
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
  /** Time limit for one keychain call (default 5 s: a locked keyring may wait for a prompt). */
  keychainTimeoutMs?: number;
}

const REVOCATION_PREFIX = 'pending-revocation:';
/** Google `sub`s are decimal; other issuers use short printable ids. */
const ACCOUNT_NAME = /^[A-Za-z0-9._@+-]{1,255}$/;

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 160);
}

function checkSub(sub: string): void {
  if (!ACCOUNT_NAME.test(sub) || sub.startsWith(REVOCATION_PREFIX)) {
    throw new TypeError('invalid account id for the vault');
  }
}

/**
 * Creates the vault: loads keytar and probes the keychain once; any failure → memory-only.
 * Never throws.
 */
export async function createVault(options: VaultOptions): Promise<TokenVault> {
  const { service, logger } = options;
  const timeoutMs = options.keychainTimeoutMs ?? 5_000;
  const memory = createMemoryBackend();
  let backend: SecretBackend = memory;
  let storage: CredentialStorage = { kind: 'memory', reason: '' };
  const listeners = new Set<(storage: CredentialStorage) => void>();

  const fallBack = (reason: string): void => {
    if (storage.kind === 'memory' && backend === memory && storage.reason) return;
    backend = memory;
    storage = { kind: 'memory', reason };
    logger.warn('keychain unavailable; keeping credentials in memory only', { reason });
    for (const listener of listeners) {
      try {
        listener(storage);
      } catch {
        // A listener's failure must not break the vault.
      }
    }
  };

  if (options.memoryOnlyReason) {
    storage = { kind: 'memory', reason: options.memoryOnlyReason };
  } else {
    try {
      const keytar = await (options.loadKeytar ?? loadKeytar)();
      const keychain = createKeytarBackend(keytar, service, timeoutMs);
      // Probe: a read reaches the Secret Service and fails fast when there is none or it is locked.
      await keychain.get('latchkey-probe');
      backend = keychain;
      storage = { kind: 'keychain', service };
    } catch (error) {
      storage = { kind: 'memory', reason: '' };
      fallBack(`The system keychain is not available: ${describe(error)}`);
    }
  }

  /** Runs `op` against the current backend; a keychain failure switches to memory and reruns it. */
  const run = async <T>(op: (b: SecretBackend) => Promise<T>): Promise<T> => {
    const current = backend;
    try {
      return await op(current);
    } catch (error) {
      if (current === memory) throw error;
      fallBack(`The system keychain refused a request: ${describe(error)}`);
      return op(memory);
    }
  };

  const removeQuietly = async (account: string): Promise<void> => {
    try {
      await run((b) => b.delete(account));
    } catch {
      // Nothing more to do: the entry is unusable either way.
    }
  };

  return {
    async get(sub) {
      checkSub(sub);
      const raw = await run((b) => b.get(sub));
      if (raw === null) return null;
      const decoded = decodeRefreshToken(raw);
      if (decoded.ok) return decoded.value;
      logger.warn('unusable keychain entry removed', { account: sub, problem: decoded.problem });
      await removeQuietly(sub);
      return null;
    },
    async set(sub, refreshToken) {
      checkSub(sub);
      const value = encodeRefreshToken(refreshToken);
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
      await run((b) => b.set(REVOCATION_PREFIX + id, value));
      return id;
    },
    async pendingRevocations() {
      const entries = await run((b) => b.list());
      const pending: PendingRevocation[] = [];
      for (const entry of entries) {
        if (!entry.account.startsWith(REVOCATION_PREFIX)) continue;
        const id = entry.account.slice(REVOCATION_PREFIX.length);
        const decoded = decodeRevocation(entry.value);
        if (decoded.ok) {
          pending.push({ id, ...decoded.value });
        } else {
          logger.warn('unusable pending revocation removed', { problem: decoded.problem });
          await removeQuietly(entry.account);
        }
      }
      return pending.sort((a, b) => a.since.localeCompare(b.since));
    },
    async deletePendingRevocation(id) {
      await run((b) => b.delete(REVOCATION_PREFIX + id));
    },
    storage: () => storage,
    onStorageChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
