/**
 * Completing an account from a verified sign-in: the granted scopes (merged for a consent flow),
 * the refresh token (kept from the last session when Google sends none), the account listed in
 * the session and its metadata, the refresh token written to the keychain — and everything put
 * back as it was when that write fails.
 */
import type { Account } from '../../../common/model.ts';
import { FEATURE_INFO, FEATURES, SIGN_IN_SCOPES } from '../../../common/features.ts';
import type { TokenVault } from '../../vault/types.ts';
import { safePictureUrl } from './account-store.ts';
import { flowFailure, MESSAGES } from '../errors.ts';
import type { DpopKey } from '../tokens/dpop.ts';
import type { VerifiedSignIn } from '../issuer/exchange.ts';
import type { FlowInit } from '../flow/flow.ts';
import { missingScopes, parseScopes, unique } from './scopes.ts';
import { copyAccount, type SessionStore } from './session.ts';
import type { TokenKeeper } from '../tokens/tokens.ts';
import type { Clock, FlowResult } from '../types.ts';
import type { Logger } from '../../log/log.ts';

export interface CompleteDeps {
  session: SessionStore;
  tokens: Pick<TokenKeeper, 'refreshTokenOf' | 'signedIn'> &
    Partial<Pick<TokenKeeper, 'dpopKeyOf'>>;
  vault: Pick<TokenVault, 'set' | 'delete' | 'storage'>;
  clock: Clock;
  logger: Logger;
  /** The account is ready (clear a stale SESSION_EXPIRED notice, retry owed revocations…). */
  onSignedIn(): void;
}

const SIGN_IN = [...SIGN_IN_SCOPES] as string[];

/** The scopes the account ends up with after this flow. */
export function grantedScopesAfter(
  init: Pick<FlowInit, 'purpose' | 'scopes'>,
  scope: string | undefined,
  existing: Account | undefined,
): string[] {
  const granted = scope
    ? parseScopes(scope)
    : unique(init.purpose === 'connect' ? init.scopes : SIGN_IN);
  if (init.purpose !== 'connect' || !existing) return granted;
  // Only what this flow asked for is added: a scope the user disconnected locally stays off
  // even though Google's include_granted_scopes answer still lists it.
  const wanted = new Set(init.scopes);
  return unique([...existing.grantedScopes, ...granted.filter((s) => wanted.has(s))]);
}

/**
 * When Google ends the sign-in (ISO 8601), if it said so: a new refresh token brings its own
 * `refresh_token_expires_in` (Testing-mode apps) or none (no end); an answer without a refresh
 * token keeps the stored one, and with it the end already known.
 */
export function signInEnd(
  response: Pick<VerifiedSignIn['tokens'], 'refresh_token' | 'refresh_token_expires_in'>,
  existing: Account | undefined,
  now: number,
): string | undefined {
  if (!response.refresh_token) return existing?.signInExpiresAt;
  if (response.refresh_token_expires_in === undefined) return undefined;
  return new Date(now + response.refresh_token_expires_in * 1000).toISOString();
}

/**
 * Stores the account of `signIn`. `ended` returns the flow's outcome if it ended meanwhile;
 * then nothing is stored. `dpopKey` is the key the code exchange's proof was signed with: a new
 * refresh token is bound to it; when Google sends none, the kept one keeps its own key.
 */
export async function completeSignIn(
  deps: CompleteDeps,
  init: FlowInit,
  signIn: VerifiedSignIn,
  ended: () => FlowResult | null,
  dpopKey?: DpopKey,
): Promise<FlowResult> {
  const { session, tokens, vault, clock, logger } = deps;
  const { sub, tokens: response } = signIn;
  const existing = session.find(sub);
  const previousRefreshToken = tokens.refreshTokenOf(sub);
  const refreshToken = response.refresh_token ?? previousRefreshToken;
  const boundTo = response.refresh_token ? dpopKey : tokens.dpopKeyOf?.(sub);
  if (!refreshToken) {
    logger.warn('token response without refresh_token');
    return flowFailure('SIGN_IN_FAILED', MESSAGES.noOfflineAccess);
  }
  const grantedScopes = grantedScopesAfter(init, response.scope, existing);
  const signInExpiresAt = signInEnd(response, existing, clock.now());
  const account: Account = {
    id: sub,
    email: signIn.email,
    name: signIn.name ?? signIn.email,
    pictureUrl: safePictureUrl(signIn.picture),
    grantedScopes,
    // Connecting a feature is not signing in: "Last signed in" stays what it was.
    lastSignIn:
      init.purpose === 'connect' && existing
        ? existing.lastSignIn
        : new Date(clock.now()).toISOString(),
    ...(signInExpiresAt ? { signInExpiresAt } : {}),
  };

  const outcome = ended();
  if (outcome) return outcome;

  // The account is listed before its secret is written: interrupted in between, the next start
  // finds an account without a token (signed out cleanly), never a token nobody knows about.
  const before = session.record;
  const listedInKeychain = vault.storage().kind === 'keychain';
  session.put(account, init.purpose === 'connect');
  session.persist();
  // Written when the token or the key it is bound to changed (one entry holds both).
  if (refreshToken !== previousRefreshToken || boundTo !== tokens.dpopKeyOf?.(sub)) {
    try {
      await vault.set(sub, refreshToken, boundTo?.jwk);
    } catch (error) {
      logger.error('could not store the refresh token', { error });
      session.replace(before);
      if (listedInKeychain) session.save(before);
      return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
    }
    // The keychain refused and the vault fell back to memory: the saved metadata goes back to
    // what it was, since this account's token is not in the keychain.
    if (listedInKeychain && vault.storage().kind === 'memory') session.save(before);
    if (!session.find(sub)) {
      // Signed out while the token was being written: its entry must not outlive the account.
      await vault.delete(sub).catch(() => undefined);
      return ended() ?? flowFailure('CANCELLED', MESSAGES.cancelled);
    }
  }

  const expiresAt = response.expiry_date ?? clock.now() + (response.expires_in ?? 3600) * 1000;
  tokens.signedIn(sub, {
    refreshToken,
    token: response.access_token,
    expiresAt,
    ...(boundTo ? { dpopKey: boundTo } : {}),
  });
  logger.info('account ready', {
    purpose: init.purpose,
    scopes: grantedScopes.length,
    dpop: boundTo !== undefined,
  });
  deps.onSignedIn();

  if (init.purpose === 'connect') {
    const missing = missingScopes(grantedScopes, init.scopes);
    if (missing.length > 0) {
      // Granular consent: the person allowed, but left the feature's box unticked.
      const feature = FEATURES.find((f) => FEATURE_INFO[f].scope === missing[0]);
      return flowFailure(
        'CONSENT_PARTIAL',
        feature
          ? MESSAGES.partialConnect(FEATURE_INFO[feature].product, FEATURE_INFO[feature].scopeWords)
          : MESSAGES.scopeDenied,
      );
    }
  }
  return { ok: true, account: copyAccount(account) };
}
