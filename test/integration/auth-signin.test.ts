/**
 * Sign-in against the local Google emulator with the real keychain, login and consent driven in
 * Chromium: both redirect kinds, and every way a flow can end or be attacked.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/auth-signin.test.ts
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { FEATURE_SCOPES } from '../../common/features.ts';
import type { AuthCore, FlowResult } from '../../main/auth/types.ts';
import { completeConsent } from '../helpers/consent.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('auth-signin');

/** A GET to the core's loopback listener, as a browser or a hostile local page would send it. */
function hitLoopback(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function freshCore(kind: 'desktop' | 'ios', flowTimeoutMs?: number): Promise<AuthCore> {
  const core = h.core(kind, {
    vault: await h.vault(),
    metadata: h.metadata(`m-${Math.random().toString(36).slice(2)}`),
    ...(flowTimeoutMs ? { flowTimeoutMs } : {}),
  });
  await core.restore();
  return core;
}

/**
 * The core's `fetch` port, recording each request to Google. Answers are read in full before the
 * core gets them, so once `settled()` resolves the core has only promise callbacks left to run.
 */
function recordingFetch(): { fetch: typeof fetch; settled(): Promise<void> } {
  const requests: Array<Promise<unknown>> = [];
  return {
    fetch(input, init) {
      const answer = fetch(input, init).then(async (response) => {
        const body = [101, 204, 205, 304].includes(response.status)
          ? null
          : await response.arrayBuffer();
        const { status, statusText, headers } = response;
        return new Response(body, { status, statusText, headers });
      });
      requests.push(answer.catch(() => undefined));
      return answer;
    },
    /** Until every request, including any started meanwhile, is answered and handled. */
    async settled() {
      for (let seen = -1; seen !== requests.length;) {
        seen = requests.length;
        await Promise.all(requests);
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

function authParams(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

describe.runIf(hasKeychain)('sign-in', () => {
  it.each(['desktop', 'ios'] as const)('completes with the %s client', async (kind) => {
    const core = await freshCore(kind);
    h.emulator.resetStats();
    const states: string[] = [];
    core.onChange((s) => states.push(s.flow ? 'flow' : 'idle'));
    const { result, redirectUrl, handled } = await h.signIn(core, { email: 'ada@example.com' });
    expect(result).toMatchObject({
      ok: true,
      account: { email: 'ada@example.com', name: 'Ada Lovelace' },
    });
    if (!result.ok) return;
    expect(result.account.grantedScopes).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile']),
    );
    expect(result.account.pictureUrl).toMatch(/^(https:|http:\/\/127\.0\.0\.1)/);

    // The authorization request: PKCE S256, state, nonce, offline access, the redirect kind.
    const sent = authParams(h.opened.at(-1) as string);
    expect(sent.get('code_challenge_method')).toBe('S256');
    expect(sent.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.get('state')?.length).toBeGreaterThanOrEqual(43);
    expect(sent.get('nonce')?.length).toBeGreaterThanOrEqual(43);
    expect(sent.get('access_type')).toBe('offline');
    expect(sent.get('scope')).toBe('openid email profile');
    if (kind === 'desktop') {
      expect(sent.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/);
      expect(handled).toBeNull();
    } else {
      expect(sent.get('redirect_uri')).toBe(h.emulator.clients.ios.redirectUri);
      expect(redirectUrl.startsWith(`${h.emulator.clients.ios.redirectUri}?`)).toBe(true);
      expect(handled).toEqual({ accepted: true });
    }
    expect(authParams(redirectUrl).get('iss')).toBe(h.emulator.issuer);

    // State: the account, active; the refresh token in the keychain (only there), access in memory.
    expect(core.accounts().map((a) => a.email)).toEqual(['ada@example.com']);
    expect(core.activeId()).toBe(result.account.id);
    expect(core.pendingFlow()).toBeNull();
    expect(core.state().storage).toEqual({ kind: 'keychain', service: h.service });
    expect(core.accessTokenExpiry(result.account.id)).toBeGreaterThan(Date.now());
    const entry = await h.keychainValue(result.account.id);
    // DPoP is on by default: the entry holds the refresh token and the key it is bound to.
    expect(JSON.parse(entry ?? '{}')).toMatchObject({
      v: 2,
      kind: 'refresh_token',
      dpopKey: { kty: 'EC', crv: 'P-256' },
    });
    expect(core.boundToThisComputer?.(result.account.id)).toBe(true);
    expect(h.emulator.stats().requests.token).toBe(1);
    expect(states).toContain('flow');
    expect(states.at(-1)).toBe('idle');

    // Once the flow is over the loopback listener only says so (a late tab lands on a Latchkey
    // page), and it closes with the core (in the app: 2 minutes after the flow).
    if (kind === 'desktop') {
      const late = await hitLoopback(`${sent.get('redirect_uri') as string}?state=x&code=y`);
      expect(late.body).toContain('This sign-in has already finished');
      expect(h.emulator.stats().requests.token).toBe(1);
      await core.dispose();
      await expect(hitLoopback(sent.get('redirect_uri') as string)).rejects.toThrow();
    }
  });

  it('denied consent → CONSENT_DENIED and no token request', async () => {
    for (const kind of ['desktop', 'ios'] as const) {
      const core = await freshCore(kind);
      h.emulator.resetStats();
      const { result } = await h.signIn(core, { email: 'grace@example.com', action: 'deny' });
      expect(result).toMatchObject({ ok: false, code: 'CONSENT_DENIED' });
      expect(h.emulator.stats().requests.token).toBe(0);
      expect(core.accounts()).toEqual([]);
    }
  });

  it('cancel → CANCELLED; a late redirect lands on "cancelled" and reaches nothing', async () => {
    const core = await freshCore('desktop');
    h.emulator.resetStats();
    const result = core.signIn();
    const flow = await h.pending(core);
    const redirectUri = authParams(flow.url).get('redirect_uri') as string;
    const state = authParams(flow.url).get('state') as string;
    core.cancel();
    await expect(result).resolves.toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(core.pendingFlow()).toBeNull();
    const late = await hitLoopback(`${redirectUri}?state=${state}&code=late-code`);
    expect(late.status).toBe(200);
    expect(late.body).toContain('This sign-in was cancelled');
    expect(late.body).toContain('Start again in Latchkey');
    expect(late.body).not.toContain('late-code');
    expect(h.emulator.stats().requests.token).toBe(0);
    await core.dispose();
    await expect(hitLoopback(`${redirectUri}?state=x&code=y`)).rejects.toThrow();
  });

  it('timeout → TIMED_OUT; the redirect arriving afterwards is "expired"', async () => {
    const core = await freshCore('ios', 300);
    const result = core.signIn();
    const flow = await h.pending(core);
    expect(Date.parse(flow.expiresAt) - Date.now()).toBeLessThanOrEqual(300);
    await expect(result).resolves.toMatchObject({ ok: false, code: 'TIMED_OUT' });
    const state = authParams(flow.url).get('state');
    await expect(
      core.handleRedirect(`${h.emulator.clients.ios.redirectUri}?state=${state}&code=late`),
    ).resolves.toEqual({ accepted: false, reason: 'expired' });
  });

  it('a second sign-in while one is pending → FLOW_IN_PROGRESS', async () => {
    const core = await freshCore('ios');
    const first = core.signIn();
    await h.pending(core);
    await expect(core.signIn()).resolves.toMatchObject({ ok: false, code: 'FLOW_IN_PROGRESS' });
    core.cancel();
    await expect(first).resolves.toMatchObject({ code: 'CANCELLED' });
  });

  it('forged, unknown-state and malformed redirects are refused and the genuine flow still completes (custom scheme)', async () => {
    const core = await freshCore('ios');
    const { context, page } = await h.page();
    const scheme = h.emulator.clients.ios.redirectUri;
    h.emulator.resetStats();
    let url = '';
    h.onOpen = (u) => (url = u);
    const result = core.signIn();
    await h.pending(core);
    const state = authParams(url).get('state') as string;
    const forged: Array<[string, string]> = [
      [`${scheme}?state=${'A'.repeat(43)}&code=forged`, 'unknown-state'],
      [`${scheme}?code=forged`, 'missing-state'],
      [`${scheme}?state=${state}`, 'missing-code'],
      [`${scheme}?state=${state}&state=${state}&code=x`, 'duplicate-parameter'],
      [`${scheme}?state=${'A'.repeat(43)}&error=access_denied`, 'unknown-state'],
      [`${scheme.replace(':/', '://')}?state=${state}&code=x`, 'wrong-target'],
      [`https://evil.example/oauth2redirect?state=${state}&code=x`, 'wrong-target'],
      [`${scheme}?state=${state}&code=${'x'.repeat(5000)}`, 'too-long'],
      ['not a url', 'malformed'],
      ['', 'malformed'],
      [`${scheme}?state=%E0%A4%A&code=x`, 'unknown-state'],
    ];
    for (const [forgedUrl, reason] of forged) {
      await expect(core.handleRedirect(forgedUrl), forgedUrl).resolves.toEqual({
        accepted: false,
        reason,
      });
    }
    expect(core.pendingFlow()).not.toBeNull();
    expect(h.emulator.stats().requests.token).toBe(0);

    // The person finishes in the browser: the genuine redirect still signs in.
    const genuine = await completeConsent(page, url, { email: 'alan@example.com' });
    await context.close();
    await expect(core.handleRedirect(genuine)).resolves.toEqual({ accepted: true });
    await expect(result).resolves.toMatchObject({
      ok: true,
      account: { email: 'alan@example.com' },
    });
    expect(h.emulator.stats().requests.token).toBe(1);

    // Replaying the redirect that was used: refused, no second token request.
    await expect(core.handleRedirect(genuine)).resolves.toEqual({
      accepted: false,
      reason: 'replayed',
    });
    expect(h.emulator.stats().requests.token).toBe(1);
  });

  it('forged requests to the loopback listener are refused and the genuine flow still completes', async () => {
    const core = await freshCore('desktop');
    h.emulator.resetStats();
    const { context, page } = await h.page();
    let url = '';
    h.onOpen = (u) => (url = u);
    const result = core.signIn();
    await h.pending(core);
    const redirectUri = authParams(url).get('redirect_uri') as string;
    const state = authParams(url).get('state') as string;
    const forged = await hitLoopback(`${redirectUri}?state=${'B'.repeat(43)}&code=forged`);
    expect(forged.status).toBe(400);
    expect(forged.body).not.toContain('forged');
    expect((await hitLoopback(`${redirectUri}?state=${state}`)).status).toBe(400);
    expect(
      (
        await hitLoopback(
          `${redirectUri.replace('/oauth2/callback', '/other')}?state=${state}&code=x`,
        )
      ).status,
    ).toBe(404);
    // The custom-scheme receiver does not take loopback URLs.
    await expect(
      core.handleRedirect(`${redirectUri}?state=${state}&code=x`),
    ).resolves.toMatchObject({
      accepted: false,
    });
    expect(core.pendingFlow()).not.toBeNull();
    expect(h.emulator.stats().requests.token).toBe(0);

    await completeConsent(page, url, { email: 'grace@example.com' });
    await expect(result).resolves.toMatchObject({
      ok: true,
      account: { email: 'grace@example.com' },
    });
    // The browser was shown the fixed page.
    expect(await page.getByRole('heading').first().textContent()).toBe(
      'You can return to Latchkey',
    );
    await context.close();
  });

  it('a wrong iss with the genuine state ends the flow without a token request', async () => {
    const core = await freshCore('ios');
    h.emulator.resetStats();
    const { context, page } = await h.page();
    let url = '';
    h.onOpen = (u) => (url = u);
    const result = core.signIn();
    await h.pending(core);
    const genuine = new URL(await completeConsent(page, url, { email: 'ada@example.com' }));
    await context.close();
    genuine.searchParams.set('iss', 'https://accounts.google.com.evil.example');
    await expect(core.handleRedirect(genuine.href)).resolves.toEqual({
      accepted: false,
      reason: 'issuer-mismatch',
    });
    await expect(result).resolves.toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    expect(h.emulator.stats().requests.token).toBe(0);
    expect(core.accounts()).toEqual([]);
  });

  it('a token endpoint that is down → NETWORK; a code refused → SIGN_IN_FAILED', async () => {
    const core = await freshCore('ios');
    h.emulator.setFault({ endpoint: 'token', kind: 'down' });
    try {
      const { result } = await h.signIn(core, { email: 'ada@example.com' });
      expect(result).toMatchObject({ ok: false, code: 'NETWORK' });
    } finally {
      h.emulator.setFault(null);
    }
    h.emulator.setFault({ endpoint: 'token', kind: 'invalid_grant', times: 1 });
    const { result } = await h.signIn(core, { email: 'ada@example.com' });
    expect(result).toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    h.emulator.setFault({ endpoint: 'token', kind: 'malformed', times: 1 });
    const malformed = await h.signIn(core, { email: 'ada@example.com' });
    h.emulator.setFault(null);
    expect(malformed.result).toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    expect(core.accounts()).toEqual([]);
  });

  it('an id_token replayed from an earlier sign-in is refused (nonce), with no account created', async () => {
    // Everything real except one thing: the token response of the second sign-in carries the
    // first sign-in's id_token (validly signed, right audience and issuer, wrong nonce).
    let captured: string | null = null;
    let replay = false;
    const core = h.core('ios', {
      vault: await h.vault(),
      metadata: h.metadata('replayed-id-token'),
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const body = init?.body instanceof URLSearchParams ? init.body : null;
        if (body?.get('grant_type') !== 'authorization_code' || !response.ok) return response;
        const json = (await response.json()) as { id_token?: string };
        if (!replay) {
          captured = json.id_token ?? null;
          return Response.json(json);
        }
        return Response.json({ ...json, id_token: captured });
      },
    });
    await core.restore();
    const first = await h.signIn(core, { email: 'grace@example.com' });
    expect(first.result.ok).toBe(true);
    if (first.result.ok) await core.signOut(first.result.account.id);
    replay = true;
    const second = await h.signIn(core, { email: 'grace@example.com' });
    expect(second.result).toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    expect(core.accounts()).toEqual([]);
    expect(h.log.text()).toContain('"problem":"nonce"');
  });

  it('cancel while the code is being exchanged → CANCELLED and nothing kept', async () => {
    const google = recordingFetch();
    const core = h.core('ios', {
      vault: await h.vault(),
      metadata: h.metadata('cancel-exchange'),
      fetch: google.fetch,
    });
    await core.restore();
    const alan = h.emulator.accounts.find((a) => a.email === 'alan@example.com')?.sub as string;
    const before = await h.keychainValue(alan);
    const { context, page } = await h.page();
    let url = '';
    h.onOpen = (u) => (url = u);
    const result = core.signIn();
    await h.pending(core);
    const genuine = await completeConsent(page, url, { email: 'alan@example.com' });
    await context.close();
    h.emulator.setFault({ endpoint: 'token', kind: 'slow', delayMs: 800, times: 1 });
    await expect(core.handleRedirect(genuine)).resolves.toEqual({ accepted: true });
    core.cancel();
    await expect(result).resolves.toMatchObject({ ok: false, code: 'CANCELLED' });
    // The slow exchange answers after the cancel: let the core handle that answer.
    await google.settled();
    h.emulator.setFault(null);
    expect(core.accounts()).toEqual([]);
    expect(await h.keychainValue(alan)).toBe(before);
  });

  it('several accounts; incremental consent adds just the feature scope', async () => {
    const core = await freshCore('desktop');
    const ada = await h.signIn(core, { email: 'ada@example.com' });
    const grace = await h.signIn(core, { email: 'grace@example.com' }, () =>
      core.signIn({ purpose: 'add-account' }),
    );
    expect(ada.result.ok && grace.result.ok).toBe(true);
    if (!ada.result.ok || !grace.result.ok) return;
    expect(core.accounts().map((a) => a.email)).toEqual(['ada@example.com', 'grace@example.com']);
    expect(core.activeId()).toBe(grace.result.account.id);
    core.setActive(ada.result.account.id);
    expect(core.activeId()).toBe(ada.result.account.id);

    const adaId = ada.result.account.id;
    const calendar = FEATURE_SCOPES.calendar;
    const connect = await h.signIn(core, { email: 'ada@example.com' }, () =>
      core.ensureScopes(adaId, [calendar], 'calendar'),
    );
    const sent = authParams(h.opened.at(-1) as string);
    expect(sent.get('include_granted_scopes')).toBe('true');
    expect(sent.get('login_hint')).toBe('ada@example.com');
    expect(sent.get('scope')?.split(' ')).toEqual(['openid', calendar]);
    expect(connect.result).toMatchObject({ ok: true });
    const account = core.accounts().find((a) => a.id === adaId);
    expect(account?.grantedScopes).toEqual(
      expect.arrayContaining(['openid', 'email', 'profile', calendar]),
    );
    // Already granted: no flow at all.
    const before = h.opened.length;
    await expect(core.ensureScopes(adaId, [calendar])).resolves.toMatchObject({ ok: true });
    expect(h.opened.length).toBe(before);

    // The account's client makes authorized calls.
    const client = await core.clientFor(adaId);
    const res = await client.request<{ sub: string }>({ url: h.emulator.endpoints.userinfo });
    expect(res.data.sub).toBe(adaId);

    // Unticking the scope on the consent page: CONSENT_PARTIAL naming the box, nothing added.
    const drive = FEATURE_SCOPES.drive;
    const unticked = await h.signIn(core, { email: 'ada@example.com', untick: [drive] }, () =>
      core.ensureScopes(adaId, [drive], 'drive'),
    );
    expect(unticked.result).toMatchObject({
      ok: false,
      code: 'CONSENT_PARTIAL',
      message: expect.stringContaining('tick the box next to Google Drive'),
    });
    expect(core.accounts().find((a) => a.id === adaId)?.grantedScopes).not.toContain(drive);

    // Consent given by another account than the one asked for is refused.
    const wrong: { result: FlowResult } = await h.signIn(core, { email: 'grace@example.com' }, () =>
      core.ensureScopes(adaId, [drive], 'drive'),
    );
    expect(wrong.result).toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    expect(core.accounts().find((a) => a.id === adaId)?.grantedScopes).not.toContain(drive);

    // Dropping a feature locally keeps the sign-in scopes.
    const dropped = core.dropScopes(adaId, [calendar, 'openid']);
    expect(dropped.grantedScopes).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(dropped.grantedScopes).not.toContain(calendar);

    // Each account signs out alone; the other stays, and becomes active if needed.
    await expect(core.signOut(adaId)).resolves.toMatchObject({ revoked: true });
    expect(core.accounts().map((a) => a.email)).toEqual(['grace@example.com']);
    expect(core.activeId()).toBe(grace.result.account.id);
    const graceClient = await core.clientFor(grace.result.account.id);
    const me = await graceClient.request<{ email: string }>({ url: h.emulator.endpoints.userinfo });
    expect(me.data.email).toBe('grace@example.com');
  });
});
