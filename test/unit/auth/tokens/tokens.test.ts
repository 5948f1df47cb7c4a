import { describe, expect, it } from 'vitest';
import { HttpStatusError, type TokenResponse } from '../../../../main/auth/issuer/http.ts';
import { generateDpopKey, type DpopKey } from '../../../../main/auth/tokens/dpop.ts';
import { MESSAGES } from '../../../../main/auth/errors.ts';
import { TokenKeeper, type TokenKeeperDeps } from '../../../../main/auth/tokens/tokens.ts';
import { captureLog, CLIENT_ID, fakeClock, keychainVault } from '../fakes.ts';
import { deferred } from '../../../helpers/deferred.ts';

const fresh = (n: number, extra: Partial<TokenResponse> = {}): TokenResponse => ({
  access_token: `ya29.access-${n}`,
  token_type: 'Bearer',
  expires_in: 3600,
  ...extra,
});

async function setup(overrides: Partial<TokenKeeperDeps> = {}) {
  const clock = fakeClock();
  const { vault } = await keychainVault();
  const refreshes: string[] = [];
  const invalidGrants: Array<[string, boolean]> = [];
  let refreshed = 0;
  const signedIn = new Set(['a']);
  const { logger, lines } = captureLog();
  const keeper = new TokenKeeper({
    refresh: async (token) => {
      refreshes.push(token);
      return fresh(refreshes.length);
    },
    vault,
    clock,
    refreshMarginMs: 60_000,
    clientOptions: { clientId: CLIENT_ID },
    logger,
    isSignedIn: (id) => signedIn.has(id),
    onInvalidGrant: async (id, current) => {
      invalidGrants.push([id, current]);
      return 'ada@example.com';
    },
    onRefreshed: () => void (refreshed += 1),
    ...overrides,
  });
  return {
    keeper,
    clock,
    vault,
    refreshes,
    invalidGrants,
    signedIn,
    lines,
    refreshed: () => refreshed,
  };
}

describe('TokenKeeper', () => {
  it('uses the token in memory until the margin before expiry, then refreshes', async () => {
    const { keeper, clock, refreshes } = await setup();
    keeper.signedIn('a', {
      refreshToken: '1//a',
      token: 'ya29.first',
      expiresAt: clock.now() + 3_600_000,
    });
    expect((await keeper.accessToken('a', false)).token).toBe('ya29.first');
    clock.advance(3_600_000 - 60_000 + 1);
    expect((await keeper.accessToken('a', false)).token).toBe('ya29.access-1');
    expect(refreshes).toEqual(['1//a']);
    expect(keeper.expiryOf('a')).toBe(clock.now() + 3_600_000);
  });

  it('makes one refresh for many concurrent callers (single flight)', async () => {
    const answer = deferred<TokenResponse>();
    let calls = 0;
    const { keeper } = await setup({
      refresh: () => {
        calls += 1;
        return answer.promise;
      },
    });
    keeper.restore('a', '1//a');
    const waiting = Array.from({ length: 25 }, () => keeper.accessToken('a', false));
    answer.resolve(fresh(7));
    const tokens = await Promise.all(waiting);
    expect(calls).toBe(1);
    expect(new Set(tokens.map((t) => t.token))).toEqual(new Set(['ya29.access-7']));
  });

  it('reports invalid_grant for the current session and throws SESSION_EXPIRED', async () => {
    const { keeper, invalidGrants } = await setup({
      refresh: async () => {
        throw new HttpStatusError(400, { error: 'invalid_grant' });
      },
    });
    keeper.restore('a', '1//a');
    await expect(keeper.accessToken('a', false)).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
      message: expect.stringContaining('ada@example.com'),
    });
    expect(invalidGrants).toEqual([['a', true]]);
  });

  it('admin_policy_enforced (a Workspace admin) signs out like invalid_grant, with its own sentence', async () => {
    const reasons: Array<string | undefined> = [];
    const { keeper } = await setup({
      refresh: async () => {
        throw new HttpStatusError(400, { error: 'admin_policy_enforced' });
      },
      onInvalidGrant: async (_id, _current, reason) => {
        reasons.push(reason);
        return 'ada@example.com';
      },
    });
    keeper.restore('a', '1//a');
    await expect(keeper.accessToken('a', false)).rejects.toMatchObject({
      code: 'SESSION_EXPIRED',
      message: MESSAGES.adminPolicy('ada@example.com'),
    });
    expect(reasons).toEqual(['admin_policy']);
  });

  it('invalid_grant says the causes Google names, the 100-sign-in limit among them', () => {
    expect(MESSAGES.sessionExpired('ada@example.com')).toMatch(
      /at most 100 sign-ins .* the oldest/,
    );
  });

  it('refresh_token_expires_in on a refresh answer updates the end day (time-based access)', async () => {
    const ends: Array<[string, string]> = [];
    const { keeper, clock } = await setup({
      refresh: async () => fresh(1, { refresh_token_expires_in: 86_400 }),
      onSignInEnd: (id, endsAt) => void ends.push([id, endsAt]),
    });
    keeper.restore('a', '1//a');
    await keeper.accessToken('a', false);
    expect(ends).toEqual([['a', new Date(clock.now() + 86_400_000).toISOString()]]);
  });

  it('an invalid_grant for a session replaced meanwhile is not current: the caller gets the new session', async () => {
    const answer = deferred<TokenResponse>();
    const { keeper, invalidGrants } = await setup({ refresh: () => answer.promise });
    keeper.restore('a', '1//old');
    const pending = keeper.accessToken('a', true);
    keeper.signedIn('a', { refreshToken: '1//new', token: 'ya29.new', expiresAt: Date.now() * 2 });
    answer.reject(new HttpStatusError(400, { error: 'invalid_grant' }));
    await expect(pending).resolves.toMatchObject({ token: 'ya29.new' });
    expect(invalidGrants).toEqual([['a', false]]);
  });

  it('an invalid_grant for a session signed out meanwhile is AUTH_REQUIRED', async () => {
    const answer = deferred<TokenResponse>();
    const { keeper } = await setup({ refresh: () => answer.promise });
    keeper.restore('a', '1//old');
    const pending = keeper.accessToken('a', true);
    keeper.forget('a');
    answer.reject(new HttpStatusError(400, { error: 'invalid_grant' }));
    await expect(pending).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('classifies other failures: network and 5xx retryable, 4xx INTERNAL', async () => {
    const failWith = async (error: unknown) => {
      const { keeper } = await setup({ refresh: async () => Promise.reject(error) });
      keeper.restore('a', '1//a');
      return keeper.accessToken('a', false).catch((e: unknown) => e);
    };
    expect(await failWith(new TypeError('fetch failed'))).toMatchObject({
      code: 'NETWORK',
      retryable: true,
    });
    expect(await failWith(new HttpStatusError(503, null))).toMatchObject({
      code: 'NETWORK',
      retryable: true,
    });
    expect(await failWith(new HttpStatusError(401, { error: 'invalid_client' }))).toMatchObject({
      code: 'INTERNAL',
      retryable: false,
    });
  });

  it('writes a rotated refresh token to the vault and keeps the old one otherwise', async () => {
    let rotate = false;
    const { keeper, vault } = await setup({
      refresh: async () => fresh(1, rotate ? { refresh_token: '1//rotated' } : {}),
    });
    keeper.restore('a', '1//a');
    await keeper.accessToken('a', true);
    expect(keeper.refreshTokenOf('a')).toBe('1//a');
    expect(await vault.get('a')).toBeNull();
    rotate = true;
    await keeper.accessToken('a', true);
    expect(keeper.refreshTokenOf('a')).toBe('1//rotated');
    expect(await vault.get('a')).toBe('1//rotated');
  });

  it('refreshes a DPoP-bound token with its key, single-flight, and keeps the key on rotation', async () => {
    const key = generateDpopKey();
    const keys: Array<DpopKey | undefined> = [];
    const answer = deferred<TokenResponse>();
    const { keeper, vault } = await setup({
      refresh: async (_token, dpopKey) => {
        keys.push(dpopKey);
        return answer.promise;
      },
    });
    keeper.restore('a', '1//a', key);
    expect(keeper.dpopKeyOf('a')).toBe(key);
    const calls = Array.from({ length: 20 }, () => keeper.accessToken('a', false));
    answer.resolve(fresh(1, { refresh_token: '1//rotated' }));
    await Promise.all(calls);
    expect(keys).toEqual([key]);
    // The rotated token is written with the same key: it stays bound.
    expect(await vault.getEntry('a')).toEqual({
      token: '1//rotated',
      bound: true,
      dpopKey: key.jwk,
    });
  });

  it('refuses with AUTH_REQUIRED when the account is signed out, even mid-refresh', async () => {
    const answer = deferred<TokenResponse>();
    const { keeper, signedIn } = await setup({ refresh: () => answer.promise });
    keeper.restore('a', '1//a');
    const pending = keeper.accessToken('a', false);
    keeper.forget('a');
    answer.resolve(fresh(1));
    await expect(pending).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    keeper.restore('a', '1//a');
    signedIn.delete('a');
    await expect(keeper.accessToken('a', false)).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
  });

  it('clientFor hands out one client per account, routed to the single-flight refresh', async () => {
    const { keeper, refreshes, refreshed } = await setup();
    expect(() => keeper.clientFor('a')).toThrow(expect.objectContaining({ code: 'AUTH_REQUIRED' }));
    keeper.restore('a', '1//a');
    const client = keeper.clientFor('a');
    expect(keeper.clientFor('a')).toBe(client);
    expect((await client.getAccessToken()).token).toBe('ya29.access-1');
    expect(client.credentials.refresh_token).toBeUndefined();
    expect(refreshes).toHaveLength(1);
    expect(refreshed()).toBe(1);
    keeper.forget('a');
    expect(client.credentials).toEqual({});
  });
});
