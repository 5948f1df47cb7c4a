/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Manager
 * on Windows). keytar is imported lazily so a missing or mis-built native module is an ordinary,
 * catchable failure (→ memory-only fallback) instead of a crash at start.
 */
import type { KeytarLike, SecretBackend } from './types.ts';

/** Loads keytar; tests and other shells may pass their own loader. */
export type KeytarLoader = () => Promise<KeytarLike>;

export const loadKeytar: KeytarLoader = async () => {
  const module = (await import('@github/keytar')) as unknown as {
    default?: KeytarLike;
  } & KeytarLike;
  return module.default ?? module;
};

/** A keychain call that did not answer in time (a locked keyring waiting for a prompt). */
export class KeychainTimeoutError extends Error {
  constructor() {
    super('the keychain did not answer in time');
    this.name = 'KeychainTimeoutError';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new KeychainTimeoutError()), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Every keytar call in the process, one at a time. keytar runs each call on a libuv worker
 * thread, and libsecret is not safe under concurrent use: parallel calls have been seen to return
 * stale answers and to crash the process. A call that hangs releases the line at its time limit.
 */
let line: Promise<unknown> = Promise.resolve();

/** Runs `call` after every keytar call queued before it has settled (or timed out). */
export function serialized<T>(call: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const result = line.then(() => withTimeout(call(), timeoutMs));
  line = result.catch(() => undefined);
  return result;
}

/** A {@link SecretBackend} over keytar for one service name. Every call is time-limited. */
export function createKeytarBackend(
  keytar: KeytarLike,
  service: string,
  timeoutMs: number,
): SecretBackend {
  return {
    get: (account) => serialized(() => keytar.getPassword(service, account), timeoutMs),
    set: (account, value) =>
      serialized(() => keytar.setPassword(service, account, value), timeoutMs),
    delete: async (account) => {
      await serialized(() => keytar.deletePassword(service, account), timeoutMs);
    },
  };
}
