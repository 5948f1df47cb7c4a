/**
 * The session after sign-in, against the local Google emulator and the real keychain:
 * single-flight refresh, restart, invalid_grant, sign-out with revocation (online and offline),
 * keychain trouble. Run: scripts/with-keyring.sh npx vitest run test/integration/auth-session.test.ts
 */
import { describe, expect, it } from 'vitest';
import type { AuthCore, MetadataStore } from '../../main/auth/types.ts';
import type { TokenVault } from '../../main/vault/types.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { proofWith, refreshDirect, type PrivateJwk } from '../helpers/dpop.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('auth-session');

interface Session {
  core: AuthCore;
  vault: TokenVault;
  metadata: MetadataStore;
  id: string;
  email: string;
  /** The core's clock (real time, until a test moves it ahead). */
  clock: TestClock;
}

let metadataCount = 0;

/** A fresh core (own metadata file, the shared test keychain service) with `email` signed in. */
async function signedIn(email: string, kind: 'desktop' | 'ios' = 'ios'): Promise<Session> {
  metadataCount += 1;
  const vault = await h.vault();
  const metadata = h.metadata(`session-${metadataCount}`);
  const clock = testClock();
  const core = h.core(kind, { vault, metadata, clock });
  await core.restore();
  const { result } = await h.signIn(core, { email });
  if (!result.ok) throw new Error(`sign-in failed: ${result.code}`);
  return { core, vault, metadata, id: result.account.id, email, clock };
}

/** The DPoP keys seen next to refresh tokens in the keychain, by token (for {@link tryRefresh}). */
const keysOf = new Map<string, PrivateJwk>();

/** The stored refresh token of `sub`, read straight from the keychain (its DPoP key noted). */
async function storedRefreshToken(sub: string): Promise<string | null> {
  const value = await h.keychainValue(sub);
  if (!value) return null;
  const entry = JSON.parse(value) as { token: string; dpopKey?: PrivateJwk };
  if (entry.dpopKey) keysOf.set(entry.token, entry.dpopKey);
  return entry.token;
}

/**
 * A refresh_token grant sent directly to the emulator (as a check, outside the app), with a DPoP
 * proof of the key the token was stored with: the token's rightful holder.
 */
async function tryRefresh(refreshToken: string): Promise<{ status: number; error?: string }> {
  const { clientId } = h.emulator.clients.ios;
  const key = keysOf.get(refreshToken);
  const tokenUrl = h.emulator.endpoints.token;
  const proof = key ? await proofWith(key, { htu: tokenUrl }) : undefined;
  const { status, error } = await refreshDirect(
    tokenUrl,
    { refresh_token: refreshToken, client_id: clientId },
    proof,
  );
  return error ? { status, error } : { status };
}

describe.runIf(hasKeychain)('session', () => {
  it('50 concurrent calls with an expired access token make exactly one token request', async () => {
    h.emulator.setAccessTokenTtl(1);
    let session: Session;
    try {
      session = await signedIn('ada@example.com', 'desktop');
    } finally {
      h.emulator.setAccessTokenTtl(3600);
    }
    const { core, id, clock } = session;
    // Past the 1 s lifetime for the core; the emulator keeps real time.
    clock.advance(1_100);
    expect(core.accessTokenExpiry(id)).toBeLessThan(clock.now());
    const storedBefore = await storedRefreshToken(id);
    h.emulator.resetStats();

    // Every way feature code may ask: authorized requests, tokens, headers, on separate clientFor
    // calls, all at once.
    const calls = Array.from({ length: 50 }, async (_, i) => {
      const client = await core.clientFor(id);
      if (i % 3 === 0) {
        const res = await client.request<{ sub: string }>({ url: h.emulator.endpoints.userinfo });
        return res.data.sub;
      }
      if (i % 3 === 1) return (await client.getAccessToken()).token;
      return (await client.getRequestHeaders()).get('authorization');
    });
    const results = await Promise.all(calls);
    expect(results.every(Boolean)).toBe(true);
    const stats = h.emulator.stats();
    expect(stats.requests.token).toBe(1);
    expect(stats.tokensIssued.access).toBe(1);
    expect(stats.requests.userinfo).toBe(17);
    expect(core.accessTokenExpiry(id)).toBeGreaterThan(clock.now() + 3_000_000);
    // The refresh answer carried no refresh_token: the stored one is kept.
    expect(await storedRefreshToken(id)).toBe(storedBefore);

    // Now valid: more calls make no token request at all.
    await Promise.all(
      Array.from({ length: 10 }, async () => (await core.clientFor(id)).getAccessToken()),
    );
    expect(h.emulator.stats().requests.token).toBe(1);
    // The library cannot refresh on its own: the client never holds the refresh token.
    expect((await core.clientFor(id)).credentials.refresh_token).toBeUndefined();
  });

  it('a refresh answer with a new refresh_token replaces the stored one', async () => {
    // The emulator, like Google, does not rotate refresh tokens; this wraps its answer to add one.
    const vault = await h.vault();
    const metadata = h.metadata('rotation');
    const rotated = `1//rotated-${Date.now()}`;
    let rotate = false;
    const core = h.core('ios', {
      vault,
      metadata,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const body = init?.body instanceof URLSearchParams ? init.body : null;
        if (!rotate || body?.get('grant_type') !== 'refresh_token' || !response.ok) return response;
        const json = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...json, refresh_token: rotated });
      },
    });
    await core.restore();
    const { result } = await h.signIn(core, { email: 'grace@example.com' });
    if (!result.ok) throw new Error('sign-in failed');
    rotate = true;
    await (await core.clientFor(result.account.id)).refreshAccessToken();
    expect(await storedRefreshToken(result.account.id)).toBe(rotated);
    expect(await vault.get(result.account.id)).toBe(rotated);
    await core.signOut(result.account.id);
  });

  it('a restart restores the session from the keychain without a new sign-in', async () => {
    const first = await signedIn('alan@example.com', 'desktop');
    await first.core.dispose();
    h.emulator.resetStats();

    const restarted = h.core('desktop', { vault: await h.vault(), metadata: first.metadata });
    await restarted.restore();
    expect(restarted.accounts().map((a) => a.email)).toEqual(['alan@example.com']);
    expect(restarted.activeId()).toBe(first.id);
    // The access token was memory only: the first call refreshes it.
    expect(restarted.accessTokenExpiry(first.id)).toBeNull();
    const client = await restarted.clientFor(first.id);
    const res = await client.request<{ email: string }>({ url: h.emulator.endpoints.userinfo });
    expect(res.data.email).toBe('alan@example.com');
    const stats = h.emulator.stats();
    expect(stats.requests.authorize).toBe(0);
    expect(stats.requests.token).toBe(1);
    await restarted.signOut(first.id);
  });

  it('a refresh that cannot reach Google fails as NETWORK and keeps the session', async () => {
    const { core, id } = await signedIn('alan@example.com');
    const client = await core.clientFor(id);
    for (const fault of [
      { endpoint: 'token', kind: 'down' },
      { endpoint: 'token', kind: 'status', status: 503 },
      { endpoint: 'token', kind: 'malformed' },
    ] as const) {
      h.emulator.setFault(fault);
      try {
        await expect(client.refreshAccessToken()).rejects.toMatchObject({
          name: 'AuthError',
          code: 'NETWORK',
          retryable: true,
        });
      } finally {
        h.emulator.setFault(null);
      }
      expect(core.accounts().map((a) => a.id)).toEqual([id]);
    }
    // Back online: the same session refreshes.
    await expect(client.refreshAccessToken()).resolves.toBeTruthy();
    expect(await storedRefreshToken(id)).not.toBeNull();
    await core.signOut(id);
  });

  it('invalid_grant signs the account out, empties its keychain entry and says why', async () => {
    const { core, id } = await signedIn('grace@example.com');
    expect(await storedRefreshToken(id)).not.toBeNull();
    expect(h.emulator.revokeGrantsFor('grace@example.com')).toBeGreaterThan(0);
    const client = await core.clientFor(id);
    await expect(client.refreshAccessToken()).rejects.toMatchObject({
      name: 'AuthError',
      code: 'SESSION_EXPIRED',
    });
    expect(core.accounts()).toEqual([]);
    expect(await storedRefreshToken(id)).toBeNull();
    const notice = core.state().notices.find((n) => n.code === 'SESSION_EXPIRED');
    expect(notice?.message).toContain('grace@example.com');
    await expect(core.clientFor(id)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    core.dismissNotice(notice?.id as string);
    expect(core.state().notices.some((n) => n.code === 'SESSION_EXPIRED')).toBe(false);
  });

  it('sign-out revokes the refresh token at Google and leaves nothing in the keychain', async () => {
    const { core, id } = await signedIn('ada@example.com');
    const refreshToken = (await storedRefreshToken(id)) as string;
    expect((await tryRefresh(refreshToken)).status).toBe(200);
    h.emulator.resetStats();
    const outcome = await core.signOut(id);
    expect(outcome.revoked).toBe(true);
    expect(h.emulator.stats().requests.revoke).toBe(1);
    expect(await tryRefresh(refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await h.keychainValue(id)).toBeNull();
    expect(await h.pendingInKeychain()).toEqual([]);
    expect(core.accounts()).toEqual([]);
    expect(core.pendingRevocationCount()).toBe(0);
    expect(core.accessTokenExpiry(id)).toBeNull();
    await expect(core.signOut(id)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('sign-out after the grant was revoked elsewhere: Google says 400 invalid_token, which counts as revoked', async () => {
    const { core, id } = await signedIn('grace@example.com');
    const refreshToken = (await storedRefreshToken(id)) as string;
    // Revoked at myaccount.google.com (or by another sign-out): Google no longer knows the token.
    expect(h.emulator.revokeGrantsFor('grace@example.com')).toBeGreaterThan(0);
    h.emulator.resetStats();
    const outcome = await core.signOut(id);
    // The revoke request was made and answered 400 invalid_token (checked directly below) …
    expect(h.emulator.stats().requests.revoke).toBe(1);
    expect(h.emulator.stats().tokensRevoked).toBe(0);
    const direct = await fetch(h.emulator.endpoints.revoke, {
      method: 'POST',
      body: new URLSearchParams({ token: refreshToken }),
    });
    expect(direct.status).toBe(400);
    expect(await direct.json()).toMatchObject({ error: 'invalid_token' });
    // … and the app took it as done: revoked, clean, nothing left to retry.
    expect(outcome.revoked).toBe(true);
    expect(core.pendingRevocationCount()).toBe(0);
    expect(await h.pendingInKeychain()).toEqual([]);
    expect(await h.keychainValue(id)).toBeNull();
    expect(core.accounts()).toEqual([]);
    expect(core.state().notices.map((n) => n.code)).not.toContain('REVOCATION_PENDING');
  });

  it('a pending revocation whose token was revoked elsewhere meanwhile completes on retry (400 invalid_token)', async () => {
    const { core, id } = await signedIn('alan@example.com');
    h.emulator.setFault({ endpoint: 'revoke', kind: 'down' });
    try {
      expect((await core.signOut(id)).revoked).toBe(false);
    } finally {
      h.emulator.setFault(null);
    }
    expect(core.pendingRevocationCount()).toBe(1);
    expect(h.emulator.revokeGrantsFor('alan@example.com')).toBeGreaterThan(0);
    await core.retryPendingRevocations();
    expect(core.pendingRevocationCount()).toBe(0);
    expect(await h.pendingInKeychain()).toEqual([]);
    expect(core.state().notices.map((n) => n.code)).not.toContain('REVOCATION_PENDING');
  });

  it('offline sign-out wipes locally at once, keeps the revocation, and a later retry succeeds', async () => {
    const { core, id } = await signedIn('alan@example.com');
    const refreshToken = (await storedRefreshToken(id)) as string;
    h.emulator.setFault({ endpoint: 'revoke', kind: 'down' });
    let outcome;
    try {
      outcome = await core.signOut(id);
    } finally {
      h.emulator.setFault(null);
    }
    expect(outcome.revoked).toBe(false);
    expect(outcome.message).toMatch(/retry/i);
    expect(core.accounts()).toEqual([]);
    expect(await storedRefreshToken(id)).toBeNull();
    expect(core.pendingRevocationCount()).toBe(1);
    expect(core.state().notices.map((n) => n.code)).toContain('REVOCATION_PENDING');
    // The pending revocation is a secret: it waits in the keychain, in its envelope.
    const pending = await h.pendingInKeychain();
    expect(pending).toHaveLength(1);
    expect(JSON.parse(pending[0]?.value ?? '{}')).toMatchObject({
      kind: 'pending_revocation',
      token: refreshToken,
    });
    // Google still honours the token until the revocation gets through.
    expect((await tryRefresh(refreshToken)).status).toBe(200);

    await core.retryPendingRevocations();
    expect(core.pendingRevocationCount()).toBe(0);
    expect(await tryRefresh(refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await h.pendingInKeychain()).toEqual([]);
    expect(await h.keychainValue(`pending-revocation:${pending[0]?.id}`)).toBeNull();
    const codes = core.state().notices.map((n) => n.code);
    expect(codes).toContain('REVOCATION_COMPLETED');
    expect(codes).not.toContain('REVOCATION_PENDING');
  });

  it('a pending revocation is retried on the next start', async () => {
    const { core, id, metadata } = await signedIn('ada@example.com');
    const refreshToken = (await storedRefreshToken(id)) as string;
    h.emulator.setFault({ endpoint: 'revoke', kind: 'status', status: 503 });
    try {
      expect((await core.signOut(id)).revoked).toBe(false);
    } finally {
      h.emulator.setFault(null);
    }
    await core.dispose();
    const restarted = h.core('ios', { vault: await h.vault(), metadata });
    await restarted.restore();
    await restarted.retryPendingRevocations();
    expect(restarted.pendingRevocationCount()).toBe(0);
    expect(await tryRefresh(refreshToken)).toEqual({ status: 400, error: 'invalid_grant' });
  });

  it.each([
    ['corrupt', 'not json at all'],
    ['foreign', JSON.stringify({ username: 'someone', password: 'hunter2' })],
    ['oversized', JSON.stringify({ v: 1, kind: 'refresh_token', token: 'x'.repeat(3000) })],
  ])(
    'a %s keychain entry → that account is signed out cleanly and the entry removed',
    async (_kind, value) => {
      const { core, id, metadata } = await signedIn('grace@example.com');
      await core.dispose();
      await h.plant(id, value);
      const restarted = h.core('ios', { vault: await h.vault(), metadata });
      await expect(restarted.restore()).resolves.toBeUndefined();
      expect(restarted.accounts()).toEqual([]);
      expect(await h.keychainValue(id)).toBeNull();
      expect(restarted.state().notices.map((n) => n.code)).toContain('SESSION_EXPIRED');
      // The next start is simply signed out, without another notice.
      const again = h.core('ios', { vault: await h.vault(), metadata });
      await again.restore();
      expect(again.accounts()).toEqual([]);
      expect(again.state().notices).toEqual([]);
    },
  );

  it('keychain unavailable → memory-only, KEYCHAIN_UNAVAILABLE in state, nothing persisted', async () => {
    const vault = await h.vault({
      loadKeytar: async () => {
        // What a missing native module looks like to the dynamic import.
        throw new Error("Cannot find module 'keytar'");
      },
    });
    const metadata = h.metadata('memory-only');
    const alan = h.emulator.accounts.find((a) => a.email === 'alan@example.com')?.sub as string;
    const before = await h.keychainValue(alan);
    const core = h.core('desktop', { vault, metadata });
    await core.restore();
    const state = core.state();
    expect(state.storage).toMatchObject({ kind: 'memory' });
    expect(state.notices.map((n) => n.code)).toContain('KEYCHAIN_UNAVAILABLE');
    const { result } = await h.signIn(core, { email: 'alan@example.com' });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    // Signed in for this run; nothing in the keychain, nothing in the metadata file.
    expect(core.accounts().map((a) => a.email)).toEqual(['alan@example.com']);
    const client = await core.clientFor(result.account.id);
    expect(
      (await client.request<{ sub: string }>({ url: h.emulator.endpoints.userinfo })).data.sub,
    ).toBe(result.account.id);
    expect(result.account.id).toBe(alan);
    expect(await h.keychainValue(alan)).toBe(before);
    expect(metadata.get('auth')).toBeUndefined();
    expect((await core.signOut(result.account.id)).revoked).toBe(true);
  });
});
