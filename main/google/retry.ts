/**
 * The bounded retry policy for Google API calls: how many times, how long to wait, and when to
 * give up. Pure functions plus an injectable sleep so tests can drive time with fake timers.
 */
import type { GoogleFailure } from './errors.ts';

/** How hard to try before giving up on a transient failure. */
export interface RetryPolicy {
  /** Retries after a 429 or 5xx (so at most `transientRetries + 1` attempts). */
  transientRetries: number;
  /** Retries after "no answer" (a reset connection); small because offline should fail fast. */
  networkRetries: number;
  /** First backoff delay; doubles on every retry. */
  baseDelayMs: number;
  /** Longest single wait, also the cap on an honoured `Retry-After`. */
  maxDelayMs: number;
  /** Longest total time spent waiting across all retries of one call. */
  maxTotalWaitMs: number;
}

/** Three retries, 0.5 s → 1 s → 2 s (with jitter), at most 8 s waiting in total. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  transientRetries: 3,
  networkRetries: 1,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  maxTotalWaitMs: 8_000,
};

/** Waits `ms` milliseconds. Injected so tests run on fake timers. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a call stands in its retries. */
export interface RetryState {
  /** Retries already made after 429/5xx. */
  transientRetries: number;
  /** Retries already made after network errors. */
  networkRetries: number;
  /** Milliseconds already spent waiting. */
  waitedMs: number;
}

/** A fresh {@link RetryState}. */
export function initialRetryState(): RetryState {
  return { transientRetries: 0, networkRetries: 0, waitedMs: 0 };
}

/**
 * How long to wait before retrying after `failure`, or null to give up now.
 *
 * Exponential backoff with "equal jitter" (half fixed, half random, so concurrent callers spread
 * out but never retry at once); a `Retry-After` from Google is honoured when it is longer, but
 * never beyond `maxDelayMs`. Gives up when the retries are used or the wait would exceed the
 * total budget: a person is looking at a spinner.
 */
export function nextDelay(
  failure: GoogleFailure,
  state: RetryState,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): number | null {
  let attempt: number;
  let retryAfterMs: number | null = null;
  if (failure.kind === 'network') {
    if (state.networkRetries >= policy.networkRetries) return null;
    attempt = state.networkRetries;
  } else if (failure.kind === 'rate-limited' || failure.kind === 'server') {
    if (state.transientRetries >= policy.transientRetries) return null;
    attempt = state.transientRetries;
    retryAfterMs = failure.retryAfterMs;
  } else {
    return null;
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exponential / 2 + (exponential / 2) * random();
  const delay = Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0)));
  if (state.waitedMs + delay > policy.maxTotalWaitMs) return null;
  return delay;
}

/** The state after waiting `delayMs` for `failure`. */
export function afterRetry(state: RetryState, failure: GoogleFailure, delayMs: number): RetryState {
  return {
    transientRetries: state.transientRetries + (failure.kind === 'network' ? 0 : 1),
    networkRetries: state.networkRetries + (failure.kind === 'network' ? 1 : 0),
    waitedMs: state.waitedMs + delayMs,
  };
}
