/**
 * Google's error shapes, sorted into what Latchkey does about them.
 *
 * Errors arrive from gaxios (through google-auth-library's client or the `@googleapis/*`
 * clients) as `GaxiosError`s, from the token endpoint when a refresh fails, or from the auth
 * core. They are read by shape, not by class: one copy of gaxios is installed today (see
 * test/unit/google/dependencies.test.ts), but `instanceof` would break silently the day a
 * dependency brings its own again.
 *
 * Nothing here copies an error's message or config into what it returns: a GaxiosError's config
 * carries the request's `Authorization` header, and Google's messages are not written for people.
 */
import type { ApiError, ErrorCode } from '../../common/result.ts';
import { ERROR_CODES } from '../../common/result.ts';
import { refusedReason } from '../auth/issuer/guarded-fetch.ts';
import { networkProblemOf } from '../net/network.ts';

/** What went wrong, as far as the retry policy and the error mapping care. */
export type GoogleFailure =
  /** 401: the access token was not accepted (expired at Google, revoked). */
  | { kind: 'unauthorized' }
  /** 403 insufficientPermissions: the token lacks the scope. */
  | { kind: 'scope' }
  /** 429, or 403 rateLimitExceeded / userRateLimitExceeded. */
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  /** 403 quotaExceeded / dailyLimitExceeded: a limit that retrying now will not lift. */
  | { kind: 'quota' }
  /** 5xx. */
  | { kind: 'server'; status: number; retryAfterMs: number | null }
  /** No answer: connection refused or reset, DNS, timeout. */
  /** `message`: the network port's sentence for a proxy or certificate problem. */
  | { kind: 'network'; message?: string }
  /** The token endpoint refused the refresh token (revoked, expired, password changed). */
  | { kind: 'invalid-grant' }
  /** An error the auth core already gave a contract code. */
  | { kind: 'coded'; code: ErrorCode; message: string; retryable?: boolean }
  /** An answer refused unread: a redirect (never followed) or a body over the size cap. */
  | { kind: 'refused'; reason: 'redirect' | 'too-large' }
  /** Any other HTTP error (400, 404, other 403s…). */
  | { kind: 'client'; status: number; reason: string | null }
  /** Not an HTTP error at all: a bug. */
  | { kind: 'unknown' };

/** Reasons Google puts in `error.errors[].reason` (or `error.details[].reason`) for a missing scope. */
const SCOPE_REASONS = new Set(['insufficientPermissions', 'ACCESS_TOKEN_SCOPE_INSUFFICIENT']);

/**
 * Reasons Calendar and Drive send (domain `usageLimits`, with 403 or 429) when the caller is going
 * too fast: retried with backoff, like a 429.
 */
const RATE_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'RATE_LIMIT_EXCEEDED']);

/**
 * Reasons (domain `usageLimits`, with 403) for a used-up quota: Calendar's `quotaExceeded`, the
 * project's `dailyLimitExceeded`. Retrying within seconds only burns more of it: not retried.
 * Other `usageLimits` reasons (`accessNotConfigured`: the API is off for the project) are neither.
 */
const QUOTA_REASONS = new Set(['quotaExceeded', 'dailyLimitExceeded']);

/** Node and undici error codes that mean "no answer from the server". */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function stringField(record: Record<string, unknown>, key: string): string | null {
  const value = record[key];
  return typeof value === 'string' ? value : null;
}

/** The reasons Google lists in an error body (`{ error: { errors: [{ reason }], details: [{ reason }] } }`). */
export function errorReasons(data: unknown): string[] {
  if (!isRecord(data) || !isRecord(data.error)) return [];
  const reasons: string[] = [];
  for (const listName of ['errors', 'details']) {
    const list = data.error[listName];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (isRecord(item)) {
        const reason = stringField(item, 'reason');
        if (reason) reasons.push(reason);
      }
    }
  }
  const status = stringField(data.error, 'status');
  if (status) reasons.push(status);
  return reasons;
}

/** The OAuth error string of a token endpoint answer (`{ error: 'invalid_grant' }`), or null. */
function oauthError(data: unknown): string | null {
  if (!isRecord(data)) return null;
  if (typeof data.error === 'string') return data.error;
  return null;
}

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  if (isRecord(headers)) {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === name && typeof value === 'string') return value;
    }
  }
  return null;
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns milliseconds from `now`, or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP-dates start with the day name ("Wed, 25 Nov 2026 10:00:00 GMT"); Date.parse alone
  // would read "-5" as a year.
  if (!/^[A-Za-z]{3,9},? /.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Walks `error.cause` (fetch wraps the socket error) looking for a network error code. */
function hasNetworkCode(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && isRecord(current); depth += 1) {
    const code = current.code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (current.name === 'TimeoutError') return true;
    current = current.cause;
  }
  return false;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Sorts any thrown value into a {@link GoogleFailure}. */
export function classifyGoogleError(error: unknown, now: number = Date.now()): GoogleFailure {
  if (!isRecord(error)) return { kind: 'unknown' };

  // The auth core's own errors (AuthError) carry a contract code and a message written for
  // people: SESSION_EXPIRED after invalid_grant (the core has signed the account out), …
  if (isErrorCode(error.code) && typeof error.message === 'string') {
    return {
      kind: 'coded',
      code: error.code,
      message: error.message,
      ...(typeof error.retryable === 'boolean' ? { retryable: error.retryable } : {}),
    };
  }

  const refused = refusedReason(error);
  if (refused) return { kind: 'refused', reason: refused };

  const response = isRecord(error.response) ? error.response : null;
  if (response && typeof response.status === 'number') {
    const status = response.status;
    const data = response.data;
    if (oauthError(data) === 'invalid_grant') return { kind: 'invalid-grant' };
    const reasons = errorReasons(data);
    const retryAfterMs = parseRetryAfter(headerValue(response.headers, 'retry-after'), now);
    if (status === 401) return { kind: 'unauthorized' };
    if (status === 429) return { kind: 'rate-limited', retryAfterMs };
    if (status === 403) {
      // A 403 is a missing scope only when Google says so: rate and quota limits come as 403 too.
      if (reasons.some((reason) => RATE_REASONS.has(reason))) {
        return { kind: 'rate-limited', retryAfterMs };
      }
      if (reasons.some((reason) => QUOTA_REASONS.has(reason))) return { kind: 'quota' };
      if (reasons.some((reason) => SCOPE_REASONS.has(reason))) return { kind: 'scope' };
    }
    if (status >= 500) return { kind: 'server', status, retryAfterMs };
    return { kind: 'client', status, reason: reasons[0] ?? null };
  }

  const problem = networkProblemOf(error);
  if (problem) return { kind: 'network', message: problem.message };
  if (hasNetworkCode(error)) return { kind: 'network' };
  // gaxios wraps fetch's "fetch failed" TypeError without a response: no answer came back.
  if (response === null && isRecord(error.config) && error.name !== 'AbortError') {
    return { kind: 'network' };
  }
  return { kind: 'unknown' };
}

/**
 * Whether the retry policy may try again after this failure. Not a network failure the network
 * port explained (`message`: a proxy's sign-in, refusal or absence, an untrusted certificate): a
 * second try a moment later meets the same proxy, password and certificate.
 */
export function isTransient(failure: GoogleFailure): boolean {
  if (failure.kind === 'network') return failure.message === undefined;
  return failure.kind === 'rate-limited' || failure.kind === 'server';
}

/**
 * The contract error for a failure that was not (or no longer) retried.
 * `service` names what was being fetched, for the message ("your calendar").
 */
export function toApiError(failure: GoogleFailure, service: string): ApiError {
  switch (failure.kind) {
    case 'unauthorized':
      return {
        code: 'GOOGLE_API',
        message: `Google did not accept this session for ${service}. Try again, or sign out and in.`,
        retryable: false,
      };
    case 'scope':
      return {
        code: 'SCOPE_REQUIRED',
        message: `Latchkey needs your permission to read ${service}.`,
      };
    case 'rate-limited':
      return {
        code: 'RATE_LIMITED',
        message: `Google is receiving too many requests for ${service}. Try again in a minute.`,
        retryable: true,
      };
    case 'quota':
      return {
        code: 'RATE_LIMITED',
        message: `Google's usage limit for ${service} has been reached. Try again later.`,
        retryable: false,
      };
    case 'server':
      return {
        code: 'GOOGLE_API',
        message: `Google could not load ${service} right now (HTTP ${failure.status}). Try again.`,
        retryable: true,
      };
    case 'network':
      return {
        code: 'NETWORK',
        message:
          failure.message ??
          `Google could not be reached to load ${service}. Check your connection.`,
        retryable: true,
      };
    case 'invalid-grant':
      return {
        code: 'SESSION_EXPIRED',
        message: 'Your Google session has ended (revoked or expired). Sign in again.',
      };
    case 'coded':
      return failure.retryable === undefined
        ? { code: failure.code, message: failure.message }
        : { code: failure.code, message: failure.message, retryable: failure.retryable };
    case 'refused':
      return {
        code: 'GOOGLE_API',
        message:
          failure.reason === 'redirect'
            ? `Google's answer for ${service} pointed elsewhere; Latchkey did not follow it.`
            : `Google's answer for ${service} was too large to read.`,
        retryable: false,
      };
    case 'client':
      return {
        code: 'GOOGLE_API',
        message: `Google refused the request for ${service} (HTTP ${failure.status}${
          failure.reason ? `, ${failure.reason}` : ''
        }).`,
        retryable: false,
      };
    case 'unknown':
      return {
        code: 'INTERNAL',
        message: `Latchkey could not load ${service} because of an internal error.`,
      };
  }
}

/**
 * What an error thrown on the way to the window means to a person (the bridge's one catch:
 * main/bridge/dispatch.ts), or null for a bug. An auth error keeps its code and message; a Google
 * failure gets its contract error.
 */
export function explainThrown(error: unknown): ApiError | null {
  const failure = classifyGoogleError(error);
  return failure.kind === 'unknown' ? null : toApiError(failure, 'your Google account');
}
