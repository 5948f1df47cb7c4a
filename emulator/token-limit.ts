/**
 * Google's limit on live refresh tokens: "a limit of 100 refresh tokens per Google Account per
 * OAuth 2.0 client ID"; past it, the oldest stops working, silently — the client finds out when
 * its refresh is answered `invalid_grant` (Google's OAuth 2.0 overview, see
 * docs/google-rules.md). The emulator keeps the issue order per account and client and ends the
 * oldest token when one more is issued. The order is not saved across a demo restart.
 */
import type { MemoryStore } from './adapter.ts';

/** Google's figure. */
export const GOOGLE_REFRESH_TOKEN_LIMIT = 100;

/** What oidc-provider's `refresh_token.saved` event hands over. */
export interface SavedRefreshToken {
  jti: string;
  accountId?: string;
  clientId?: string;
}

export class RefreshTokenLimit {
  readonly #store: MemoryStore;
  readonly #limit: number;
  /** `${accountId} ${clientId}` → refresh token IDs, oldest first. */
  readonly #issued = new Map<string, string[]>();
  /** How many tokens the limit has ended. */
  ended = 0;

  constructor(store: MemoryStore, limit = GOOGLE_REFRESH_TOKEN_LIMIT) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('refreshTokenLimit must be a positive integer');
    this.#store = store;
    this.#limit = limit;
  }

  /** A refresh token was saved: counted once, and the oldest live ones past the limit ended. */
  noteSaved(token: SavedRefreshToken): void {
    if (!token.accountId || !token.clientId) return;
    const key = `${token.accountId} ${token.clientId}`;
    // Only live tokens count: revoked or expired ones are gone from the store already.
    const live = (this.#issued.get(key) ?? []).filter((jti) =>
      this.#store.get(`RefreshToken:${jti}`),
    );
    if (!live.includes(token.jti)) live.push(token.jti);
    while (live.length > this.#limit) {
      const oldest = live.shift() as string;
      this.#store.delete(`RefreshToken:${oldest}`);
      this.ended += 1;
    }
    this.#issued.set(key, live);
  }
}
