/** Typed failures of the auth core: what callers branch on, never a raw library message. */
import type { ErrorCode } from '../../common/result.ts';
import type { FlowResult } from './types.ts';
import { t } from '../../common/i18n/current.ts';
import { featureKey } from '../../common/i18n/index.ts';
import type { Feature } from '../../common/features.ts';

/**
 * Thrown by the core's non-flow methods (`clientFor`, `signOut`, `setActive`, `dropScopes`, and
 * by an authorized client's token refresh) with a stable `code` and a message a person can read.
 * The bridge turns it into `err(code, message)`.
 */
export class AuthError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  constructor(code: ErrorCode, message: string, retryable = false) {
    super(message);
    this.name = 'AuthError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** True for an {@link AuthError} (also across copies of this module). */
export function isAuthError(error: unknown): error is AuthError {
  return (
    error instanceof AuthError ||
    (error instanceof Error &&
      error.name === 'AuthError' &&
      typeof (error as AuthError).code === 'string')
  );
}

/** A failed {@link FlowResult}. */
export function flowFailure(code: ErrorCode, message: string): FlowResult {
  return { ok: false, code, message };
}

/**
 * Messages shown to people, in one place so they stay consistent: each reads its sentence from
 * the message catalog (common/i18n/) in the main process's language of the moment.
 */
export const MESSAGES = {
  get cancelled() {
    return t('auth.cancelled');
  },
  dpopKeyMissing: (email: string) => t('auth.dpopKeyMissing', { email }),
  /** The token endpoint refused the code exchange's DPoP proof: the next sign-in goes without. */
  get dpopRefused() {
    return t('auth.dpopRefused');
  },
  /** An issuer whose access tokens are DPoP-bound too (`token_type` DPoP), which Latchkey does not send. */
  get dpopAccessTokens() {
    return t('auth.dpopAccessTokens');
  },
  get denied() {
    return t('auth.denied');
  },
  /**
   * Granular consent: a connect flow came back without its feature's scope (its box was left
   * unticked on Google's page).
   */
  get scopeDenied() {
    return t('auth.scopeDenied');
  },
  /** The same, naming the feature: what its scope allows and Google's product. */
  partialConnect: (feature: Feature) =>
    t('auth.partialConnect', {
      what: t(featureKey(feature, 'consent')),
      product: t(featureKey(feature, 'product')),
    }),
  /** Granular consent at sign-in: `email` or `profile` (or both) came back unticked. */
  partialSignIn: (missing: ReadonlyArray<'email' | 'profile'>) =>
    t('auth.partialSignIn', { missing: missing.length > 1 ? 'both' : (missing[0] ?? 'both') }),
  get timedOut() {
    return t('auth.timedOut');
  },
  get inProgress() {
    return t('auth.inProgress');
  },
  get network() {
    return t('auth.network');
  },
  get failed() {
    return t('auth.failed');
  },
  get authRequired() {
    return t('auth.authRequired');
  },
  sessionExpired: (email: string) => t('auth.sessionExpired', { email }),
  /** `admin_policy_enforced` on the consent redirect. */
  get adminPolicySignIn() {
    return t('auth.adminPolicySignIn');
  },
  /** `admin_policy_enforced`: a Google Workspace administrator's policy refuses this app's access. */
  adminPolicy: (email: string) => t('auth.adminPolicy', { email }),
  /** A refresh answer named another account, or its id_token failed the checks (OIDC 12.2). */
  sessionUnverified: (email: string) => t('auth.sessionUnverified', { email }),
  entryLost: (email: string) => t('auth.entryLost', { email }),
  demoEntryLost: (email: string) => t('auth.demoEntryLost', { email }),
  demoGoogleAfresh: (email: string, why: 'moved' | 'new') =>
    t('auth.demoGoogleAfresh', { email, why }),
  get keychainWaiting() {
    return t('auth.keychainWaiting');
  },
  keychainUnavailable: (reason: string) => t('auth.keychainUnavailable', { reason }),
  revocationNotKept: (email: string) => t('auth.revocationNotKept', { email }),
  revocationPending: (email: string) => t('auth.revocationPending', { email }),
  get revocationCompleted() {
    return t('auth.revocationCompleted');
  },
  get shuttingDown() {
    return t('auth.shuttingDown');
  },
  /** Google answered with a 5xx, a 429 or a body that is not what the protocol says. */
  get serviceTrouble() {
    return t('auth.serviceTrouble');
  },
  get refreshRefused() {
    return t('auth.refreshRefused');
  },
  get unverified() {
    return t('auth.unverified');
  },
  differentAccount: (expectedEmail: string | undefined) =>
    expectedEmail === undefined
      ? t('auth.differentAccountUnnamed')
      : t('auth.differentAccount', { email: expectedEmail }),
  /** A sign-in started for one account (its `login_hint`) that came back as another. */
  notHinted: (chosenEmail: string, hintedEmail: string) =>
    t('auth.notHinted', { chosen: chosenEmail, hinted: hintedEmail }),
  get noEmail() {
    return t('auth.noEmail');
  },
  get noOfflineAccess() {
    return t('auth.noOfflineAccess');
  },
  signedOutLocally: (email: string) => t('auth.signedOutLocally', { email }),
  signedOutRevoked: (email: string) => t('auth.signedOutRevoked', { email }),
  /** Stands for an email address the core no longer knows ("Your session for this account…"). */
  get thisAccount() {
    return t('auth.thisAccount');
  },
  /** The redirect's `iss` named another issuer (RFC 9207). */
  get unexpectedIssuer() {
    return t('auth.unexpectedIssuer');
  },
  /** Google's redirect carried another OAuth error; `error` is shown only when it is a plain code. */
  authorizationError: (error: string | null) =>
    error === null ? t('auth.authorizationError') : t('auth.authorizationErrorNamed', { error }),
} as const;
