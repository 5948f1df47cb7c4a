/** The token vault: keychain (keytar) with a memory-only fallback. */
export { createVault, type VaultOptions } from './vault.ts';
export type { PendingRevocation, TokenVault, KeytarLike, SecretBackend } from './types.ts';
export { MAX_ENTRY_CHARS } from './envelope.ts';
export { loadKeytar, type KeytarLoader } from './keytar-backend.ts';
