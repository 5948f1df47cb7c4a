/**
 * Which grant belongs to which account and client. Google keeps one grant per account and client
 * across browser sessions (that is what include_granted_scopes builds on), while oidc-provider
 * finds grants through the browser session; this index gives the emulator Google's view, and
 * lets tests revoke everything an account granted.
 */
import type { MemoryStore } from './adapter.ts';

export class GrantRegistry {
  readonly #store: MemoryStore;
  /** `${accountId} ${clientId}` → grant ID */
  readonly #ids = new Map<string, string>();

  constructor(store: MemoryStore) {
    this.#store = store;
  }

  idFor(accountId: string, clientId: string): string | undefined {
    return this.#ids.get(`${accountId} ${clientId}`);
  }

  remember(accountId: string, clientId: string, grantId: string): void {
    this.#ids.set(`${accountId} ${clientId}`, grantId);
    this.#store.onChange?.();
  }

  /** Every `[account and client, grant ID]` pair, for saving. */
  saved(): Array<[string, string]> {
    return [...this.#ids];
  }

  /** Puts saved pairs back (those whose grant is still in the store). */
  load(pairs: ReadonlyArray<readonly [string, string]>): void {
    for (const [key, grantId] of pairs) {
      if (this.#store.get(`Grant:${grantId}`)) this.#ids.set(key, grantId);
    }
  }

  /** Kills the grant and every code, access token and refresh token issued under it. */
  revoke(grantId: string): void {
    this.#store.revokeGrant(grantId);
    this.#store.delete(`Grant:${grantId}`);
    for (const [key, id] of this.#ids) if (id === grantId) this.#ids.delete(key);
  }

  /** Revokes every grant of the account; returns how many there were. */
  revokeAllFor(accountId: string): number {
    const ids = [...this.#ids].filter(([key]) => key.startsWith(`${accountId} `));
    for (const [, grantId] of ids) this.revoke(grantId);
    return ids.length;
  }
}
