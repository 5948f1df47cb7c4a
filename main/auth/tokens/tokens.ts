/**
 * Access tokens: the refresh token and the current access token of each signed-in account (in
 * memory only), the single-flight refresh, and the authorized clients handed to feature code.
 *
 * It does not touch account storage. When Google answers `invalid_grant` it reports it through
 * `onInvalidGrant` and the caller decides what signing out means.
 */
import type { OAuth2Client, OAuth2ClientOptions } from 'google-auth-library';
import type { TokenVault } from '../../vault/types.ts';
import { AccountClient } from './account-client.ts';
import type { DpopKey } from './dpop.ts';
import { AuthError, MESSAGES } from '../errors.ts';
import { classifyHttpError, type TokenResponse } from '../issuer/http.ts';
import { IdTokenError } from '../issuer/id-token.ts';
import type { Clock } from '../types.ts';
import type { Logger } from '../../log/log.ts';

/** What is kept in memory for a signed-in account. Never persisted, never logged. */
export interface TokenEntry {
  refreshToken: string;
  /** The DPoP key the refresh token is bound to (absent: a bearer refresh token). */
  dpopKey?: DpopKey;
  accessToken?: string;
  expiresAt?: number;
  lifetimeMs?: number;
  refreshing?: Promise<AccessToken>;
}

export interface AccessToken {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface TokenKeeperDeps {
  /** `grant_type=refresh_token` at the token endpoint (throws what classifyHttpError reads). */
  refresh(refreshToken: string, dpopKey?: DpopKey): Promise<TokenResponse>;
  /** Where a rotated refresh token is written. */
  vault: Pick<TokenVault, 'set'>;
  clock: Clock;
  /** Refresh this long before expiry (at most half the token's lifetime). */
  refreshMarginMs: number;
  /** Options of the OAuth2Client handed out by {@link TokenKeeper.clientFor} (no secret). */
  clientOptions: OAuth2ClientOptions;
  logger: Logger;
  /** Whether the account is still signed in (a refresh for a forgotten account is refused). */
  isSignedIn(accountId: string): boolean;
  /**
   * Verifies an id_token that came with a refresh answer (signature, iss, aud; no nonce on a
   * refresh, OpenID Connect Core §12.2) and resolves to its claims; throws IdTokenError.
   * Absent: such an id_token is not read (hosts that never ask for `openid`).
   */
  verifyIdToken?(idToken: string): Promise<{ sub: string }>;
  /**
   * Google refused the refresh token (`invalid_grant`), or — `reason: 'unverified'` — its answer
   * carried an id_token that failed the checks or named another account. `current` is false when
   * the session was replaced while the refresh was in flight (a new sign-in). Resolves to the
   * account's email (for the error's message) once the caller has done what it does about it.
   */
  onInvalidGrant(
    accountId: string,
    current: boolean,
    reason?: 'invalid_grant' | 'unverified' | 'admin_policy',
  ): Promise<string | undefined>;
  /** A token request succeeded (Google is reachable again). */
  onRefreshed(): void;
  /**
   * A refresh answer said when the refresh token ends (`refresh_token_expires_in`, documented by
   * Google for time-based access): the account's end day is updated wherever it comes.
   */
  onSignInEnd?(accountId: string, endsAt: string): void;
}

export class TokenKeeper {
  readonly #deps: TokenKeeperDeps;
  readonly #entries = new Map<string, TokenEntry>();
  readonly #clients = new Map<string, AccountClient>();

  constructor(deps: TokenKeeperDeps) {
    this.#deps = deps;
  }

  has(accountId: string): boolean {
    return this.#entries.has(accountId);
  }

  refreshTokenOf(accountId: string): string | undefined {
    return this.#entries.get(accountId)?.refreshToken;
  }

  /** Expiry of the in-memory access token (ms since the epoch), or null. */
  expiryOf(accountId: string): number | null {
    return this.#entries.get(accountId)?.expiresAt ?? null;
  }

  /** The DPoP key the account's refresh token is bound to, if it is bound. */
  dpopKeyOf(accountId: string): DpopKey | undefined {
    return this.#entries.get(accountId)?.dpopKey;
  }

  /** A refresh token read from the keychain at start (with its DPoP key); no access token yet. */
  restore(accountId: string, refreshToken: string, dpopKey?: DpopKey): void {
    this.#entries.set(accountId, { refreshToken, ...(dpopKey ? { dpopKey } : {}) });
  }

  /** A completed sign-in: a new session with a fresh access token. */
  signedIn(
    accountId: string,
    tokens: AccessToken & { refreshToken: string; dpopKey?: DpopKey },
  ): void {
    const { refreshToken, token, expiresAt, dpopKey } = tokens;
    this.#entries.set(accountId, {
      refreshToken,
      ...(dpopKey ? { dpopKey } : {}),
      accessToken: token,
      expiresAt,
      lifetimeMs: Math.max(0, expiresAt - this.#deps.clock.now()),
    });
    this.#clients.get(accountId)?.setCredentials({ access_token: token, expiry_date: expiresAt });
  }

  /** Drops the account's tokens and empties its client (which stops working). */
  forget(accountId: string): void {
    this.#entries.delete(accountId);
    this.#clients.get(accountId)?.setCredentials({});
    this.#clients.delete(accountId);
  }

  /** Drops every entry (a restore starts over); clients are kept. */
  clear(): void {
    this.#entries.clear();
  }

  /** The account's OAuth2Client; its every refresh path leads to {@link accessToken}. */
  clientFor(accountId: string): OAuth2Client {
    const entry = this.#entries.get(accountId);
    if (!entry) throw new AuthError('AUTH_REQUIRED', MESSAGES.authRequired);
    let client = this.#clients.get(accountId);
    if (!client) {
      client = new AccountClient(
        { ...this.#deps.clientOptions, eagerRefreshThresholdMillis: this.#deps.refreshMarginMs },
        { accessToken: (force) => this.accessToken(accountId, force) },
      );
      if (entry.accessToken && entry.expiresAt) {
        client.setCredentials({ access_token: entry.accessToken, expiry_date: entry.expiresAt });
      }
      this.#clients.set(accountId, client);
    }
    return client;
  }

  /** A valid access token: the one in memory, or the one in-flight refresh per account. */
  accessToken(accountId: string, force: boolean): Promise<AccessToken> {
    const entry = this.#entries.get(accountId);
    if (!entry || !this.#deps.isSignedIn(accountId)) {
      return Promise.reject(new AuthError('AUTH_REQUIRED', MESSAGES.authRequired));
    }
    if (entry.refreshing) return entry.refreshing;
    if (!force && this.#stillValid(entry)) {
      return Promise.resolve({
        token: entry.accessToken as string,
        expiresAt: entry.expiresAt as number,
      });
    }
    const run = this.#refresh(accountId, entry).finally(() => {
      if (entry.refreshing === run) delete entry.refreshing;
    });
    entry.refreshing = run;
    return run;
  }

  /**
   * The session this refresh was for is gone: signed out while the refresh was in flight
   * (AUTH_REQUIRED), or signed in again, and then the new session's token is the one to use.
   */
  #replacedMeanwhile(accountId: string): Promise<AccessToken> {
    if (!this.#entries.has(accountId)) {
      return Promise.reject(new AuthError('AUTH_REQUIRED', MESSAGES.authRequired));
    }
    return this.accessToken(accountId, false);
  }

  #stillValid(entry: TokenEntry): boolean {
    if (!entry.accessToken || entry.expiresAt === undefined) return false;
    const margin = Math.min(this.#deps.refreshMarginMs, (entry.lifetimeMs ?? 0) / 2);
    return entry.expiresAt - this.#deps.clock.now() > margin;
  }

  async #refresh(accountId: string, entry: TokenEntry): Promise<AccessToken> {
    const { logger, clock } = this.#deps;
    const used = entry.refreshToken;
    let response: TokenResponse;
    try {
      response = await this.#deps.refresh(used, entry.dpopKey);
    } catch (error) {
      const problem = classifyHttpError(error);
      logger.warn('token refresh failed', problem);
      const adminPolicy = problem.kind === 'oauth' && problem.error === 'admin_policy_enforced';
      if (problem.kind === 'oauth' && (problem.error === 'invalid_grant' || adminPolicy)) {
        // Only the session that made this refresh is ended, not one that replaced it meanwhile.
        // A Workspace administrator's policy ends it the same way, with its own sentence.
        const current = this.#entries.get(accountId) === entry && entry.refreshToken === used;
        const email = await this.#deps.onInvalidGrant(
          accountId,
          current,
          adminPolicy ? 'admin_policy' : 'invalid_grant',
        );
        if (!current) return this.#replacedMeanwhile(accountId);
        const who = email ?? 'this account';
        throw new AuthError(
          'SESSION_EXPIRED',
          adminPolicy ? MESSAGES.adminPolicy(who) : MESSAGES.sessionExpired(who),
        );
      }
      if (problem.kind === 'network') {
        throw new AuthError('NETWORK', problem.message ?? MESSAGES.network, true);
      }
      if (problem.kind === 'malformed' || problem.status >= 500 || problem.status === 429) {
        throw new AuthError('NETWORK', MESSAGES.serviceTrouble, true);
      }
      throw new AuthError('INTERNAL', MESSAGES.refreshRefused);
    }
    if (response.id_token && this.#deps.verifyIdToken) {
      // The same person, or the session ends: an answer naming someone else (or one that fails
      // the checks) is not used, and nothing in it is stored.
      let problem: string | null = null;
      try {
        const claims = await this.#deps.verifyIdToken(response.id_token);
        if (claims.sub !== accountId) problem = 'another-subject';
      } catch (error) {
        problem = error instanceof IdTokenError ? error.problem : 'malformed';
      }
      if (problem === 'keys-unavailable') {
        logger.warn('refresh id_token not checked: keys unavailable');
        throw new AuthError('NETWORK', MESSAGES.network, true);
      }
      if (problem !== null) {
        logger.warn(
          problem === 'another-subject'
            ? 'refresh answered for another subject; signing the account out'
            : 'refresh id_token rejected; signing the account out',
          { problem },
        );
        const current = this.#entries.get(accountId) === entry && entry.refreshToken === used;
        const email = await this.#deps.onInvalidGrant(accountId, current, 'unverified');
        if (!current) return this.#replacedMeanwhile(accountId);
        throw new AuthError('SESSION_EXPIRED', MESSAGES.sessionUnverified(email ?? 'this account'));
      }
    }
    if (this.#entries.get(accountId) !== entry) return this.#replacedMeanwhile(accountId);
    if (response.refresh_token && response.refresh_token !== used) {
      // A rotated refresh token replaces the stored one in a single keychain write.
      await this.#deps.vault.set(accountId, response.refresh_token, entry.dpopKey?.jwk);
      entry.refreshToken = response.refresh_token;
    }
    const now = clock.now();
    if (response.refresh_token_expires_in !== undefined) {
      const endsAt = new Date(now + response.refresh_token_expires_in * 1000).toISOString();
      this.#deps.onSignInEnd?.(accountId, endsAt);
    }
    const expiresAt = now + (response.expires_in ?? 3600) * 1000;
    entry.accessToken = response.access_token;
    entry.expiresAt = expiresAt;
    entry.lifetimeMs = expiresAt - now;
    logger.info('access token refreshed');
    this.#deps.onRefreshed();
    return { token: response.access_token, expiresAt };
  }
}
