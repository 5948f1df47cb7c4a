/**
 * DPoP against the demo Google in Google-strict mode (what Google's pages ask for, beyond what
 * RFC 9449 alone requires): the code exchange's proof must carry `jti` = base64url SHA-256 of the
 * code, and every proof a nonce, renewed with every answer (successes included). Every sign-in
 * and refresh path passes against it; a client whose token endpoint refuses DPoP signs in
 * without it the next time, told once.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/dpop-google-strict.test.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { MESSAGES } from '../../main/auth/errors.ts';
import { proofWith, refreshDirect, strangerKey, type PrivateJwk } from '../helpers/dpop.ts';
import { configFor, useHarness, type ClientKind } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('dpop-google-strict', { googleStrict: true });

let files = 0;

/** A fresh core on its own metadata file (DPoP on unless the config says otherwise). */
async function freshCore(kind: ClientKind = 'desktop', extra: { fetch?: typeof fetch } = {}) {
  files += 1;
  const metadata = h.metadata(`strict-${files}`);
  const core = h.core(kind, { vault: await h.vault(), metadata, ...extra });
  await core.restore();
  return { core, metadata };
}

const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as {
    jti: string;
    nonce?: string;
  };

afterEach(() => {
  if (hasKeychain) h.emulator.setDpop({ refuse: false });
});

describe.runIf(hasKeychain)('DPoP, Google-strict', () => {
  it.each<ClientKind>(['desktop', 'ios'])(
    'sign-in, consent and refreshes pass; a fresh nonce per answer costs one challenge (%s)',
    async (kind) => {
      const { core } = await freshCore(kind);
      h.emulator.resetStats();
      const { result } = await h.signIn(core, { email: 'ada@example.com' });
      if (!result.ok) throw new Error(`sign-in failed: ${result.message}`);
      const id = result.account.id;
      // The exchange: challenged for a nonce once (the core had none yet), then accepted.
      expect(h.emulator.stats().requests.token).toBe(2);
      expect(core.boundToThisComputer?.(id)).toBe(true);

      // Twenty refreshes: each answer brings a new nonce and the core uses the newest, so no
      // further challenge (the emulator accepts only its few newest nonces).
      h.emulator.resetStats();
      for (let i = 0; i < 20; i += 1) {
        await expect((await core.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();
      }
      expect(h.emulator.stats().requests.token).toBe(20);

      // A consent flow for Calendar (the account's own key, the exchange's jti from its code).
      const connected = await h.signIn(core, { email: 'ada@example.com' }, () =>
        core.ensureScopes(id, [FEATURE_SCOPES.calendar], 'calendar'),
      );
      expect(connected.result.ok).toBe(true);
      await expect((await core.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();
      await core.signOut(id);
    },
  );

  it('refuses a proof without a nonce, and names the nonce to use', async () => {
    const { core } = await freshCore();
    const { result } = await h.signIn(core, { email: 'grace@example.com' });
    if (!result.ok) throw new Error('sign-in failed');
    const id = result.account.id;
    const entry = JSON.parse((await h.keychainValue(id))!) as {
      token: string;
      dpopKey: PrivateJwk;
    };
    const tokenUrl = h.emulator.endpoints.token;
    const form = {
      refresh_token: entry.token,
      client_id: h.emulator.clients.desktop.clientId,
      client_secret: h.emulator.clients.desktop.clientSecret,
    };
    const bare = await refreshDirect(
      tokenUrl,
      form,
      await proofWith(entry.dpopKey, { htu: tokenUrl }),
    );
    expect(bare).toMatchObject({ status: 400, error: 'use_dpop_nonce' });
    expect(bare.nonce).toMatch(/\S+/);
    const answered = await refreshDirect(
      tokenUrl,
      form,
      await proofWith(entry.dpopKey, { htu: tokenUrl, nonce: bare.nonce! }),
    );
    expect(answered.status).toBe(200);
    // A success brings the next nonce too.
    expect(answered.nonce).toMatch(/\S+/);
    expect(answered.nonce).not.toBe(bare.nonce);
    await core.signOut(id);
  });

  it.each([
    ['a random jti', false, 'invalid_dpop_proof'],
    ['the hash of the code', true, null],
  ] as const)(
    'the code exchange with %s: refused, or accepted, as Google checks it',
    async (_name, hashOfCode, error) => {
      // Every exchange proof is re-signed on its way out, with a stranger's key and the chosen jti.
      const answers: Array<{ status: number; error?: string }> = [];
      const rewrite: typeof fetch = async (input, init) => {
        const body = init?.body;
        const headers = { ...(init?.headers as Record<string, string> | undefined) };
        if (
          !(body instanceof URLSearchParams) ||
          body.get('grant_type') !== 'authorization_code' ||
          !headers.DPoP
        )
          return fetch(input, init);
        const code = body.get('code') ?? '';
        const { nonce } = claimsOf(headers.DPoP);
        headers.DPoP = await proofWith(strangerKey(), {
          htu: String(input),
          jti: hashOfCode
            ? createHash('sha256').update(code).digest('base64url')
            : randomBytes(16).toString('base64url'),
          ...(nonce ? { nonce } : {}),
        });
        const response = await fetch(input, { ...init, headers });
        const json = (await response.clone().json()) as { error?: string };
        answers.push({ status: response.status, ...(json.error ? { error: json.error } : {}) });
        return response;
      };
      const { core } = await freshCore('desktop', { fetch: rewrite });
      const { result } = await h.signIn(core, { email: 'alan@example.com' });
      const last = answers.at(-1);
      if (error) {
        expect(last).toEqual({ status: 400, error });
        expect(result).toMatchObject({ ok: false, message: MESSAGES.dpopRefused });
      } else {
        expect(last?.status).toBe(200);
        expect(result.ok).toBe(true);
        if (result.ok) await core.signOut(result.account.id);
      }
    },
  );

  it('a token endpoint that refuses DPoP: told once, the next sign-in completes without it, "not bound"', async () => {
    h.emulator.setDpop({ refuse: true });
    const { core, metadata } = await freshCore();
    const first = await h.signIn(core, { email: 'grace@example.com' });
    expect(first.result).toEqual({
      ok: false,
      code: 'SIGN_IN_FAILED',
      message: MESSAGES.dpopRefused,
    });
    expect(core.dpopRefusedAt?.()).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The next sign-in (the endpoint still refuses proofs) goes without DPoP and completes.
    const second = await h.signIn(core, { email: 'grace@example.com' });
    if (!second.result.ok) throw new Error(`second sign-in failed: ${second.result.message}`);
    const id = second.result.account.id;
    expect(core.boundToThisComputer?.(id)).toBe(false);
    expect(JSON.parse((await h.keychainValue(id))!)).toMatchObject({ v: 1 });
    expect(core.state().notices.map((n) => n.message)).not.toContain(MESSAGES.dpopRefused);
    await expect((await core.clientFor(id)).refreshAccessToken()).resolves.toBeTruthy();

    // Remembered across a restart; LATCHKEY_DPOP=on (dpopRetry) forgets it.
    await core.dispose();
    const restarted = h.core('desktop', { vault: await h.vault(), metadata });
    await restarted.restore();
    expect(restarted.dpopRefusedAt?.()).not.toBeNull();
    const retry = h.core('desktop', {
      vault: await h.vault(),
      metadata,
      config: { ...configFor(h.emulator, 'desktop', h.service), dpopRetry: true },
    });
    await retry.restore();
    expect(retry.dpopRefusedAt?.()).toBeNull();
    await retry.signOut(id);
  });
});
