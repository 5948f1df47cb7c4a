/**
 * The token vault (keychain through keytar, with a memory-only fallback), and the proxy sign-ins
 * a person asked Latchkey to remember (their own keychain service).
 */
export { createVault, type VaultOptions } from './vault.ts';
export type { PendingRevocation, TokenVault, KeytarLike, SecretBackend } from './types.ts';
export { MAX_ENTRY_CHARS } from './envelope.ts';
export { loadKeytar, type KeytarLoader } from './keytar-backend.ts';
export {
  createProxyCredentialStore,
  type ProxyCredentialStore,
  type ProxyCredentials,
  type ProxyKey,
  type SavedProxyEntry,
} from './proxy-credentials.ts';
