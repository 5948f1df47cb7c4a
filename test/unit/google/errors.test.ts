import { Gaxios } from 'gaxios';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyGoogleError,
  errorReasons,
  isTransient,
  parseRetryAfter,
  toApiError,
} from '../../../main/google/errors.ts';
import type { GoogleFailure } from '../../../main/google/errors.ts';
import { NetworkProblem } from '../../../main/net/network.ts';
import {
  ACCESS_NOT_CONFIGURED_403,
  DAILY_LIMIT_403,
  INSUFFICIENT_SCOPE_403,
  QUOTA_EXCEEDED_403,
  RATE_LIMIT_403,
  USER_RATE_LIMIT_403,
} from './google-error-bodies.ts';
import { googleError, sendJson, startLoopback } from './loopback.ts';
import type { Loopback } from './loopback.ts';

let server: Loopback;

beforeAll(async () => {
  server = await startLoopback((_request, response) => sendJson(response, 200, {}));
});
afterAll(() => server.close());

/** Makes a real request through gaxios and returns what it threw. */
async function thrownBy(status: number, body: unknown, headers: Record<string, string> = {}) {
  server.setHandler((_request, response) => sendJson(response, status, body, headers));
  try {
    await new Gaxios().request({
      url: `${server.origin}/calendar/v3/calendars/primary/events`,
      headers: { Authorization: 'Bearer ya29.secret-access-token' },
      retry: false,
    });
  } catch (error) {
    return error;
  }
  throw new Error('the request did not fail');
}

describe('classifyGoogleError (real gaxios errors from a loopback server)', () => {
  it('401 → unauthorized', async () => {
    const error = await thrownBy(401, googleError(401, 'authError', 'Invalid Credentials'));
    expect(classifyGoogleError(error)).toEqual({ kind: 'unauthorized' });
  });

  it('403 insufficientPermissions → scope', async () => {
    const error = await thrownBy(403, googleError(403, 'insufficientPermissions'));
    expect(classifyGoogleError(error)).toEqual({ kind: 'scope' });
  });

  it('403 ACCESS_TOKEN_SCOPE_INSUFFICIENT in details (newer error shape) → scope', async () => {
    const error = await thrownBy(403, {
      error: {
        code: 403,
        message: 'Request had insufficient authentication scopes.',
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
          },
        ],
      },
    });
    expect(classifyGoogleError(error)).toEqual({ kind: 'scope' });
  });

  it('403 userRateLimitExceeded (Drive, Calendar) → rate-limited', async () => {
    const error = await thrownBy(403, googleError(403, 'userRateLimitExceeded'));
    expect(classifyGoogleError(error)).toEqual({ kind: 'rate-limited', retryAfterMs: null });
  });

  describe("Google's recorded 403 bodies: rate limit, quota or scope", () => {
    it.each([
      ['userRateLimitExceeded', USER_RATE_LIMIT_403],
      ['rateLimitExceeded (newer shape)', RATE_LIMIT_403],
    ])('%s → rate-limited, retried, RATE_LIMITED', async (_name, body) => {
      const failure = classifyGoogleError(await thrownBy(403, body));
      expect(failure).toEqual({ kind: 'rate-limited', retryAfterMs: null });
      expect(isTransient(failure)).toBe(true);
      expect(toApiError(failure, 'your calendar').code).toBe('RATE_LIMITED');
    });

    it.each([
      ['quotaExceeded', QUOTA_EXCEEDED_403],
      ['dailyLimitExceeded', DAILY_LIMIT_403],
    ])('%s → quota: RATE_LIMITED, not retried', async (_name, body) => {
      const failure = classifyGoogleError(await thrownBy(403, body));
      expect(failure).toEqual({ kind: 'quota' });
      expect(isTransient(failure)).toBe(false);
      expect(toApiError(failure, 'your calendar')).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: false,
      });
    });

    it('insufficientPermissions / ACCESS_TOKEN_SCOPE_INSUFFICIENT → scope: SCOPE_REQUIRED', async () => {
      const failure = classifyGoogleError(await thrownBy(403, INSUFFICIENT_SCOPE_403));
      expect(failure).toEqual({ kind: 'scope' });
      expect(toApiError(failure, 'your calendar').code).toBe('SCOPE_REQUIRED');
    });

    it('accessNotConfigured (usageLimits, but the API is off) → client, not retried', async () => {
      const failure = classifyGoogleError(await thrownBy(403, ACCESS_NOT_CONFIGURED_403));
      expect(failure).toEqual({ kind: 'client', status: 403, reason: 'accessNotConfigured' });
      expect(isTransient(failure)).toBe(false);
    });
  });

  it('403 for another reason (forbidden) → client, not retried', async () => {
    const error = await thrownBy(403, googleError(403, 'forbidden'));
    const failure = classifyGoogleError(error);
    expect(failure).toEqual({ kind: 'client', status: 403, reason: 'forbidden' });
    expect(isTransient(failure)).toBe(false);
  });

  it('429 with Retry-After seconds → rate-limited with the delay', async () => {
    const error = await thrownBy(429, googleError(429, 'rateLimitExceeded'), {
      'Retry-After': '3',
    });
    expect(classifyGoogleError(error)).toEqual({ kind: 'rate-limited', retryAfterMs: 3000 });
  });

  it('503 → server (transient)', async () => {
    const error = await thrownBy(503, googleError(503, 'backendError'));
    const failure = classifyGoogleError(error);
    expect(failure).toEqual({ kind: 'server', status: 503, retryAfterMs: null });
    expect(isTransient(failure)).toBe(true);
  });

  it('400 invalid_grant from the token endpoint → invalid-grant', async () => {
    const error = await thrownBy(400, {
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
    expect(classifyGoogleError(error)).toEqual({ kind: 'invalid-grant' });
  });

  it('404 → client', async () => {
    const error = await thrownBy(404, googleError(404, 'notFound'));
    expect(classifyGoogleError(error)).toEqual({ kind: 'client', status: 404, reason: 'notFound' });
  });

  it('connection refused → network', async () => {
    const closed = await startLoopback(() => undefined);
    const origin = closed.origin;
    await closed.close();
    const error = await new Gaxios()
      .request({ url: `${origin}/drive/v3/files`, retry: false })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(classifyGoogleError(error)).toEqual({ kind: 'network' });
  });

  it("the network port's problem (a proxy, a certificate) → network with its sentence, not retried", async () => {
    const problem = new NetworkProblem('proxy-credentials', {
      host: 'www.googleapis.com',
      proxy: 'proxy.example.com:3128',
      status: 407,
    });
    // What gaxios makes of a fetch that throws it.
    const error = await new Gaxios({
      fetchImplementation: () => Promise.reject(problem),
    })
      .request({ url: `${server.origin}/calendar/v3/calendars/primary/events`, retry: false })
      .then(
        () => null,
        (e: unknown) => e,
      );
    const failure = classifyGoogleError(error);
    expect(failure).toEqual({ kind: 'network', message: problem.message });
    expect(isTransient(failure)).toBe(false);
    expect(toApiError(failure, 'your calendar')).toEqual({
      code: 'NETWORK',
      message: problem.message,
      retryable: true,
    });
    // Without the port's explanation, "no answer" is retried as before.
    expect(isTransient({ kind: 'network' })).toBe(true);
  });

  it('an error carrying a contract code from the auth core keeps it', () => {
    const core = Object.assign(new Error('The OS keychain is locked.'), {
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    expect(classifyGoogleError(core)).toEqual({
      kind: 'coded',
      code: 'KEYCHAIN_UNAVAILABLE',
      message: 'The OS keychain is locked.',
    });
    const expired = Object.assign(new Error('Your session for ada@example.com has ended.'), {
      name: 'AuthError',
      code: 'SESSION_EXPIRED',
      retryable: false,
    });
    expect(classifyGoogleError(expired)).toEqual({
      kind: 'coded',
      code: 'SESSION_EXPIRED',
      message: 'Your session for ada@example.com has ended.',
      retryable: false,
    });
    expect(toApiError(classifyGoogleError(expired), 'x')).toEqual({
      code: 'SESSION_EXPIRED',
      message: 'Your session for ada@example.com has ended.',
      retryable: false,
    });
  });

  it('a plain bug → unknown', () => {
    expect(classifyGoogleError(new TypeError('x is undefined'))).toEqual({ kind: 'unknown' });
    expect(classifyGoogleError('string')).toEqual({ kind: 'unknown' });
    expect(classifyGoogleError(null)).toEqual({ kind: 'unknown' });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 120 ')).toBe(120_000);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter('-5')).toBeNull();
  });
});

describe('errorReasons', () => {
  it('collects errors[].reason, details[].reason and status', () => {
    expect(
      errorReasons({
        error: {
          errors: [{ reason: 'a' }],
          details: [{ reason: 'b' }],
          status: 'PERMISSION_DENIED',
        },
      }),
    ).toEqual(['a', 'b', 'PERMISSION_DENIED']);
    expect(errorReasons({ error: 'invalid_grant' })).toEqual([]);
    expect(errorReasons('<html>')).toEqual([]);
  });
});

describe('toApiError', () => {
  const cases: Array<[GoogleFailure, string, boolean | undefined]> = [
    [{ kind: 'scope' }, 'SCOPE_REQUIRED', undefined],
    [{ kind: 'rate-limited', retryAfterMs: null }, 'RATE_LIMITED', true],
    [{ kind: 'server', status: 503, retryAfterMs: null }, 'GOOGLE_API', true],
    [{ kind: 'network' }, 'NETWORK', true],
    [{ kind: 'invalid-grant' }, 'SESSION_EXPIRED', undefined],
    [{ kind: 'client', status: 404, reason: 'notFound' }, 'GOOGLE_API', false],
    [{ kind: 'unauthorized' }, 'GOOGLE_API', false],
    [{ kind: 'unknown' }, 'INTERNAL', undefined],
  ];
  it.each(cases)('%o → %s', (failure, code, retryable) => {
    const error = toApiError(failure, 'your calendar');
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('never puts the request (and its bearer token) into the message', async () => {
    for (const status of [401, 403, 429, 500, 503, 404]) {
      const error = await thrownBy(status, googleError(status, 'x'));
      const api = toApiError(classifyGoogleError(error), 'your calendar');
      expect(JSON.stringify(api)).not.toContain('secret-access-token');
    }
  });
});
