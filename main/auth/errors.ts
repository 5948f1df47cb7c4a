/** Typed failures of the auth core: what callers branch on, never a raw library message. */
import type { ErrorCode } from '../../common/result.ts';
import type { FlowResult } from './types.ts';

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

/** Messages shown to people, in one place so they stay consistent. */
export const MESSAGES = {
  cancelled: 'Sign-in was cancelled.',
  dpopKeyMissing: (email: string) =>
    `The sign-in of ${email} was bound to this computer's key, which is missing or damaged. ` +
    'Sign in again.',
  /** The token endpoint refused the code exchange's DPoP proof: the next sign-in goes without. */
  dpopRefused:
    'Google refused to bind this sign-in to this computer’s key (DPoP), so Latchkey did not ' +
    'sign you in — sign in again and Latchkey will go without the binding for this app.',
  /** An issuer whose access tokens are DPoP-bound too (`token_type` DPoP), which Latchkey does not send. */
  dpopAccessTokens:
    'This sign-in service binds access tokens with DPoP, which Latchkey does not support, so ' +
    'Latchkey did not sign you in; set LATCHKEY_DPOP=off to sign in without DPoP.',
  denied: 'You declined access on Google’s consent screen, so Latchkey did not sign you in.',
  /**
   * Granular consent: a connect flow came back without its feature's scope (its box was left
   * unticked on Google's page). `what`: the scope in plain words ("See your Google Calendar events").
   */
  scopeDenied:
    'You allowed Latchkey in, but not the access this feature needs — tick its box when ' +
    'Google asks again.',
  partialConnect: (product: string, what: string) =>
    `You allowed Latchkey in, but not to ${what.charAt(0).toLowerCase()}${what.slice(1)} — ` +
    `tick the box next to ${product} when Google asks again.`,
  /** Granular consent at sign-in: `email` or `profile` (or both) came back unticked. */
  partialSignIn: (missing: ReadonlyArray<'email' | 'profile'>) => {
    const words = missing.map((scope) =>
      scope === 'email' ? 'your email address' : 'your name and profile picture',
    );
    return (
      `You allowed Latchkey in, but not to see ${words.join(' or ')}, which Latchkey needs to ` +
      `tell your accounts apart — tick ${missing.length > 1 ? 'both boxes' : 'the box'} when ` +
      'Google asks again.'
    );
  },
  timedOut: 'Sign-in took too long and was stopped. Try again when you are ready.',
  inProgress: 'A sign-in is already waiting for your browser. Finish or cancel it first.',
  network: 'Google could not be reached. Check your connection and try again.',
  failed: 'Sign-in did not complete. Try again.',
  authRequired: 'That account is not signed in.',
  sessionExpired: (email: string) =>
    `Your session for ${email} has ended (Google no longer accepts it — it may have been revoked ` +
    'or expired, or replaced: Google keeps at most 100 sign-ins per account for an app and ends ' +
    'the oldest). Sign in again to continue.',
  /** `admin_policy_enforced` on the consent redirect. */
  adminPolicySignIn:
    'Your organization’s Google Workspace administrator does not allow Latchkey the access it ' +
    'asks for, so Google did not sign you in. Ask your administrator to allow it.',
  /** `admin_policy_enforced`: a Google Workspace administrator's policy refuses this app's access. */
  adminPolicy: (email: string) =>
    `Your organization’s Google Workspace administrator does not allow Latchkey the access it ` +
    `needs, so ${email} was signed out on this computer. Ask your administrator to allow it.`,
  /** A refresh answer named another account, or its id_token failed the checks (OIDC 12.2). */
  sessionUnverified: (email: string) =>
    `Google’s answer when renewing the session for ${email} could not be verified, so Latchkey ` +
    'signed that account out on this computer. Sign in again to continue.',
  entryLost: (email: string) =>
    `The saved sign-in for ${email} could not be read from the keychain. Sign in again to continue.`,
  demoEntryLost: (email: string) =>
    `Your demo sign-in as ${email} was not kept: the keychain Latchkey started with did not have ` +
    'it (a keychain that lasts one session only forgets it when Latchkey quits). Sign in again to ' +
    'continue.',
  demoGoogleAfresh: (email: string, why: 'moved' | 'new') =>
    `Your demo sign-in as ${email} was not kept: ` +
    (why === 'moved'
      ? 'the demo Google could not get its old address back (another program uses that port), '
      : 'the demo Google had no saved record of it, ') +
    'so it started afresh. Sign in again to continue.',
  keychainWaiting:
    'Waiting for your keychain: your system may be asking whether Latchkey can use its ' +
    'saved sign-in, or to unlock the keychain. Answer that prompt to go on.',
  keychainUnavailable: (reason: string) =>
    `The system keychain is not available, so your sign-in is kept in memory only and will end ` +
    `when Latchkey quits. (${reason})`,
  revocationNotKept: (email: string) =>
    `Signed out of ${email} on this computer, but Google could not be reached and Latchkey ` +
    'could not keep the revocation to try later. Remove Latchkey at ' +
    'https://myaccount.google.com/permissions to end its access.',
  revocationPending: (email: string) =>
    `Signed out of ${email} on this computer. Google could not be reached to revoke Latchkey’s ` +
    'access; Latchkey will retry automatically.',
  revocationCompleted:
    'Google confirmed the revocation that was waiting. Latchkey no longer has access.',
  shuttingDown: 'Latchkey is shutting down.',
  /** Google answered with a 5xx, a 429 or a body that is not what the protocol says. */
  serviceTrouble: 'Google’s sign-in service did not answer properly. Try again in a moment.',
  refreshRefused:
    'Google refused to renew the session (the app’s OAuth client may be misconfigured).',
  unverified: 'Google’s answer could not be verified, so Latchkey did not sign you in.',
  differentAccount: (expectedEmail: string | undefined) =>
    `You chose a different Google account in the browser. Choose ${expectedEmail ?? 'the same account'} to continue.`,
  /** A sign-in started for one account (its `login_hint`) that came back as another. */
  notHinted: (chosenEmail: string, hintedEmail: string) =>
    `You signed in as ${chosenEmail}, not ${hintedEmail}, so Latchkey did not sign you in. ` +
    `Sign in again and choose ${hintedEmail}, or use “Add account” for ${chosenEmail}.`,
  noEmail: 'Google did not share the account’s email address, so Latchkey did not sign you in.',
  noOfflineAccess:
    'Google did not grant offline access, so Latchkey cannot keep you signed in. Try again.',
  signedOutLocally: (email: string) => `Signed out of ${email} on this computer.`,
  signedOutRevoked: (email: string) =>
    `Signed out of ${email}. Google confirmed Latchkey’s access is revoked.`,
} as const;
