import { GaxiosError } from 'gaxios';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../../common/model.ts';
import { FEATURE_SCOPES } from '../../../common/features.ts';
import { callGoogle } from '../../../main/google/call.ts';
import type { CallContext, CoreForCalls } from '../../../main/google/call.ts';
import { calendarClient } from '../../../main/google/calendar.ts';
import { DAILY_LIMIT_403, QUOTA_EXCEEDED_403, USER_RATE_LIMIT_403 } from './google-error-bodies.ts';
import { googleError, sendJson, startLoopback } from './loopback.ts';
import type { Loopback, SeenRequest } from './loopback.ts';
import { ADA, withScopes } from '../../helpers/accounts.ts';

const ACCOUNT: Account = withScopes(ADA, FEATURE_SCOPES.calendar);

let token: Loopback;
let api: Loopback;
let client: OAuth2Client;
let dropped: string[][];
let tokenAnswer: (request: SeenRequest) => [number, unknown];
let issued: number;

function core(): CoreForCalls {
  return {
    accounts: () => [ACCOUNT],
    clientFor: async () => client,
    dropScopes: (_id: string, scopes: string[]) => {
      dropped.push(scopes);
      return ACCOUNT;
    },
  };
}

/** Instant sleep that records what it was asked to wait. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

function context(overrides: Partial<CallContext> = {}): CallContext {
  return {
    core: core(),
    accountId: ACCOUNT.id,
    service: 'your calendar',
    scope: FEATURE_SCOPES.calendar,
    random: () => 0,
    ...overrides,
  };
}

/** GETs /data on the API server with the account's client, as the Google modules do. */
const getData = async (c: OAuth2Client, options: { retry: false; timeout: number }) =>
  (await c.request<{ value: string }>({ ...options, url: `${api.origin}/data` })).data.value;

beforeAll(async () => {
  token = await startLoopback((request, response) => {
    const [status, body] = tokenAnswer(request);
    sendJson(response, status, body);
  });
  api = await startLoopback((_request, response) => sendJson(response, 200, { value: 'ok' }));
});
afterAll(async () => {
  await token.close();
  await api.close();
});

beforeEach(() => {
  issued = 0;
  dropped = [];
  token.requests.length = 0;
  api.requests.length = 0;
  tokenAnswer = () => {
    issued += 1;
    return [200, { access_token: `fresh-${issued}`, expires_in: 3600, token_type: 'Bearer' }];
  };
  client = new OAuth2Client({
    clientId: 'test-client',
    clientSecret: 'test-secret',
    endpoints: { oauth2TokenUrl: `${token.origin}/token` },
  });
  // The client believes its token is good for an hour; Google may think otherwise.
  client.setCredentials({
    access_token: 'stale',
    refresh_token: 'refresh-1',
    expiry_date: Date.now() + 3_600_000,
  });
});

/** API answers: 401 for any token but a fresh one, else 200. */
function rejectStaleTokens(): void {
  api.setHandler((request, response) => {
    if (request.authorization?.startsWith('Bearer fresh-'))
      sendJson(response, 200, { value: 'ok' });
    else sendJson(response, 401, googleError(401, 'authError', 'Invalid Credentials'));
  });
}

describe('callGoogle: checks before any request', () => {
  it('answers AUTH_REQUIRED for an account that is not signed in, without a request', async () => {
    const result = await callGoogle(context({ accountId: 'nobody' }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    expect(api.requests).toHaveLength(0);
  });

  it('answers SCOPE_REQUIRED when the scope is not granted locally, without a request', async () => {
    const result = await callGoogle(context({ scope: FEATURE_SCOPES.drive }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'SCOPE_REQUIRED' } });
    expect(api.requests).toHaveLength(0);
    expect(token.requests).toHaveLength(0);
  });

  it('passes a failure of clientFor on as a contract error', async () => {
    const locked = Object.assign(new Error('The keychain is locked.'), {
      code: 'KEYCHAIN_UNAVAILABLE',
    });
    const result = await callGoogle(
      context({ core: { ...core(), clientFor: () => Promise.reject(locked) } }),
      getData,
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE', message: 'The keychain is locked.' },
    });
  });
});

describe('callGoogle: 401', () => {
  beforeEach(rejectStaleTokens);

  it('refreshes once and retries: success with one token request', async () => {
    const result = await callGoogle(context(), getData);
    expect(result).toEqual({ ok: true, value: 'ok' });
    expect(token.requests).toHaveLength(1);
    expect(api.requests.map((r) => r.authorization)).toEqual(['Bearer stale', 'Bearer fresh-1']);
  });

  it('20 concurrent calls rejected with the same token share one refresh', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => callGoogle(context(), getData)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(token.requests).toHaveLength(1);
  });

  it('a refresh refused with invalid_grant is SESSION_EXPIRED, with no second API request', async () => {
    tokenAnswer = () => [
      400,
      { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    ];
    const result = await callGoogle(context(), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(api.requests).toHaveLength(1);
  });

  it('a second 401 after a successful refresh is not refreshed again', async () => {
    api.setHandler((_request, response) => sendJson(response, 401, googleError(401, 'authError')));
    const result = await callGoogle(context(), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'GOOGLE_API', retryable: false } });
    expect(token.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(2);
  });
});

describe('callGoogle: 403 insufficientPermissions', () => {
  it('is SCOPE_REQUIRED and forgets the scope locally so Connect asks again', async () => {
    api.setHandler((_r, response) =>
      sendJson(response, 403, googleError(403, 'insufficientPermissions')),
    );
    const result = await callGoogle(context(), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'SCOPE_REQUIRED' } });
    expect(dropped).toEqual([[FEATURE_SCOPES.calendar]]);
    expect(api.requests).toHaveLength(1);
  });
});

describe('callGoogle: transient failures (instant recorded sleep)', () => {
  it('503, 503, then 200 → success after two backoffs', async () => {
    let n = 0;
    api.setHandler((_r, response) => {
      n += 1;
      if (n <= 2) sendJson(response, 503, googleError(503, 'backendError'));
      else sendJson(response, 200, { value: 'ok' });
    });
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toEqual({ ok: true, value: 'ok' });
    expect(waits).toEqual([250, 500]);
    expect(api.requests).toHaveLength(3);
  });

  it('persistent 503 → GOOGLE_API retryable after exactly 4 attempts (gaxios adds none)', async () => {
    api.setHandler((_r, response) => sendJson(response, 503, googleError(503, 'backendError')));
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'GOOGLE_API', retryable: true } });
    expect(waits).toHaveLength(3);
    expect(api.requests).toHaveLength(4);
  });

  it('through @googleapis/calendar too: persistent 500 → 4 requests, not 4 × gaxios retries', async () => {
    api.setHandler((_r, response) => sendJson(response, 500, googleError(500, 'backendError')));
    const { sleep } = recordingSleep();
    const result = await callGoogle(context({ sleep }), async (c, options) => {
      const response = await calendarClient(c, `${api.origin}/`).events.list(
        { calendarId: 'primary' },
        options,
      );
      return response.data.items?.length ?? 0;
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'GOOGLE_API', retryable: true } });
    expect(api.requests).toHaveLength(4);
  });

  it('429 with Retry-After: 2 waits 2 s, then succeeds', async () => {
    let n = 0;
    api.setHandler((_r, response) => {
      n += 1;
      if (n === 1)
        sendJson(response, 429, googleError(429, 'rateLimitExceeded'), { 'Retry-After': '2' });
      else sendJson(response, 200, { value: 'ok' });
    });
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toEqual({ ok: true, value: 'ok' });
    expect(waits).toEqual([2000]);
  });

  it('persistent 429 → RATE_LIMITED retryable', async () => {
    api.setHandler((_r, response) =>
      sendJson(response, 429, googleError(429, 'rateLimitExceeded')),
    );
    const { sleep } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: true } });
  });

  it('403 userRateLimitExceeded, then 200 → success after one backoff, scope kept', async () => {
    let n = 0;
    api.setHandler((_r, response) => {
      n += 1;
      if (n === 1) sendJson(response, 403, USER_RATE_LIMIT_403);
      else sendJson(response, 200, { value: 'ok' });
    });
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toEqual({ ok: true, value: 'ok' });
    expect(waits).toHaveLength(1);
    expect(dropped).toEqual([]);
  });

  it('persistent 403 userRateLimitExceeded → RATE_LIMITED after the bounded retries, scope kept', async () => {
    api.setHandler((_r, response) => sendJson(response, 403, USER_RATE_LIMIT_403));
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: true } });
    expect(waits).toHaveLength(3);
    expect(api.requests).toHaveLength(4);
    expect(dropped).toEqual([]);
  });

  it.each([
    ['quotaExceeded', QUOTA_EXCEEDED_403],
    ['dailyLimitExceeded', DAILY_LIMIT_403],
  ])('403 %s → RATE_LIMITED at once (one request, no retry), scope kept', async (_name, body) => {
    api.setHandler((_r, response) => sendJson(response, 403, body));
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), getData);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: false } });
    expect(waits).toEqual([]);
    expect(api.requests).toHaveLength(1);
    expect(dropped).toEqual([]);
  });

  it('no answer → one retry, then NETWORK retryable', async () => {
    const gone = await startLoopback(() => undefined);
    const origin = gone.origin;
    await gone.close();
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(
      context({ sleep }),
      async (c, options) => (await c.request({ ...options, url: `${origin}/data` })).status,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } });
    expect(waits).toHaveLength(1);
  });

  it('a hanging request times out as NETWORK', async () => {
    api.setHandler(() => undefined); // never answers
    const { sleep } = recordingSleep();
    const result = await callGoogle(
      context({
        sleep,
        requestTimeoutMs: 100,
        policy: {
          transientRetries: 0,
          networkRetries: 0,
          baseDelayMs: 1,
          maxDelayMs: 1,
          maxTotalWaitMs: 1,
        },
      }),
      getData,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NETWORK', retryable: true } });
  });

  it('a bug in the mapping is INTERNAL, not retried', async () => {
    const { sleep, waits } = recordingSleep();
    const result = await callGoogle(context({ sleep }), async () => {
      throw new TypeError('cannot read properties of undefined');
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(waits).toEqual([]);
  });
});

describe('callGoogle: retry timing with fake timers (the real sleep)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function status(code: number, headers: Record<string, string> = {}): GaxiosError {
    const config = {
      url: new URL('https://www.googleapis.com/calendar/v3/x'),
      headers: new Headers(),
    };
    return new GaxiosError('failed', config, {
      status: code,
      statusText: '',
      data: googleError(code, 'backendError'),
      headers: new Headers(headers),
      config,
    } as never);
  }

  it('waits 250 ms, then 500 ms between attempts, and not a moment less', async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const promise = callGoogle(context(), async () => {
      attempts += 1;
      if (attempts < 3) throw status(503);
      return 'done';
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(3);
    await expect(promise).resolves.toEqual({ ok: true, value: 'done' });
  });

  it('honours Retry-After (4 s) and gives up when the next wait would pass the 8 s budget', async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const promise = callGoogle(context(), async () => {
      attempts += 1;
      throw status(429, { 'retry-after': '4' });
    });
    await vi.advanceTimersByTimeAsync(3999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(attempts).toBe(3);
    await expect(promise).resolves.toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryable: true },
    });
    expect(attempts).toBe(3);
  });
});
