/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Manager
 * on Windows). keytar is imported lazily so a missing or mis-built native module is an ordinary,
 * catchable failure (→ memory-only fallback) instead of a crash at start.
 */
import type { KeytarLike, SecretBackend } from './types.ts';

/** Loads keytar; tests and other shells may pass their own loader. */
export type KeytarLoader = () => Promise<KeytarLike>;

export const loadKeytar: KeytarLoader = async () => {
  const module = (await import('keytar')) as unknown as { default?: KeytarLike } & KeytarLike;
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

/** A {@link SecretBackend} over keytar for one service name. Every call is time-limited. */
export function createKeytarBackend(
  keytar: KeytarLike,
  service: string,
  timeoutMs: number,
): SecretBackend {
  return {
    get: (account) => withTimeout(keytar.getPassword(service, account), timeoutMs),
    set: (account, value) => withTimeout(keytar.setPassword(service, account, value), timeoutMs),
    delete: async (account) => {
      await withTimeout(keytar.deletePassword(service, account), timeoutMs);
    },
    list: async () =>
      (await withTimeout(keytar.findCredentials(service), timeoutMs)).map((entry) => ({
        account: entry.account,
        value: entry.password,
      })),
  };
}
