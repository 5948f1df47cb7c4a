/**
 * Every request to Google besides the code exchange (test/unit/auth/issuer/code-exchange.test.ts):
 * refresh, revoke, userinfo, JWKS and the API calls. Each kind is sent to a local "Google" that
 * answers with a 302 or 307 to another local host (which must receive nothing: a refresh must
 * never re-send the refresh token to the `Location` host), an oversized body, a body that floods
 * without end (stopped by the size cap) and a body that stalls (stopped by the time limit).
 */
import type { ServerResponse } from 'node:http';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../../../common/model.ts';
import type { Result } from '../../../../common/result.ts';
import { FEATURE_SCOPES } from '../../../../common/features.ts';
import { AccountClient } from '../../../../main/auth/tokens/account-client.ts';
import { classifyHttpError } from '../../../../main/auth/issuer/http.ts';
import { IdTokenError } from '../../../../main/auth/issuer/id-token.ts';
import { createIssuer, type Issuer } from '../../../../main/auth/issuer/issuer.ts';
import type { AuthConfig } from '../../../../main/auth/types.ts';
import { callGoogle } from '../../../../main/google/call.ts';
import type { CallContext } from '../../../../main/google/call.ts';
import { calendarClient, listEvents } from '../../../../main/google/calendar.ts';
import { sendJson, startLoopback } from '../../google/loopback.ts';
import type { Loopback } from '../../google/loopback.ts';

/**
 * The time limit: short for the stalled-body cases, so they end quickly; generous for the others,
 * which the guards end without waiting for it (a loaded machine must not turn them into timeouts).
 */
const STALL_TIMEOUT_MS = 150;
const TIMEOUT_MS = 10_000;
const timeoutFor = (b: Behaviour): number => (b === 'stall' ? STALL_TIMEOUT_MS : TIMEOUT_MS);

type Behaviour = 'redirect-302' | 'redirect-307' | 'oversized' | 'flood' | 'stall';

let google: Loopback;
/** The host a redirect points to: it must never get a request. */
let elsewhere: Loopback;
let behaviour: Behaviour;
const open = new Set<ServerResponse>();

/** A body that never ends: 16 KB chunks as fast as the socket takes them. */
function flood(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"padding":"');
  const chunk = 'x'.repeat(16 * 1024);
  const more = (): void => {
    while (!response.destroyed && response.write(chunk));
    if (!response.destroyed) response.once('drain', more);
  };
  more();
}

function answer(response: ServerResponse): void {
  open.add(response);
  response.on('close', () => open.delete(response));
  switch (behaviour) {
    case 'redirect-302':
    case 'redirect-307':
      response.writeHead(behaviour === 'redirect-302' ? 302 : 307, {
        location: `${elsewhere.origin}/stolen`,
      });
      response.end();
      return;
    case 'oversized':
      sendJson(response, 200, { access_token: 'x'.repeat(8 * 1024 * 1024), token_type: 'Bearer' });
      return;
    case 'flood':
      flood(response);
      return;
    case 'stall':
      // Headers and the start of a body, then nothing: only the time limit ends it.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"keys":[');
      return;
  }
}

function configFor(origin: string): AuthConfig {
  return {
    mode: 'google',
    appId: 'dev.latchkey.test',
    clientId: 'client-1.apps.googleusercontent.com',
    clientSecret: 'desktop-secret',
    clientType: 'desktop',
    endpoints: {
      issuer: origin,
      authorization: `${origin}/o/oauth2/v2/auth`,
      token: `${origin}/token`,
      revoke: `${origin}/revoke`,
      userinfo: `${origin}/v1/userinfo`,
      jwks: `${origin}/oauth2/v3/certs`,
      apiRoot: `${origin}/`,
    },
  };
}

let issuer: Issuer;
/** The same, with the stalled-body cases' short limit. */
let stallIssuer: Issuer;
/** The issuer for the current behaviour. */
const issuerNow = (): Issuer => (behaviour === 'stall' ? stallIssuer : issuer);

beforeAll(async () => {
  google = await startLoopback((_request, response) => answer(response));
  elsewhere = await startLoopback((_request, response) => sendJson(response, 200, {}));
  const options = { config: configFor(google.origin), clock: { now: () => Date.now() } };
  issuer = createIssuer({ ...options, httpTimeoutMs: TIMEOUT_MS });
  stallIssuer = createIssuer({ ...options, httpTimeoutMs: STALL_TIMEOUT_MS });
});
afterAll(async () => {
  for (const response of open) response.destroy();
  await google.close();
  await elsewhere.close();
});
beforeEach(() => {
  google.requests.length = 0;
  elsewhere.requests.length = 0;
});

const REDIRECTS: Behaviour[] = ['redirect-302', 'redirect-307'];
const BODIES: Behaviour[] = ['oversized', 'flood'];

/** An id_token-shaped string: its header makes the check fetch the JWKS first. */
const ID_TOKEN = [
  Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })).toString('base64url'),
  Buffer.from('{}').toString('base64url'),
  'sig',
].join('.');

/** The OAuth endpoint calls, each rejecting with what the caller classifies. */
const OAUTH_CALLS: Record<string, () => Promise<unknown>> = {
  refresh: () => issuerNow().refresh('1//refresh-token-that-must-stay-home'),
  revoke: () => issuerNow().revoke('1//token-to-revoke'),
  userinfo: () => issuerNow().requestUserInfo('ya29.access-token'),
};

describe.each(Object.keys(OAUTH_CALLS))('%s', (name) => {
  const call = OAUTH_CALLS[name] as () => Promise<unknown>;

  it.each(REDIRECTS)('%s to another host: an error, nothing sent there, not retried', async (b) => {
    behaviour = b;
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifyHttpError(error)).toEqual({ kind: 'malformed', refused: 'redirect' });
    expect(elsewhere.requests).toHaveLength(0);
    expect(google.requests).toHaveLength(1);
  });

  it.each(BODIES)('%s body: refused at the cap, not retried', async (b) => {
    behaviour = b;
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifyHttpError(error)).toEqual({ kind: 'malformed', refused: 'too-large' });
    expect(google.requests).toHaveLength(1);
  });

  it('a body that stalls: ended by the time limit', async () => {
    behaviour = 'stall';
    const started = Date.now();
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifyHttpError(error)).toEqual({ kind: 'network' });
    // The time limit, not a socket default: three attempts (two retries) of 150 ms.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('JWKS (fetched by the id_token check)', () => {
  it.each([...REDIRECTS, ...BODIES, 'stall' as const])(
    '%s: the keys are unavailable, nothing sent elsewhere',
    async (b) => {
      behaviour = b;
      // A fresh issuer each time: the key cache would otherwise remember the last attempt.
      const fresh = createIssuer({
        config: configFor(google.origin),
        clock: { now: () => Date.now() },
        httpTimeoutMs: timeoutFor(b),
      });
      const error = await fresh.verifyIdToken(ID_TOKEN, 'nonce').then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(IdTokenError);
      expect((error as IdTokenError).problem).toBe('keys-unavailable');
      expect(elsewhere.requests).toHaveLength(0);
      if (b !== 'stall') expect(google.requests).toHaveLength(1);
    },
  );
});

const ACCOUNT: Account = {
  id: '1001',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  pictureUrl: null,
  grantedScopes: ['openid', 'email', 'profile', FEATURE_SCOPES.calendar],
  lastSignIn: '2026-11-25T07:00:00.000Z',
};

/** A Calendar call through the one call policy, as the agenda makes it. */
function agendaCall(client: OAuth2Client): Promise<Result<unknown>> {
  const ctx: CallContext = {
    core: {
      accounts: () => [ACCOUNT],
      clientFor: async () => client,
      dropScopes: () => ACCOUNT,
    },
    accountId: ACCOUNT.id,
    service: 'your calendar',
    scope: FEATURE_SCOPES.calendar,
    random: () => 0,
    sleep: async () => undefined,
    requestTimeoutMs: timeoutFor(behaviour),
    maxAnswerBytes: 256 * 1024,
  };
  const window = { timeMin: '2026-11-25T00:00:00Z', timeMax: '2026-12-02T00:00:00Z' };
  return callGoogle(ctx, (c, options) =>
    listEvents(calendarClient(c, `${google.origin}/`), window, options),
  );
}

const API_CLIENTS: Record<string, () => OAuth2Client> = {
  // What core.clientFor hands out: built from the issuer's options (its guarded fetch).
  'the core account client': () =>
    new AccountClient(issuerNow().clientOptions, {
      accessToken: async () => ({ token: 'ya29.api', expiresAt: Date.now() + 3_600_000 }),
    }),
  // Any other client: gaxios' default fetch reads maxRedirects/maxContentLength from the options.
  'a plain OAuth2Client': () => {
    const client = new OAuth2Client();
    client.setCredentials({ access_token: 'ya29.api', expiry_date: Date.now() + 3_600_000 });
    return client;
  },
};

describe.each(Object.keys(API_CLIENTS))('Calendar API call with %s', (name) => {
  const client = (): OAuth2Client => (API_CLIENTS[name] as () => OAuth2Client)();

  it.each(REDIRECTS)(
    '%s to another host: GOOGLE_API, nothing sent there, not retried',
    async (b) => {
      behaviour = b;
      const result = await agendaCall(client());
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('GOOGLE_API');
        expect(result.error.message).toMatch(/did not follow/);
      }
      expect(elsewhere.requests).toHaveLength(0);
      expect(google.requests).toHaveLength(1);
    },
  );

  it.each(BODIES)('%s body: GOOGLE_API at the cap, not retried', async (b) => {
    behaviour = b;
    const result = await agendaCall(client());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/too large/);
    expect(google.requests).toHaveLength(1);
  });

  it('a body that stalls: NETWORK after the time limit', async () => {
    behaviour = 'stall';
    const result = await agendaCall(client());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('NETWORK');
  });
});
