/**
 * DPoP (RFC 9449) end to end, against the local Google emulator and the real keychain: a sign-in
 * binds its refresh token to a key kept next to it in the keychain; a copy of the token is refused
 * without that key or with another one; the emulator refuses replayed, misaddressed and stale
 * proofs; the nonce challenge is answered; single-flight refresh still makes one token request;
 * a bound entry whose key is gone signs the account out instead of refreshing as bearer.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/dpop.test.ts
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { MESSAGES } from '../../main/auth/errors.ts';
import type { AuthCore } from '../../main/auth/types.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { proofWith, refreshDirect, strangerKey, type PrivateJwk } from '../helpers/dpop.ts';
import { configFor, useHarness, type ClientKind } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('dpop');

interface Entry {
  v: number;
  token: string;
  dpopKey?: PrivateJwk;
}

let files = 0;

/** A fresh core with `email` signed in (DPoP as configured: on unless `dpop` is false). */
async function signedIn(
  email: string,
  options: { kind?: ClientKind; dpop?: boolean; clock?: TestClock } = {},
) {
  const kind = options.kind ?? 'desktop';
  files += 1;
  const metadata = h.metadata(`dpop-${files}`);
  const vault = await h.vault();
  const clock = options.clock ?? testClock();
  const config = {
    ...configFor(h.emulator, kind, h.service),
    ...(options.dpop === undefined ? {} : { dpop: options.dpop }),
  };
  const core = h.core(kind, { vault, metadata, clock, config });
  await core.restore();
  const { result } = await h.signIn(core, { email });
  if (!result.ok) throw new Error(`sign-in failed: ${result.code}`);
  return { core, metadata, clock, id: result.account.id, kind };
}

/** The keychain entry of `sub`, as another program reading the keychain would copy it. */
async function entryOf(sub: string): Promise<Entry> {
  const raw = await h.keychainValue(sub);
  if (!raw) throw new Error('no keychain entry');
  return JSON.parse(raw) as Entry;
}

function clientForm(kind: ClientKind, refreshToken: string): Record<string, string> {
  const form: Record<string, string> = { refresh_token: refreshToken };
  if (kind === 'desktop') {
    form.client_id = h.emulator.clients.desktop.clientId;
    form.client_secret = h.emulator.clients.desktop.clientSecret;
  } else {
    form.client_id = h.emulator.clients.ios.clientId;
  }
  return form;
}

afterEach(() => {
  if (hasKeychain) h.emulator.setDpopNonce(false);
});

describe.runIf(hasKeychain)('DPoP', () => {
  it('sign-in binds the refresh token to a key kept next to it; access tokens stay Bearer', async () => {
    const { core, id } = await signedIn('ada@example.com');
    const entry = await entryOf(id);
    expect(entry.v).toBe(2);
    expect(Object.keys(entry.dpopKey ?? {}).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
    expect(core.boundToThisComputer?.(id)).toBe(true);
    // The access token works as Bearer, as Google's do (the userinfo endpoint checks).
    const client = await core.clientFor(id);
    const res = await client.request<{ sub: string }>({ url: h.emulator.endpoints.userinfo });
    expect(res.data.sub).toBe(id);
    await core.signOut(id);
  });

  it.each<ClientKind>(['desktop', 'ios'])(
    'a refresh token copied out of the keychain is refused without its key or with another (%s client)',
    async (kind) => {
      const { core, id } = await signedIn('grace@example.com', { kind });
      const { token, dpopKey } = await entryOf(id);
      const tokenUrl = h.emulator.endpoints.token;
      const form = clientForm(kind, token);

      expect(await refreshDirect(tokenUrl, form)).toMatchObject({
        status: 400,
        error: 'invalid_grant',
      });
      const stranger = await proofWith(strangerKey(), { htu: tokenUrl });
      expect(await refreshDirect(tokenUrl, form, stranger)).toMatchObject({
        status: 400,
        error: 'invalid_grant',
      });
      // With the key it was bound to, it works — and the access token is Bearer.
      const rightful = await proofWith(dpopKey as PrivateJwk, { htu: tokenUrl });
      expect(await refreshDirect(tokenUrl, form, rightful)).toMatchObject({
        status: 200,
        tokenType: 'Bearer',
      });
      // The app itself refreshes through the same binding.
      await expect((await core.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();
      await core.signOut(id);
    },
  );

  it('the emulator refuses a replayed jti, a wrong htu or htm, and a stale or future iat', async () => {
    const { core, id, kind } = await signedIn('alan@example.com');
    const { token, dpopKey } = await entryOf(id);
    const key = dpopKey as PrivateJwk;
    const tokenUrl = h.emulator.endpoints.token;
    const form = clientForm(kind, token);
    const now = Math.floor(Date.now() / 1000);

    const once = await proofWith(key, { htu: tokenUrl });
    expect((await refreshDirect(tokenUrl, form, once)).status).toBe(200);
    expect(await refreshDirect(tokenUrl, form, once)).toMatchObject({
      status: 400,
      error: 'invalid_grant',
    });

    const refused = [
      await proofWith(key, { htu: `${h.emulator.issuer}/elsewhere` }),
      await proofWith(key, { htu: h.emulator.endpoints.revoke }),
      await proofWith(key, { htu: tokenUrl, htm: 'GET' }),
      await proofWith(key, { htu: tokenUrl, iat: now - 600 }),
      await proofWith(key, { htu: tokenUrl, iat: now + 600 }),
    ];
    for (const proof of refused) {
      expect(await refreshDirect(tokenUrl, form, proof)).toMatchObject({
        status: 400,
        error: 'invalid_dpop_proof',
        nonce: null,
      });
    }
    // A query on htu is ignored, as RFC 9449 §4.3 says the server compares without it.
    const withQuery = await proofWith(key, { htu: `${tokenUrl}?x=1` });
    expect((await refreshDirect(tokenUrl, form, withQuery)).status).toBe(200);
    await core.signOut(id);
  });

  it('answers a nonce challenge with one retry, at sign-in and on refresh', async () => {
    h.emulator.setDpopNonce(true);
    h.emulator.resetStats();
    const { core, id, kind } = await signedIn('ada@example.com');
    // The code exchange: challenged once, then accepted with the nonce.
    expect(h.emulator.stats().requests.token).toBe(2);
    expect((await entryOf(id)).v).toBe(2);

    const tokenUrl = h.emulator.endpoints.token;
    const { token, dpopKey } = await entryOf(id);
    const bare = await refreshDirect(
      tokenUrl,
      clientForm(kind, token),
      await proofWith(dpopKey as PrivateJwk, { htu: tokenUrl }),
    );
    expect(bare).toMatchObject({ status: 400, error: 'use_dpop_nonce' });
    expect(bare.nonce).toMatch(/\S+/);

    // The core kept the nonce it was given: its refresh goes through at the first try.
    h.emulator.resetStats();
    await (await core.clientFor(id)).refreshAccessToken();
    expect(h.emulator.stats().requests.token).toBe(1);

    // A fresh core (no nonce yet) is challenged once and answers.
    await core.dispose();
    const restarted = h.core(kind, {
      vault: await h.vault(),
      metadata: h.metadata(`dpop-${files}`),
    });
    await restarted.restore();
    h.emulator.resetStats();
    await (await restarted.clientFor(id)).getAccessToken();
    expect(h.emulator.stats().requests.token).toBe(2);
    await restarted.signOut(id);
  });

  it('100 concurrent calls on an expired access token still make one token request', async () => {
    h.emulator.setAccessTokenTtl(1);
    let session: Awaited<ReturnType<typeof signedIn>>;
    try {
      session = await signedIn('grace@example.com');
    } finally {
      h.emulator.setAccessTokenTtl(3600);
    }
    const { core, id, clock } = session;
    // Past the 1 s lifetime for the core (no sleeping); proofs are dated by the core's clock.
    clock.advance(1_100);
    expect(core.accessTokenExpiry(id)).toBeLessThan(clock.now());
    h.emulator.resetStats();
    const calls = Array.from({ length: 100 }, async (_, i) => {
      const client = await core.clientFor(id);
      if (i % 2 === 0) return (await client.getAccessToken()).token;
      return (await client.getRequestHeaders()).get('authorization');
    });
    const results = await Promise.all(calls);
    expect(results.every(Boolean)).toBe(true);
    expect(h.emulator.stats().requests.token).toBe(1);
    expect(h.emulator.stats().tokensIssued.access).toBe(1);
    await core.signOut(id);
  });

  it('a consent flow for more scopes keeps the account bound to the same key', async () => {
    const { core, id } = await signedIn('alan@example.com');
    const before = await entryOf(id);
    const { result } = await h.signIn(core, { email: 'alan@example.com' }, () =>
      core.ensureScopes(id, [FEATURE_SCOPES.calendar], 'calendar'),
    );
    expect(result.ok).toBe(true);
    const after = await entryOf(id);
    expect(after.dpopKey).toEqual(before.dpopKey);
    expect(core.boundToThisComputer?.(id)).toBe(true);
    await expect((await core.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();
    await core.signOut(id);
  });

  it('a bound entry whose key is missing signs the account out plainly, with no bearer refresh', async () => {
    const { core, id, metadata } = await signedIn('ada@example.com');
    const entry = await entryOf(id);
    await core.dispose();
    // The key is gone (a damaged or hand-edited entry); the token is still there.
    await h.plant(id, JSON.stringify({ ...entry, dpopKey: { kty: 'EC', crv: 'P-256' } }));
    h.emulator.resetStats();
    const restarted: AuthCore = h.core('desktop', { vault: await h.vault(), metadata });
    await restarted.restore();
    expect(restarted.accounts()).toEqual([]);
    expect(await h.keychainValue(id)).toBeNull();
    const notice = restarted.state().notices.find((n) => n.code === 'SESSION_EXPIRED');
    expect(notice?.message).toBe(MESSAGES.dpopKeyMissing('ada@example.com'));
    expect(h.emulator.stats().requests.token).toBe(0);
    // The token is still valid at the emulator (only its key was lost): revoke it for tidiness.
    await fetch(h.emulator.endpoints.revoke, {
      method: 'POST',
      body: new URLSearchParams({ token: entry.token }),
    });
  });

  it('with DPoP off, sign-in stores a bearer (v1) entry, which keeps working', async () => {
    const { core, id, metadata, kind } = await signedIn('grace@example.com', { dpop: false });
    const entry = await entryOf(id);
    expect(entry).toEqual({ v: 1, kind: 'refresh_token', token: entry.token });
    expect(core.boundToThisComputer?.(id)).toBe(false);
    expect(
      (await refreshDirect(h.emulator.endpoints.token, clientForm(kind, entry.token))).status,
    ).toBe(200);
    // After a restart with DPoP on again, the old entry still refreshes (as bearer) until the
    // next sign-in binds it.
    await core.dispose();
    const restarted = h.core(kind, { vault: await h.vault(), metadata });
    await restarted.restore();
    await expect((await restarted.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();
    expect(restarted.boundToThisComputer?.(id)).toBe(false);
    await restarted.signOut(id);
  });
});
