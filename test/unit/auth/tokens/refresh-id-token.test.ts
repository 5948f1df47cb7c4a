/**
 * An id_token in a refresh answer (Google sends one when `openid` was granted) is verified —
 * signature, iss, aud; no nonce on a refresh (OpenID Connect Core §12.2) — and must name the same
 * account (`sub`), or the account is signed out on this computer like after `invalid_grant`.
 * The whole core runs against a stub token endpoint and JWKS (its injected fetch).
 */
import { describe, expect, it } from 'vitest';
import { createAuthCore } from '../../../../main/auth/core.ts';
import {
  captureLog,
  CLIENT_ID,
  ISSUER,
  idTokenIssuer,
  keychainVault,
  memoryStore,
  savedAda,
} from '../fakes.ts';
import { testConfig } from '../fakes.ts';

const SUB = '1001';
const signer = idTokenIssuer();
const stranger = idTokenIssuer();

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    aud: CLIENT_ID,
    azp: CLIENT_ID,
    sub: SUB,
    email: 'ada@example.com',
    iat: now,
    exp: now + 3600,
    ...overrides,
  };
}

async function setup(idToken: string | undefined, jwksUp = true) {
  const { vault, keytar } = await keychainVault();
  await vault.set(SUB, '1//stored-refresh');
  const metadata = memoryStore();
  savedAda(metadata, SUB);
  const { logger, lines } = captureLog();
  const json = (status: number, body: unknown): Response =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/oauth2/v3/certs')) {
      return jwksUp ? json(200, signer.jwks) : json(503, {});
    }
    if (url.endsWith('/token')) {
      return json(200, {
        access_token: 'ya29.refreshed',
        token_type: 'Bearer',
        expires_in: 3600,
        refresh_token: '1//rotated-refresh',
        ...(idToken ? { id_token: idToken } : {}),
      });
    }
    return json(404, {});
  }) as typeof globalThis.fetch;
  const core = createAuthCore({
    config: testConfig(),
    vault,
    metadata,
    logger,
    openExternal: async () => undefined,
    fetch,
    httpTimeoutMs: 1_000,
  });
  await core.restore();
  const refresh = async () => (await core.clientFor(SUB)).getAccessToken();
  return { core, keytar, lines, refresh, vault };
}

describe('an id_token in a refresh answer', () => {
  it('for the same account, without a nonce: accepted, the session goes on', async () => {
    const { core, refresh, vault } = await setup(signer.sign(claims()));
    expect((await refresh()).token).toBe('ya29.refreshed');
    expect(core.accounts().map((a) => a.id)).toEqual([SUB]);
    expect(await vault.get(SUB)).toBe('1//rotated-refresh');
  });

  it.each([
    ['names another account', signer.sign(claims({ sub: '2002' })), 'another subject'],
    ['is signed by another key', stranger.sign(claims()), 'id_token rejected'],
    ['is for another client', signer.sign(claims({ aud: 'other', azp: 'other' })), 'rejected'],
    ['is from another issuer', signer.sign(claims({ iss: 'https://evil.test' })), 'rejected'],
  ])(
    'that %s: signed out safely, nothing from it stored, logged as such',
    async (_, token, log) => {
      const { core, refresh, vault, lines } = await setup(token);
      await expect(refresh()).rejects.toMatchObject({
        code: 'SESSION_EXPIRED',
        message: expect.stringContaining('could not be verified'),
      });
      expect(core.accounts()).toEqual([]);
      expect(await vault.get(SUB)).toBeNull();
      const notice = core.state().notices.find((n) => n.code === 'SESSION_EXPIRED');
      expect(notice?.message).toContain('ada@example.com');
      expect(
        lines.some((line) => line.includes(log) && line.includes('signing the account out')),
      ).toBe(true);
      expect(lines.join('\n')).not.toMatch(/ya29\.refreshed|rotated-refresh|stored-refresh/);
    },
  );

  it('when the keys cannot be fetched: a network error, the account stays signed in', async () => {
    const { core, refresh, vault } = await setup(signer.sign(claims()), false);
    await expect(refresh()).rejects.toMatchObject({ code: 'NETWORK' });
    expect(core.accounts().map((a) => a.id)).toEqual([SUB]);
    expect(await vault.get(SUB)).toBe('1//stored-refresh');
  });

  it('absent (no openid granted): the refresh is used as before', async () => {
    const { refresh } = await setup(undefined);
    expect((await refresh()).token).toBe('ya29.refreshed');
  });
});
