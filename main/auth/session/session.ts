/**
 * The session store: the signed-in accounts and the active one, in memory, and when (and what) to
 * write to the metadata store. Secrets are not here: the refresh tokens are the vault's, the
 * access tokens the token keeper's (tokens.ts).
 */
import type { Account } from '../../../common/model.ts';
import type { TokenVault } from '../../vault/types.ts';
import { loadSession, saveSession, type SessionRecord } from './account-store.ts';
import { AuthError, MESSAGES } from '../errors.ts';
import type { MetadataStore } from '../types.ts';
import type { Logger } from '../../log/log.ts';

export interface SessionStoreDeps {
  /** Its `storage()` decides whether the metadata may be written; `delete` is used by forget. */
  vault: Pick<TokenVault, 'storage' | 'delete'>;
  metadata: MetadataStore;
  logger: Logger;
}

const EMPTY: SessionRecord = { accounts: [], activeId: null };

/** A copy of an account that shares no array with the store. */
export function copyAccount(account: Account): Account {
  return { ...account, grantedScopes: [...account.grantedScopes] };
}

export class SessionStore {
  readonly #deps: SessionStoreDeps;
  #record: SessionRecord = EMPTY;

  constructor(deps: SessionStoreDeps) {
    this.#deps = deps;
  }

  /** The current record (treat as read-only; replace it with {@link replace}). */
  get record(): SessionRecord {
    return this.#record;
  }

  get activeId(): string | null {
    return this.#record.activeId;
  }

  /** Copies of the accounts, safe to hand out. */
  accounts(): Account[] {
    return this.#record.accounts.map(copyAccount);
  }

  find(accountId: string): Account | undefined {
    return this.#record.accounts.find((a) => a.id === accountId);
  }

  /** The account, or AuthError AUTH_REQUIRED. */
  require(accountId: string): Account {
    const account = this.find(accountId);
    if (!account) throw new AuthError('AUTH_REQUIRED', MESSAGES.authRequired);
    return account;
  }

  /** Reads the record from the metadata store (invalid → empty, logged). */
  load(): SessionRecord {
    this.#record = loadSession(this.#deps.metadata, this.#deps.logger);
    return this.#record;
  }

  /** Replaces the in-memory record; nothing is written. */
  replace(record: SessionRecord): void {
    this.#record = record;
  }

  /** Adds or replaces `account`; it becomes active unless `keepActive` and one is active. */
  put(account: Account, keepActive: boolean): void {
    const { accounts, activeId } = this.#record;
    const known = accounts.some((a) => a.id === account.id);
    this.#record = {
      accounts: known
        ? accounts.map((a) => (a.id === account.id ? account : a))
        : [...accounts, account],
      activeId: keepActive ? (activeId ?? account.id) : account.id,
    };
  }

  /** Replaces a known account's record (same id). */
  update(account: Account): void {
    this.#record = {
      ...this.#record,
      accounts: this.#record.accounts.map((a) => (a.id === account.id ? account : a)),
    };
  }

  setActive(accountId: string): void {
    this.require(accountId);
    this.#record = { ...this.#record, activeId: accountId };
  }

  /** Writes `record` to the metadata store; a failure is logged, not thrown. */
  save(record: SessionRecord): void {
    try {
      saveSession(this.#deps.metadata, record);
    } catch (error) {
      this.#deps.logger.error('could not save account metadata', { error });
    }
  }

  /** Writes the current record, but only while the secrets are in the keychain. */
  persist(): void {
    // Without the keychain nothing can be resumed next time; leaving the metadata as it is keeps
    // the accounts whose tokens wait in a keychain that is only locked or missing for now.
    if (this.#deps.vault.storage().kind === 'keychain') this.save(this.#record);
  }

  /** Forgets an account: the record, its keychain entry, its metadata. */
  async forget(accountId: string): Promise<void> {
    const { accounts, activeId } = this.#record;
    const rest = accounts.filter((a) => a.id !== accountId);
    const stillActive = activeId === accountId ? null : activeId;
    this.#record = { accounts: rest, activeId: stillActive ?? rest[0]?.id ?? null };
    // The secret goes first: interrupted here, the next start finds metadata without a token
    // (signed out cleanly), never a token nobody knows about.
    try {
      await this.#deps.vault.delete(accountId);
    } catch (error) {
      this.#deps.logger.error('could not delete keychain entry', { error });
    }
    if (this.#deps.vault.storage().kind === 'keychain') {
      this.persist();
      return;
    }
    // Memory-only (keychain locked or gone): the saved metadata is left alone for the accounts
    // waiting on the keychain, but this one was signed out on purpose and must not come back.
    const stored = loadSession(this.#deps.metadata, this.#deps.logger);
    const kept = stored.accounts.filter((a) => a.id !== accountId);
    this.save({
      accounts: kept,
      activeId: stored.activeId === accountId ? (kept[0]?.id ?? null) : stored.activeId,
    });
  }
}
