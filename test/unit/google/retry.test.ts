import { describe, expect, it } from 'vitest';
import type { GoogleFailure } from '../../../main/google/errors.ts';
import {
  afterRetry,
  DEFAULT_RETRY_POLICY,
  initialRetryState,
  nextDelay,
} from '../../../main/google/retry.ts';
import type { RetryPolicy, RetryState } from '../../../main/google/retry.ts';

const policy: RetryPolicy = {
  transientRetries: 3,
  networkRetries: 1,
  baseDelayMs: 500,
  maxDelayMs: 5000,
  maxTotalWaitMs: 8000,
};
const server: GoogleFailure = { kind: 'server', status: 503, retryAfterMs: null };
const limited = (retryAfterMs: number | null): GoogleFailure => ({
  kind: 'rate-limited',
  retryAfterMs,
});

/** Runs the policy against a failure that never stops, returning every delay it chose. */
function delaysFor(
  failure: GoogleFailure,
  random: () => number,
  p: RetryPolicy = policy,
): number[] {
  const delays: number[] = [];
  let state: RetryState = initialRetryState();
  for (let i = 0; i < 20; i += 1) {
    const delay = nextDelay(failure, state, p, random);
    if (delay === null) break;
    delays.push(delay);
    state = afterRetry(state, failure, delay);
  }
  return delays;
}

describe('nextDelay', () => {
  it('backs off exponentially with equal jitter: between half and all of 500, 1000, 2000 ms', () => {
    expect(delaysFor(server, () => 0)).toEqual([250, 500, 1000]);
    expect(delaysFor(server, () => 0.999999)).toEqual([500, 1000, 2000]);
  });

  it('gives up after transientRetries', () => {
    expect(delaysFor(server, () => 0.5)).toHaveLength(3);
    expect(delaysFor(server, () => 0.5, { ...policy, transientRetries: 0 })).toEqual([]);
  });

  it('honours a longer Retry-After, capped at maxDelayMs', () => {
    expect(nextDelay(limited(3000), initialRetryState(), policy, () => 0)).toBe(3000);
    expect(nextDelay(limited(60_000), initialRetryState(), policy, () => 0)).toBe(5000);
    // A shorter Retry-After does not shorten the backoff.
    expect(nextDelay(limited(10), initialRetryState(), policy, () => 0)).toBe(250);
  });

  it('never waits more than maxTotalWaitMs in total', () => {
    const delays = delaysFor(limited(4000), () => 0);
    expect(delays).toEqual([4000, 4000]);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(policy.maxTotalWaitMs);
  });

  it('retries network errors on their own small budget', () => {
    expect(delaysFor({ kind: 'network' }, () => 0)).toEqual([250]);
    const state = afterRetry(afterRetry(initialRetryState(), server, 250), server, 500);
    // Two 5xx retries spent do not use up the network retry.
    expect(nextDelay({ kind: 'network' }, state, policy, () => 0)).toBe(250);
  });

  it('never retries failures that are not transient', () => {
    for (const failure of [
      { kind: 'unauthorized' },
      { kind: 'scope' },
      { kind: 'invalid-grant' },
      { kind: 'client', status: 400, reason: null },
      { kind: 'unknown' },
    ] as GoogleFailure[]) {
      expect(nextDelay(failure, initialRetryState(), policy)).toBeNull();
    }
  });

  it('the default policy keeps a person waiting at most 8 s and tries at most 4 times', () => {
    const delays = delaysFor(limited(10_000), Math.random, DEFAULT_RETRY_POLICY);
    expect(delays.length).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.transientRetries);
    expect(delays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(8000);
  });
});
