/**
 * The TokenVault: where refresh tokens (and revocations still owed to Google) are kept.
 * With the proxy sign-ins a person asked to remember (proxy-credentials.ts, under their own
 * keychain service), the only secrets Latchkey persists; nothing else goes to the keychain and
 * these go nowhere else.
 */
import type { CredentialStorage } from '../../common/model.ts';
import type { RefreshEntry, StoredDpopKey } from './envelope.ts';

export type { RefreshEntry, StoredDpopKey } from './envelope.ts';

/** A refresh token that must still be revoked at Google (sign-out happened while offline). */
export interface PendingRevocation {
  /** Random id of the keychain entry (not the token). */
  id: string;
  /** The refresh token to revoke. */
  token: string;
  /** ISO 8601 time of the sign-out that could not reach Google. */
  since: string;
}

/** Refresh tokens by Google account `sub`, plus pending revocations. Never throws on bad entries. */
export interface TokenVault {
  /** The refresh token of `sub`, or null (absent, corrupt, foreign or oversized — then removed). */
  get(sub: string): Promise<string | null>;
  /**
   * The refresh entry of `sub` with its DPoP key when it is bound, or null (absent, corrupt,
   * foreign or oversized — then removed).
   */
  getEntry(sub: string): Promise<RefreshEntry | null>;
  /**
   * Stores (or atomically replaces) the refresh token of `sub`, with the DPoP private key it is
   * bound to, if any, in the same entry.
   */
  set(sub: string, refreshToken: string, dpopKey?: StoredDpopKey): Promise<void>;
  /** Removes the refresh token of `sub`; absent is fine. */
  delete(sub: string): Promise<void>;
  /** Keeps a refresh token to revoke later; returns the entry's id. */
  addPendingRevocation(token: string, since: Date): Promise<string>;
  /** Every revocation still owed (corrupt entries are dropped). */
  pendingRevocations(): Promise<PendingRevocation[]>;
  /** Forgets a pending revocation once Google confirmed it. */
  deletePendingRevocation(id: string): Promise<void>;
  /** Where secrets currently live. */
  storage(): CredentialStorage;
  /** Called when the vault falls back to memory-only; returns the unsubscribe function. */
  onStorageChange(listener: (storage: CredentialStorage) => void): () => void;
}

/** A raw string store keyed by account name: the keychain, or memory. */
export interface SecretBackend {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/**
 * The part of keytar the vault uses (keytar 7's API). Not `findCredentials`: on Linux it crashes
 * the process (SIGSEGV in libsecret) when an item is deleted while it is listing, so every entry
 * the vault reads has a name it already knows.
 */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
