/**
 * Hostile keychain contents, written straight into the real Secret Service with keytar under the
 * test service: empty, corrupt, oversized, truncated and foreign-format values (generated), in the
 * entry of an account the metadata lists next to a genuine signed-in one. restore() signs that
 * account out cleanly — no throw, entry deleted, metadata without it, the user told — and the
 * genuine account stays signed in with its entry untouched. Also: corrupt pending-revocation
 * entries, and a well-formed entry holding a token Google does not know.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/hostile-keychain.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METADATA_KEY } from '../../main/auth/session/account-store.ts';
import type { Account } from '../../common/model.ts';
import { decodeRefreshToken, decodeRevocation } from '../../main/vault/envelope.ts';
import { loadKeytar } from '../../main/vault/keytar-backend.ts';
import {
  keychainFingerprint,
  keychainValue,
  plantKeychainValue,
} from '../helpers/keychain-entries.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('hostile-keychain');

const SEED = 0xc4a1;

const envelope = (fields: Record<string, unknown>) => JSON.stringify(fields);

/** Values that are not a refresh-token envelope of ours, in every way we could think of. */
const hostileValues: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      ' ',
      '\n',
      'null',
      'true',
      '0',
      '[]',
      '{}',
      '""',
      'undefined',
      '{"v":1',
      '1//0gPlainRefreshTokenFromAnOlderVersion',
      envelope({ v: 2, kind: 'refresh_token', token: '1//x' }),
      envelope({
        v: 1,
        kind: 'pending_revocation',
        token: '1//x',
        since: new Date(0).toISOString(),
      }),
      envelope({ v: 1, kind: 'refresh_token', token: '' }),
      envelope({ v: 1, kind: 'refresh_token', token: 'has spaces in it' }),
      envelope({ v: 1, kind: 'refresh_token', token: 'ünïcödé' }),
      envelope({ v: 1, kind: 'refresh_token', token: 42 }),
      envelope({ v: 1, kind: 'refresh_token', token: ['1//x'] }),
      envelope({ v: 1, kind: 'refresh_token', token: '1//x', extra: true }),
      envelope({ v: '1', kind: 'refresh_token', token: '1//x' }),
      '{"v":1,"kind":"refresh_token","token":"1//x","__proto__":{"admin":true}}',
      envelope({ username: 'someone', password: 'hunter2' }),
      envelope({ access_token: 'ya29.x', refresh_token: '1//x', expiry_date: 1 }),
      Buffer.from(envelope({ v: 1, kind: 'refresh_token', token: '1//x' })).toString('base64'),
    ),
    // Oversized: past Windows Credential Manager's cap, and far past it.
    fc
      .integer({ min: 2_561, max: 40_000 })
      .map((n) => envelope({ v: 1, kind: 'refresh_token', token: 'x'.repeat(n) })),
    fc.integer({ min: 2_561, max: 40_000 }).map((n) => 'a'.repeat(n)),
    // A valid envelope cut short (an interrupted write).
    fc
      .nat({ max: 40 })
      .map((n) =>
        envelope({ v: 1, kind: 'refresh_token', token: '1//0gValidLooking' }).slice(0, n),
      ),
    // Any text, any JSON.
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((value) => JSON.stringify({ v: 1, kind: 'refresh_token', token: value })),
  )
  // keytar refuses to write an empty secret (and NUL ends a C string): those two are covered below.
  .filter((value) => value !== '' && !value.includes('\u0000') && !decodeRefreshToken(value).ok);

let victims = 0;

/** A metadata record listing `genuine` and a victim account whose keychain entry is hostile. */
function victimAccount(): Account {
  victims += 1;
  return {
    id: `90000000000000${victims}`,
    email: `victim${victims}@example.com`,
    name: `Victim ${victims}`,
    pictureUrl: null,
    grantedScopes: ['openid', 'email', 'profile'],
    lastSignIn: new Date().toISOString(),
  };
}

describe.runIf(hasKeychain)('hostile keychain contents', () => {
  it('a hostile entry signs that account out cleanly; the genuine account stays signed in', async () => {
    const metadata = h.metadata('keychain');
    const first = h.core('ios', { vault: await h.vault(), metadata });
    await first.restore();
    const { result } = await h.signIn(first, { email: 'ada@example.com' });
    if (!result.ok) throw new Error(`sign-in failed: ${result.code}`);
    const genuine = result.account;
    await first.dispose();
    const genuineEntry = await keychainFingerprint(h.service, genuine.id);
    expect(genuineEntry).toMatch(/^sha256:/);
    const genuineRecord = metadata.get(METADATA_KEY) as { accounts: Account[] };

    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileValues, async (value) => {
        const victim = victimAccount();
        metadata.set(METADATA_KEY, {
          v: 1,
          accounts: [...genuineRecord.accounts, victim],
          activeId: victim.id,
        });
        await plantKeychainValue(h.service, victim.id, value);
        expect((await keychainValue(h.service, victim.id)) === value).toBe(true);

        const core = h.core('ios', { vault: await h.vault(), metadata });
        await expect(core.restore()).resolves.toBeUndefined();
        n += 1;
        // The victim is signed out and told about; nothing of it is left.
        expect(core.accounts().map((a) => a.id)).toEqual([genuine.id]);
        expect(core.activeId()).toBe(genuine.id);
        expect(core.pendingFlow()).toBeNull();
        const notice = core.state().notices.find((x) => x.code === 'SESSION_EXPIRED');
        expect(notice?.message).toContain(victim.email);
        expect(await keychainFingerprint(h.service, victim.id)).toBe('absent');
        const saved = metadata.get(METADATA_KEY) as { accounts: Account[]; activeId: string };
        expect(saved.accounts.map((a) => a.id)).toEqual([genuine.id]);
        expect(saved.activeId).toBe(genuine.id);
        // The genuine account is untouched.
        expect(core.storage()).toEqual({ kind: 'keychain', service: h.service });
        expect(await keychainFingerprint(h.service, genuine.id)).toBe(genuineEntry);
        await expect(core.clientFor(genuine.id)).resolves.toBeDefined();
        await core.dispose();
      }),
      { numRuns: 40, seed: SEED },
    );
    console.log(`keychain: ${n} generated hostile entries signed out cleanly`);

    // And the genuine session still works against Google.
    h.emulator.resetStats();
    const core = h.core('ios', { vault: await h.vault(), metadata });
    await core.restore();
    const client = await core.clientFor(genuine.id);
    const info = await client.request<{ email: string }>({ url: h.emulator.endpoints.userinfo });
    expect(info.data.email).toBe('ada@example.com');
    expect(h.emulator.stats().requests.token).toBe(1);
    await core.signOut(genuine.id);
  });

  it('corrupt pending revocations are dropped without harm or a call to Google', async () => {
    const metadata = h.metadata('revocations');
    const first = h.core('ios', { vault: await h.vault(), metadata });
    await first.restore();
    const { result } = await h.signIn(first, { email: 'grace@example.com' });
    if (!result.ok) throw new Error('sign-in failed');
    await first.dispose();
    const genuineEntry = await keychainFingerprint(h.service, result.account.id);

    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileValues,
          hostileValues.filter((v) => !decodeRevocation(v).ok),
        ),
        fc.boolean(),
        async (value, asIndex) => {
          n += 1;
          if (asIndex) {
            await plantKeychainValue(h.service, 'pending-revocations', value);
          } else {
            await plantKeychainValue(
              h.service,
              'pending-revocations',
              envelope({ v: 1, kind: 'revocation_index', ids: ['hostile1'] }),
            );
            await plantKeychainValue(h.service, 'pending-revocation:hostile1', value);
          }
          h.emulator.resetStats();
          const core = h.core('ios', { vault: await h.vault(), metadata });
          await expect(core.restore()).resolves.toBeUndefined();
          await expect(core.retryPendingRevocations()).resolves.toBeUndefined();
          expect(core.pendingRevocationCount()).toBe(0);
          expect(h.emulator.stats().requests.revoke).toBe(0);
          expect(await keychainFingerprint(h.service, 'pending-revocations')).toBe('absent');
          expect(await keychainFingerprint(h.service, 'pending-revocation:hostile1')).toBe(
            'absent',
          );
          expect(core.accounts().map((a) => a.id)).toEqual([result.account.id]);
          expect(await keychainFingerprint(h.service, result.account.id)).toBe(genuineEntry);
          await core.dispose();
        },
      ),
      { numRuns: 30, seed: SEED },
    );
    console.log(`keychain: ${n} generated hostile revocation entries dropped`);
  });

  it('an empty secret (written by another program) and a missing entry: signed out cleanly', async () => {
    const metadata = h.metadata('empty');
    const empty = victimAccount();
    const missing = victimAccount();
    metadata.set(METADATA_KEY, { v: 1, accounts: [empty, missing], activeId: empty.id });
    // keytar cannot store an empty secret; the real keytar answers one for this entry instead.
    await plantKeychainValue(h.service, empty.id, 'placeholder');
    const realKeytar = await loadKeytar();
    const vault = await h.vault({
      loadKeytar: async () => ({
        ...realKeytar,
        getPassword: async (service: string, account: string) =>
          account === empty.id ? '' : realKeytar.getPassword(service, account),
      }),
    });
    const core = h.core('ios', { vault, metadata });
    await expect(core.restore()).resolves.toBeUndefined();
    expect(core.accounts()).toEqual([]);
    expect(core.activeId()).toBeNull();
    expect(await keychainFingerprint(h.service, empty.id)).toBe('absent');
    expect(metadata.get(METADATA_KEY)).toBeUndefined();
    const messages = core
      .state()
      .notices.map((x) => x.message)
      .join(' ');
    expect(messages).toContain(empty.email);
    expect(messages).toContain(missing.email);
  });

  it('a well-formed entry with a token Google does not know: kept at start, signed out at first use', async () => {
    const metadata = h.metadata('unknown-token');
    const victim = victimAccount();
    metadata.set(METADATA_KEY, { v: 1, accounts: [victim], activeId: victim.id });
    await plantKeychainValue(
      h.service,
      victim.id,
      envelope({ v: 1, kind: 'refresh_token', token: '1//0gNotAnythingGoogleIssued' }),
    );
    const core = h.core('ios', { vault: await h.vault(), metadata });
    await core.restore();
    expect(core.accounts().map((a) => a.id)).toEqual([victim.id]);
    const client = await core.clientFor(victim.id);
    await expect(client.getAccessToken()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(core.accounts()).toEqual([]);
    expect(await keychainFingerprint(h.service, victim.id)).toBe('absent');
    expect(metadata.get(METADATA_KEY)).toBeUndefined();
    expect(core.state().notices.map((x) => x.code)).toContain('SESSION_EXPIRED');
  });
});
