/**
 * The emulator itself: Google's discovery paths, Google-style revocation, the Calendar and Drive
 * stand-ins (tokens, scopes, data, paging, search), every fault switch, the counters, the HTTP
 * control routes (only when asked for), the exact Host check on every route, Testing-mode refresh
 * token lifetimes and `npm run emulator`.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { calendar } from '@googleapis/calendar';
import { drive } from '@googleapis/drive';
import { AxeBuilder } from '@axe-core/playwright';
import { OAuth2Client } from 'google-auth-library';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CALENDAR_SCOPE,
  DRIVE_SCOPE,
  startEmulator,
  TESTING_MODE_REFRESH_TOKEN_SECONDS,
} from '../../emulator/index.ts';
import type { Emulator } from '../../emulator/index.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import { rawRequest } from '../helpers/raw-http.ts';

let emulator: Emulator;
let browser: Browser;

interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope: string;
  code: string;
  verifier: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** Signs in through the pages (iOS client: no secret) and exchanges the code. */
async function signIn(
  scopes: string[],
  email = 'ada@example.com',
  emu: Emulator = emulator,
): Promise<Tokens> {
  const verifier = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  const challenge = Buffer.from(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  ).toString('base64url');
  const { ios } = emu.clients;
  const url = new URL(emu.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: ios.clientId,
    redirect_uri: ios.redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    access_type: 'offline',
    state: 'state-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const context = await browser.newContext();
  try {
    const redirect = new URL(await completeConsent(await context.newPage(), url.href, { email }));
    const code = redirect.searchParams.get('code');
    if (!code) throw new Error(`no code in ${redirect.href}`);
    const response = await postToken(
      {
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        client_id: ios.clientId,
        redirect_uri: ios.redirectUri,
      },
      emu,
    );
    expect(response.status).toBe(200);
    return { ...((await response.json()) as Omit<Tokens, 'code' | 'verifier'>), code, verifier };
  } finally {
    await context.close();
  }
}

function postToken(params: Record<string, string>, emu: Emulator = emulator): Promise<Response> {
  return fetch(emu.endpoints.token, { method: 'POST', body: new URLSearchParams(params) });
}

function refresh(refreshToken: string, emu: Emulator = emulator): Promise<Response> {
  return postToken(
    {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: emu.clients.ios.clientId,
    },
    emu,
  );
}

/** The payload of a JWT (no verification: the emulator's own id_token, for its claims). */
function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
}

function api(path: string, token?: string): Promise<Response> {
  return fetch(
    `${emulator.issuer}${path}`,
    token ? { headers: { authorization: `Bearer ${token}` } } : {},
  );
}

const EVENTS = '/calendar/v3/calendars/primary/events';
const FILES = '/drive/v3/files';

/** A google-auth-library client holding the access token, for the @googleapis clients. */
function authFor(accessToken: string): OAuth2Client {
  const client = new OAuth2Client({ clientId: emulator.clients.ios.clientId });
  client.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 3_600_000 });
  return client;
}

let full: Tokens;
let profileOnly: Tokens;

beforeAll(async () => {
  // The HTTP control routes are tested below: asked for explicitly.
  emulator = await startEmulator({ testRoutes: true });
  browser = await chromium.launch(chromiumLaunchOptions());
  full = await signIn(['openid', 'email', 'profile', CALENDAR_SCOPE, DRIVE_SCOPE]);
  profileOnly = await signIn(['openid', 'email'], 'grace@example.com');
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

beforeEach(() => {
  emulator.setFault(null);
  emulator.setAccessTokenTtl(3600);
});

describe('discovery', () => {
  it("publishes Google's paths", async () => {
    const response = await fetch(`${emulator.issuer}/.well-known/openid-configuration`);
    const document = await response.json();
    expect(document).toMatchObject({
      issuer: emulator.issuer,
      authorization_endpoint: `${emulator.issuer}/o/oauth2/v2/auth`,
      token_endpoint: `${emulator.issuer}/token`,
      revocation_endpoint: `${emulator.issuer}/revoke`,
      userinfo_endpoint: `${emulator.issuer}/v1/userinfo`,
      jwks_uri: `${emulator.issuer}/oauth2/v3/certs`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    const jwks = await (await fetch(document.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('serves userinfo for a valid token only', async () => {
    const ok = await fetch(emulator.endpoints.userinfo, {
      headers: { authorization: `Bearer ${full.access_token}` },
    });
    expect(await ok.json()).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      email_verified: true,
    });
    const bad = await fetch(emulator.endpoints.userinfo, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(bad.status).toBe(401);
  });
});

describe('revoke', () => {
  it('answers 400 invalid_token for an unknown token, as a form or a query parameter', async () => {
    const form = await fetch(emulator.endpoints.revoke, {
      method: 'POST',
      body: new URLSearchParams({ token: 'unknown' }),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ error: 'invalid_token' });
    const query = await fetch(`${emulator.endpoints.revoke}?token=unknown`, { method: 'POST' });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ error: 'invalid_token' });
    const missing = await fetch(emulator.endpoints.revoke, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses an oversized body with 413 and one log line: no stack, no body', async () => {
    const lines: Array<[string, Record<string, unknown>]> = [];
    const own = await startEmulator({ log: (message, fields) => lines.push([message, fields]) });
    try {
      const secretish = `token=${'S'.repeat(70 * 1024)}`;
      const answer = await fetch(own.endpoints.revoke, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: secretish,
      });
      expect(answer.status).toBe(413);
      expect(await answer.json()).toMatchObject({ error: 'invalid_request' });
      expect(lines).toEqual([
        [
          'refused an oversized request body',
          { method: 'POST', path: '/revoke', limit: expect.stringMatching(/^request body over/) },
        ],
      ]);
      expect(JSON.stringify(lines)).not.toContain('SSSS');
    } finally {
      await own.close();
    }
  });

  it('is POST only: GET is 405 and revokes nothing', async () => {
    const tokens = await signIn(['openid'], 'alan@example.com');
    const get = await fetch(
      `${emulator.endpoints.revoke}?token=${encodeURIComponent(tokens.refresh_token!)}`,
    );
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
    emulator.revokeGrantsFor('alan@example.com');
  });

  it('a token revoked once is unknown the second time: 200, then 400 invalid_token', async () => {
    const tokens = await signIn(['openid'], 'alan@example.com');
    const revoke = () =>
      fetch(emulator.endpoints.revoke, {
        method: 'POST',
        body: new URLSearchParams({ token: tokens.refresh_token! }),
      });
    expect((await revoke()).status).toBe(200);
    const again = await revoke();
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('ends the grant: the refresh token then gets invalid_grant and its access token 401', async () => {
    const tokens = await signIn(['openid', DRIVE_SCOPE], 'alan@example.com');
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
    emulator.resetStats();

    const revoked = await fetch(
      `${emulator.endpoints.revoke}?token=${encodeURIComponent(tokens.refresh_token!)}`,
      {
        method: 'POST',
      },
    );
    expect(revoked.status).toBe(200);
    expect(emulator.stats().tokensRevoked).toBe(1);

    const after = await refresh(tokens.refresh_token!);
    expect(after.status).toBe(400);
    expect(await after.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await api(FILES, tokens.access_token)).status).toBe(401);
  });

  it('server-side revocation (revokeGrantsFor) ends every grant of the account', async () => {
    // alan's grants only: grace's and ada's tokens serve the other tests.
    const tokens = await signIn(['openid', CALENDAR_SCOPE], 'alan@example.com');
    expect(emulator.revokeGrantsFor('alan@example.com')).toBeGreaterThan(0);
    expect(await (await refresh(tokens.refresh_token!)).json()).toMatchObject({
      error: 'invalid_grant',
    });
    expect((await api(EVENTS, tokens.access_token)).status).toBe(401);
    expect((await api(EVENTS, full.access_token)).status).toBe(200);
  });
});

describe('API stand-ins', () => {
  it("answer 401 with Google's error body without a token or with a bad one", async () => {
    for (const token of [undefined, 'not-a-token']) {
      const response = await api(EVENTS, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await response.json()).toMatchObject({
        error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] },
      });
    }
  });

  it('answer 401 once the access token expired', async () => {
    emulator.setAccessTokenTtl(1);
    const response = await refresh(full.refresh_token!);
    const { access_token: shortLived, expires_in: expiresIn } = await response.json();
    expect(expiresIn).toBe(1);
    expect((await api(FILES, shortLived)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await api(FILES, shortLived)).status).toBe(401);
  });

  it('answer 403 insufficientPermissions when the token lacks the scope', async () => {
    for (const path of [EVENTS, FILES]) {
      const response = await api(path, profileOnly.access_token);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          errors: [{ reason: 'insufficientPermissions' }],
        },
      });
    }
  });

  it('list the next seven days of Calendar events through @googleapis/calendar', async () => {
    const client = calendar({
      version: 'v3',
      auth: authFor(full.access_token) as never,
      rootUrl: `${emulator.issuer}/`,
    });
    const now = Date.now();
    const timeMax = now + 7 * DAY;
    const { data } = await client.events.list({
      calendarId: 'primary',
      timeMin: new Date(now).toISOString(),
      timeMax: new Date(timeMax).toISOString(),
      singleEvents: true,
      orderBy: 'startTime',
    });
    expect(data.kind).toBe('calendar#events');
    const items = data.items ?? [];
    expect(items.length).toBeGreaterThan(5);
    const start = (event: (typeof items)[number]) =>
      Date.parse(event.start?.dateTime ?? event.start?.date ?? '');
    const end = (event: (typeof items)[number]) =>
      Date.parse(event.end?.dateTime ?? event.end?.date ?? '');
    for (const event of items) {
      expect(end(event)).toBeGreaterThan(now);
      expect(start(event)).toBeLessThan(timeMax);
      expect(event).toMatchObject({ kind: 'calendar#event', status: 'confirmed' });
      expect(event.summary).toBeTruthy();
      expect(event.htmlLink).toMatch(/^https:\/\//);
    }
    expect(items.map(start)).toEqual([...items.map(start)].sort((a, b) => a - b));
    expect(items.some((event) => event.start?.date)).toBe(true);
    expect(items.some((event) => event.start?.dateTime)).toBe(true);
    const todayUtc = new Date(now).toISOString().slice(0, 10);
    expect(
      items.some((event) =>
        (event.start?.dateTime ?? event.start?.date ?? '').startsWith(todayUtc),
      ),
    ).toBe(true);
  });

  it('page Calendar events with maxResults and nextPageToken, honouring fields', async () => {
    const query = `timeMin=${encodeURIComponent(new Date().toISOString())}&singleEvents=true&orderBy=startTime`;
    const whole = await (await api(`${EVENTS}?${query}`, full.access_token)).json();
    const ids: string[] = [];
    let pageToken = '';
    for (let pages = 0; pages < 20; pages += 1) {
      const suffix = `&maxResults=3&fields=${encodeURIComponent('nextPageToken,items(id,summary)')}`;
      const page = await (
        await api(`${EVENTS}?${query}${suffix}${pageToken}`, full.access_token)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      for (const item of page.items) expect(Object.keys(item).sort()).toEqual(['id', 'summary']);
      ids.push(...page.items.map((item: { id: string }) => item.id));
      if (!page.nextPageToken) break;
      pageToken = `&pageToken=${page.nextPageToken}`;
    }
    expect(ids).toEqual(whole.items.map((item: { id: string }) => item.id));
  });

  it('refuse orderBy=startTime without singleEvents, as Google does', async () => {
    const response = await api(`${EVENTS}?orderBy=startTime`, full.access_token);
    expect(response.status).toBe(400);
  });

  it('list Drive files by modifiedTime desc through @googleapis/drive, with the fields mask', async () => {
    const client = drive({
      version: 'v3',
      auth: authFor(full.access_token) as never,
      rootUrl: `${emulator.issuer}/`,
    });
    const { data } = await client.files.list({
      q: 'trashed = false',
      orderBy: 'modifiedTime desc',
      pageSize: 10,
      fields:
        'nextPageToken, files(id,name,mimeType,modifiedTime,owners(displayName,emailAddress),webViewLink,iconLink)',
    });
    const files = data.files ?? [];
    expect(files).toHaveLength(10);
    expect(data.nextPageToken).toBeTruthy();
    const times = files.map((file) => Date.parse(file.modifiedTime!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Date.now() - times[0]!).toBeLessThan(DAY);
    for (const file of files) {
      expect(Object.keys(file).sort()).toEqual(
        ['iconLink', 'id', 'mimeType', 'modifiedTime', 'name', 'owners', 'webViewLink'].sort(),
      );
      expect(file.owners).toEqual([
        { displayName: 'Ada Lovelace', emailAddress: 'ada@example.com' },
      ]);
    }
    const mimeTypes = new Set(files.map((file) => file.mimeType));
    expect(mimeTypes.size).toBeGreaterThan(3);
  });

  it('page Drive files, search names, and leave out the trash on request', async () => {
    const token = full.access_token;
    const all = (await (await api(`${FILES}?pageSize=1000&fields=files(id,trashed)`, token)).json())
      .files;
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(all.some((file: { trashed: boolean }) => file.trashed)).toBe(true);

    const ids: string[] = [];
    let pageToken = '';
    do {
      const page = await (await api(`${FILES}?pageSize=7&orderBy=name${pageToken}`, token)).json();
      expect(page.files.length).toBeLessThanOrEqual(7);
      ids.push(...page.files.map((file: { id: string }) => file.id));
      pageToken = page.nextPageToken ? `&pageToken=${page.nextPageToken}` : '';
    } while (pageToken);
    expect(new Set(ids).size).toBe(all.length);

    const q = encodeURIComponent("name contains 'PLAN' and trashed = false");
    const found = (await (await api(`${FILES}?q=${q}`, token)).json()).files;
    expect(found.map((file: { name: string }) => file.name).sort()).toEqual([
      'Hiring plan',
      'Q4 planning',
    ]);
    const untrashed = (
      await (
        await api(`${FILES}?q=${encodeURIComponent('trashed = false')}&pageSize=1000`, token)
      ).json()
    ).files;
    expect(untrashed.length).toBeLessThan(all.length);

    const quote = encodeURIComponent("name contains 'it\\'s'");
    expect((await api(`${FILES}?q=${quote}`, token)).status).toBe(200);
    expect((await api(`${FILES}?q=${encodeURIComponent('name has x')}`, token)).status).toBe(400);
  });
});

describe('fault switches', () => {
  it('token: status, malformed, invalid_grant, slow, down; `times` limits them', async () => {
    const body = {
      grant_type: 'refresh_token',
      refresh_token: full.refresh_token!,
      client_id: emulator.clients.ios.clientId,
    };

    emulator.setFault({ endpoint: 'token', kind: 'status', status: 503, times: 2 });
    expect((await postToken(body)).status).toBe(503);
    expect((await postToken(body)).status).toBe(503);
    expect((await postToken(body)).status).toBe(200);

    emulator.setFault({ endpoint: 'token', kind: 'status', status: 500 });
    expect((await postToken(body)).status).toBe(500);
    expect((await postToken(body)).status).toBe(500);
    emulator.setFault(null);

    emulator.setFault({ endpoint: 'token', kind: 'malformed', times: 1 });
    const malformed = await postToken(body);
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();

    emulator.setFault({ endpoint: 'token', kind: 'invalid_grant', times: 1 });
    const invalid = await postToken(body);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual(expect.objectContaining({ error: 'invalid_grant' }));
    // A simulated invalid_grant leaves the real grant alone.
    expect((await postToken(body)).status).toBe(200);

    emulator.setFault({ endpoint: 'token', kind: 'slow', delayMs: 400, times: 1 });
    const started = Date.now();
    expect((await postToken(body)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);

    emulator.setFault({ endpoint: 'token', kind: 'down', times: 1 });
    await expect(postToken(body)).rejects.toThrow();
    expect((await postToken(body)).status).toBe(200);
  });

  it('revoke and userinfo: status and down', async () => {
    emulator.setFault({ endpoint: 'revoke', kind: 'status', status: 503, times: 1 });
    expect((await fetch(`${emulator.endpoints.revoke}?token=x`, { method: 'POST' })).status).toBe(
      503,
    );
    emulator.setFault({ endpoint: 'revoke', kind: 'down', times: 1 });
    await expect(
      fetch(`${emulator.endpoints.revoke}?token=x`, { method: 'POST' }),
    ).rejects.toThrow();
    expect((await fetch(`${emulator.endpoints.revoke}?token=x`, { method: 'POST' })).status).toBe(
      400,
    );

    emulator.setFault({ endpoint: 'userinfo', kind: 'status', status: 500, times: 1 });
    const headers = { authorization: `Bearer ${full.access_token}` };
    expect((await fetch(emulator.endpoints.userinfo, { headers })).status).toBe(500);
    expect((await fetch(emulator.endpoints.userinfo, { headers })).status).toBe(200);
  });

  it("api: 429 and 5xx in Google's error shape, slow, down", async () => {
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 429, times: 1 });
    const limited = await api(FILES, full.access_token);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({
      error: { code: 429, status: 'RESOURCE_EXHAUSTED', errors: [{ reason: 'rateLimitExceeded' }] },
    });
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 503, times: 1 });
    expect((await api(EVENTS, full.access_token)).status).toBe(503);

    emulator.setFault({ endpoint: 'api', kind: 'slow', delayMs: 300, times: 1 });
    const started = Date.now();
    expect((await api(FILES, full.access_token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    emulator.setFault({ endpoint: 'api', kind: 'down', times: 1 });
    await expect(api(FILES, full.access_token)).rejects.toThrow();
    expect((await api(FILES, full.access_token)).status).toBe(200);
  });

  it("api: 403 rate limit, quota or scope, in Google's usageLimits shape", async () => {
    for (const reason of ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded'] as const) {
      emulator.setFault({ endpoint: 'api', kind: 'status', status: 403, reason, times: 1 });
      const answer = await api(FILES, full.access_token);
      expect(answer.status).toBe(403);
      // Not a scope challenge: the client must not read it as a missing scope.
      expect(answer.headers.get('www-authenticate')).toBeNull();
      expect(await answer.json()).toMatchObject({
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          errors: [{ domain: 'usageLimits', reason }],
        },
      });
    }
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 403, times: 1 });
    expect(await (await api(FILES, full.access_token)).json()).toMatchObject({
      error: { errors: [{ domain: 'global', reason: 'insufficientPermissions' }] },
    });
    expect((await api(FILES, full.access_token)).status).toBe(200);
  });

  it('does not touch other endpoints', async () => {
    emulator.setFault({ endpoint: 'token', kind: 'status', status: 500 });
    expect((await api(FILES, full.access_token)).status).toBe(200);
    // An unknown token's usual answer, not the token endpoint's fault.
    expect((await fetch(`${emulator.endpoints.revoke}?token=x`, { method: 'POST' })).status).toBe(
      400,
    );
  });
});

describe('stats and secrets', () => {
  it('count requests per endpoint and tokens issued', async () => {
    emulator.resetStats();
    await fetch(`${emulator.issuer}/.well-known/openid-configuration`);
    await fetch(emulator.endpoints.jwks);
    await api(EVENTS, full.access_token);
    await api(FILES, full.access_token);
    await api(FILES, full.access_token);
    await refresh(full.refresh_token!);
    const stats = emulator.stats();
    expect(stats.requests).toMatchObject({
      discovery: 1,
      certs: 1,
      'calendar.events': 1,
      'drive.files': 2,
      'tasks.lists': 0,
      'tasks.tasks': 0,
      token: 1,
      authorize: 0,
      revoke: 0,
      userinfo: 0,
    });
    // A refresh returns a new access token and id_token; Google doesn't rotate refresh tokens.
    expect(stats.tokensIssued).toEqual({ access: 1, refresh: 0, id: 1 });
  });

  it('remember every token, code and verifier for leak scans', () => {
    const seen = new Set(emulator.secretsSeen());
    for (const value of [
      full.access_token,
      full.refresh_token,
      full.id_token,
      full.code,
      full.verifier,
    ]) {
      expect(seen.has(value!)).toBe(true);
    }
  });
});

describe('HTTP control routes', () => {
  const control = (path: string, body?: unknown) =>
    fetch(`${emulator.issuer}/__emulator/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });

  it('switch faults, token lifetime and revocation, and report stats and secrets', async () => {
    expect((await control('reset-stats', {})).status).toBe(200);
    expect(
      (await control('fault', { endpoint: 'api', kind: 'status', status: 500, times: 1 })).status,
    ).toBe(200);
    expect((await api(FILES, full.access_token)).status).toBe(500);
    expect((await api(FILES, full.access_token)).status).toBe(200);
    expect((await control('fault', { endpoint: 'api', kind: 'status', status: 500 })).status).toBe(
      200,
    );
    expect((await control('fault', null)).status).toBe(200);
    expect((await api(FILES, full.access_token)).status).toBe(200);
    expect((await control('fault', { endpoint: 'nowhere', kind: 'down' })).status).toBe(400);
    expect(
      (await control('fault', { endpoint: 'api', kind: 'status', status: 403, reason: 'nope' }))
        .status,
    ).toBe(400);
    expect(
      (
        await control('fault', {
          endpoint: 'token',
          kind: 'status',
          status: 403,
          reason: 'rateLimitExceeded',
        })
      ).status,
    ).toBe(400);
    // A page can post a form or text/plain anywhere without a preflight: switches need JSON.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const simple = await fetch(`${emulator.issuer}/__emulator/fault`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify({ endpoint: 'token', kind: 'down' }),
      });
      expect(simple.status).toBe(415);
    }
    // (The token endpoint still answers: no `down` fault was switched on.)
    await expect(postToken({ grant_type: 'refresh_token' })).resolves.toBeInstanceOf(Response);

    const stats = await (await control('stats')).json();
    expect(stats.requests['drive.files']).toBe(3);

    expect((await control('token-ttl', { seconds: 5 })).status).toBe(200);
    const refreshed = await (await refresh(full.refresh_token!)).json();
    expect(refreshed.expires_in).toBe(5);
    expect((await control('token-ttl', { seconds: 0 })).status).toBe(400);

    const secrets: string[] = await (await control('secrets')).json();
    expect(secrets).toContain(refreshed.access_token);

    const tokens = await signIn(['openid'], 'alan@example.com');
    const revoked = await control('revoke-grants', { email: 'alan@example.com' });
    expect(await revoked.json()).toMatchObject({ ok: true });
    expect(await (await refresh(tokens.refresh_token!)).json()).toMatchObject({
      error: 'invalid_grant',
    });
  });
});

describe('without testRoutes (demo mode)', () => {
  it('has no /__emulator/* routes: 404 on every one, and nothing switched', async () => {
    const demo = await startEmulator();
    try {
      for (const path of ['secrets', 'stats']) {
        expect((await fetch(`${demo.issuer}/__emulator/${path}`)).status).toBe(404);
      }
      for (const [path, body] of [
        ['fault', { endpoint: 'token', kind: 'down' }],
        ['token-ttl', { seconds: 1 }],
        ['revoke-grants', { email: 'ada@example.com' }],
        ['reset-stats', {}],
      ] as const) {
        const answer = await fetch(`${demo.issuer}/__emulator/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(answer.status, path).toBe(404);
      }
      expect(demo.stats().requests.token).toBe(0);
      // The token endpoint was not switched to `down`: it answers.
      const token = await fetch(demo.endpoints.token, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'refresh_token' }),
      });
      expect(token.status).toBe(400);
    } finally {
      await demo.close();
    }
  });
});

describe('the Host header, checked exactly on every route', () => {
  /** One request with exactly these headers, over a raw socket (fetch sets Host itself). */
  async function statusWithHost(
    method: string,
    path: string,
    host: string | null,
    version = '1.1',
  ): Promise<number | null> {
    const lines = [`${method} ${path} HTTP/${version}`];
    if (host !== null) lines.push(`Host: ${host}`);
    lines.push('Connection: close');
    if (method === 'POST') lines.push('Content-Type: application/json', 'Content-Length: 2');
    const answer = await rawRequest(
      emulator.port,
      `${lines.join('\r\n')}\r\n\r\n${method === 'POST' ? '{}' : ''}`,
    );
    return answer.status;
  }

  const ROUTES: Array<[kind: string, method: string, path: string]> = [
    ['discovery (provider)', 'GET', '/.well-known/openid-configuration'],
    ['JWKS (provider)', 'GET', '/oauth2/v3/certs'],
    ['authorization (provider)', 'GET', '/o/oauth2/v2/auth?client_id=x'],
    ['token (provider)', 'POST', '/token'],
    ['userinfo (provider)', 'GET', '/v1/userinfo'],
    ['revoke', 'POST', '/revoke?token=x'],
    ['PEM certs', 'GET', '/oauth2/v1/certs'],
    ['Calendar API', 'GET', '/calendar/v3/calendars/primary/events'],
    ['Drive API', 'GET', '/drive/v3/files'],
    ['Tasks API', 'GET', '/tasks/v1/users/@me/lists'],
    ['sign-in page', 'GET', '/interaction/unknown'],
    ['avatar', 'GET', '/avatars/1.svg'],
    ['test route', 'GET', '/__emulator/stats'],
    ['test route (POST)', 'POST', '/__emulator/reset-stats'],
  ];

  it.each(ROUTES)('%s: 421 for another name (DNS rebinding)', async (_kind, method, path) => {
    const port = emulator.port;
    for (const host of [
      `evil.example:${port}`,
      `localhost:${port}`,
      '127.0.0.1',
      `127.0.0.1:${port + 1}`,
      `127.0.0.1:${port}.evil.example`,
      `[::1]:${port}`,
    ]) {
      expect(await statusWithHost(method, path, host), host).toBe(421);
    }
  });

  it.each(ROUTES)('%s: 400 without a Host header', async (_kind, method, path) => {
    // HTTP/1.1 without Host is refused by Node itself; HTTP/1.0 reaches the emulator's check.
    expect(await statusWithHost(method, path, null, '1.1')).toBe(400);
    expect(await statusWithHost(method, path, null, '1.0')).toBe(400);
  });

  it('answers as usual to 127.0.0.1:<port>', async () => {
    const host = `127.0.0.1:${emulator.port}`;
    expect(await statusWithHost('GET', '/.well-known/openid-configuration', host)).toBe(200);
    expect(await statusWithHost('GET', '/__emulator/stats', host)).toBe(200);
    expect(await statusWithHost('GET', '/drive/v3/files', host)).toBe(401);
  });
});

describe('refresh responses', () => {
  it('carry an id_token for the same account when openid was granted (as Google)', async () => {
    const answer = await refresh(full.refresh_token!);
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(typeof body.id_token).toBe('string');
    const claims = jwtClaims(body.id_token);
    expect(claims.sub).toBe(jwtClaims(full.id_token!).sub);
    expect(claims.aud).toBe(emulator.clients.ios.clientId);
    expect(claims.iss).toBe(emulator.issuer);
    // A production app's refresh token does not expire on a clock: nothing announced.
    expect(body.refresh_token_expires_in).toBeUndefined();
    expect(body.refresh_token).toBeUndefined();
  });
});

describe('Testing-mode apps (refresh tokens expire)', () => {
  it('testingMode: name, email and profile alone do not expire; with Calendar, 7 days, counting down', async () => {
    const testing = await startEmulator({ testingMode: true });
    try {
      // Google's overview: the 7-day expiry does not apply when the only scopes are a subset of
      // name, email address and user profile.
      const basic = (await signIn(
        ['openid', 'email', 'profile'],
        'ada@example.com',
        testing,
      )) as Tokens & {
        refresh_token_expires_in?: number;
      };
      expect(basic.refresh_token_expires_in).toBeUndefined();
      const basicRefresh = await (await refresh(basic.refresh_token!, testing)).json();
      expect(basicRefresh.refresh_token_expires_in).toBeUndefined();

      const tokens = (await signIn(
        ['openid', 'email', CALENDAR_SCOPE],
        'ada@example.com',
        testing,
      )) as Tokens & { refresh_token_expires_in?: number };
      expect(tokens.refresh_token_expires_in).toBeGreaterThan(
        TESTING_MODE_REFRESH_TOKEN_SECONDS - 30,
      );
      expect(tokens.refresh_token_expires_in).toBeLessThanOrEqual(
        TESTING_MODE_REFRESH_TOKEN_SECONDS,
      );
      const refreshed = await (await refresh(tokens.refresh_token!, testing)).json();
      expect(refreshed.refresh_token_expires_in).toBeLessThanOrEqual(
        tokens.refresh_token_expires_in!,
      );
      expect(refreshed.refresh_token_expires_in).toBeGreaterThan(
        TESTING_MODE_REFRESH_TOKEN_SECONDS - 60,
      );
    } finally {
      await testing.close();
    }
  });

  it('refreshTokenLifetimeSeconds: the refresh token stops working after it (invalid_grant)', async () => {
    const short = await startEmulator({ refreshTokenLifetimeSeconds: 3 });
    try {
      const tokens = (await signIn(['openid'], 'grace@example.com', short)) as Tokens & {
        refresh_token_expires_in?: number;
      };
      expect(tokens.refresh_token_expires_in).toBeGreaterThan(0);
      expect(tokens.refresh_token_expires_in).toBeLessThanOrEqual(3);
      const alive = await refresh(tokens.refresh_token!, short);
      expect(alive.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      const dead = await refresh(tokens.refresh_token!, short);
      expect(dead.status).toBe(400);
      expect(await dead.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      await short.close();
    }
  });

  it('refreshTokenLimit: one refresh token past the limit silently ends the oldest (Google: 100)', async () => {
    const limited = await startEmulator({ refreshTokenLimit: 2 });
    try {
      const first = await signIn(['openid'], 'grace@example.com', limited);
      const second = await signIn(['openid'], 'grace@example.com', limited);
      expect((await refresh(first.refresh_token!, limited)).status).toBe(200);
      const third = await signIn(['openid'], 'grace@example.com', limited);
      const oldest = await refresh(first.refresh_token!, limited);
      expect(oldest.status).toBe(400);
      expect(await oldest.json()).toMatchObject({ error: 'invalid_grant' });
      expect((await refresh(second.refresh_token!, limited)).status).toBe(200);
      expect((await refresh(third.refresh_token!, limited)).status).toBe(200);
      // Another account's tokens count on their own.
      const other = await signIn(['openid'], 'alan@example.com', limited);
      expect((await refresh(other.refresh_token!, limited)).status).toBe(200);
      expect((await refresh(second.refresh_token!, limited)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('refuses a lifetime that is not a positive whole number of seconds', async () => {
    await expect(startEmulator({ refreshTokenLifetimeSeconds: 0 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ refreshTokenLifetimeSeconds: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('sign-in and consent pages', () => {
  it('pass axe-core with no violations (sign-in, sign-in error, consent)', async () => {
    const url = new URL(emulator.endpoints.authorization);
    url.search = new URLSearchParams({
      client_id: emulator.clients.ios.clientId,
      redirect_uri: emulator.clients.ios.redirectUri,
      response_type: 'code',
      scope: `openid email profile ${CALENDAR_SCOPE} ${DRIVE_SCOPE}`,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
      login_hint: 'ada@example.com',
    }).toString();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const violations = async () =>
        (await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id);
      await page.goto(url.href);
      expect(await page.getByLabel('Email').inputValue()).toBe('ada@example.com');
      expect(await violations()).toEqual([]);
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('alert').waitFor();
      expect(await violations()).toEqual([]);
      await page.getByLabel('Email').fill('ada@example.com');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Allow' }).waitFor();
      // Every scope but openid can be unticked (granular consent): email, profile and the two features.
      expect(await page.getByRole('checkbox').count()).toBe(4);
      expect(await violations()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run emulator', () => {
  it('prints the issuer and the client IDs, serves the discovery document, and stops when killed', async () => {
    const port = await freePort();
    // Its own process group, so the kill reaches npm and the emulator under it.
    const child = spawn('npm', ['run', 'emulator', '--', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const issuer = `http://127.0.0.1:${port}`;
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no issuer printed: ${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Press Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      expect(output).toContain(`Google emulator running at ${issuer}`);
      expect(output).toContain(emulator.clients.desktop.clientId);
      expect(output).toContain(emulator.clients.ios.clientId);
      expect(output).not.toMatch(/oidc-provider (WARNING|NOTICE)/);
      const document = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      expect(document.issuer).toBe(issuer);
      // A developer's tool: the switches are there.
      expect((await fetch(`${issuer}/__emulator/stats`)).status).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    // npm may exit a moment before the emulator under it: give it a few seconds to let go.
    let stopped = false;
    for (let attempt = 0; attempt < 50 && !stopped; attempt += 1) {
      stopped = await fetch(`${issuer}/.well-known/openid-configuration`).then(
        () => false,
        () => true,
      );
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(stopped).toBe(true);
  });
});
