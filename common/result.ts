/**
 * Errors cross the bridge as values: every call resolves to a {@link Result}, and the renderer
 * branches on the stable {@link ErrorCode} only (jose / oauth4webapi style). Shared by main, the
 * preload and the renderer; no host code.
 */

/** Stable error codes, the only thing the renderer branches on. */
export const ERROR_CODES = [
  /** No account is signed in (or the given account is not). */
  'AUTH_REQUIRED',
  /** The user pressed Deny on Google's consent screen. */
  'CONSENT_DENIED',
  /**
   * The user allowed, but unticked a permission the step needs on Google's consent screen
   * (granular consent): the message says which, and asking again can get it.
   */
  'CONSENT_PARTIAL',
  /** The user cancelled the sign-in flow in the app. */
  'CANCELLED',
  /** The sign-in flow ran out of time before Google redirected back. */
  'TIMED_OUT',
  /** Another sign-in flow is already waiting for the browser. */
  'FLOW_IN_PROGRESS',
  /** Sign-in failed for another reason (bad token response, id_token check, …). */
  'SIGN_IN_FAILED',
  /** The feature needs a scope the account has not granted: ask for it (incremental consent). */
  'SCOPE_REQUIRED',
  /** Google could not be reached. */
  'NETWORK',
  /** Google no longer accepts the refresh token (revoked, expired): sign in again. */
  'SESSION_EXPIRED',
  /** The OS keychain is missing, locked or refusing: the session is kept in memory only. */
  'KEYCHAIN_UNAVAILABLE',
  /** The arguments did not match the contract. */
  'INVALID_ARGUMENT',
  /** Google answered 429 (after bounded retries). */
  'RATE_LIMITED',
  /** Google's API answered an error (after bounded retries for 5xx). */
  'GOOGLE_API',
  /** The caller is not our window. */
  'FORBIDDEN',
  /** A bug: the message says what, never with secrets. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses the bridge. */
export interface ApiError {
  code: ErrorCode;
  /** A plain sentence a person can read. Never contains a token, code or verifier. */
  message: string;
  /** For RATE_LIMITED / GOOGLE_API / NETWORK: whether trying again may help. */
  retryable?: boolean;
}

/** What every bridge call resolves to. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function err<T = never>(code: ErrorCode, message: string, retryable?: boolean): Result<T> {
  return {
    ok: false,
    error: retryable === undefined ? { code, message } : { code, message, retryable },
  };
}
