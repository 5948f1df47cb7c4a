/**
 * Memory-only secret storage: the fallback when the OS keychain is missing, locked or refusing.
 * Secrets live as long as the process; nothing is ever written to disk.
 */
import type { SecretBackend } from './types.ts';

export function createMemoryBackend(): SecretBackend {
  const entries = new Map<string, string>();
  return {
    get: async (account) => entries.get(account) ?? null,
    set: async (account, value) => {
      entries.set(account, value);
    },
    delete: async (account) => {
      entries.delete(account);
    },
  };
}
