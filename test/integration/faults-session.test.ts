/**
 * Faults after sign-in, through the real service (the bridge handlers) over a core with two
 * signed-in accounts, the emulator's switches and the real keychain:
 * - token endpoint 500 / 503 / slower than the time limit / not JSON / down during a refresh;
 * - the revoke endpoint down during sign-out: local wipe at once, the revocation kept and then
 *   completed by the app on its own (the emulator confirms);
 * - the keychain locking mid-session (a keytar that starts refusing): memory-only, the user told;
 * - 429 and 5xx bursts on a Google API under 20 concurrent calls.
 * For each: what the user sees (Result code and message, AuthState notices), nothing lost, nothing
 * left behind. What auth-session.test.ts and google-features.test.ts already prove is not repeated.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/faults-session.test.ts
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../main/auth/errors.ts';
import type { AuthCore, MetadataStore } from '../../main/auth/types.ts';
import { loadKeytar } from '../../main/vault/keytar-backend.ts';
import type { KeytarLike } from '../../main/vault/types.ts';
import { createService, type Service } from '../../main/app/service.ts';
import type { Fault } from '../../emulator/index.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { proofWith, refreshDirect, type PrivateJwk } from '../helpers/dpop.ts';
import { expectNothingLost, survivors } from '../helpers/fault-checks.ts';
import { keychainFingerprint, keychainValue } from '../helpers/keychain-entries.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('faults-session');

const HTTP_TIMEOUT_MS = 1_500;
const UNSTEADY = 'Google’s sign-in service did not answer properly. Try again in a moment.';

let stores = 0;

interface Two {
  core: AuthCore;
  service: Service;
  metadata: MetadataStore;
  grace: string;
  ada: string;
  /** The core's clock (real time, until a test moves it ahead). */
  clock: TestClock;
}

/** Grace and Ada signed in on one core (Ada active), with the bridge service over it. */
async function twoAccounts(
  options: { ttlSeconds?: number; keytar?: KeytarLike } = {},
): Promise<Two> {
  stores += 1;
  const metadata = h.metadata(`session-${stores}`);
  const vault = await h.vault(
    options.keytar ? { loadKeytar: async () => options.keytar as KeytarLike } : {},
  );
  const clock = testClock();
  const core = h.core('desktop', { vault, metadata, httpTimeoutMs: HTTP_TIMEOUT_MS, clock });
  await core.restore();
  if (options.ttlSeconds) h.emulator.setAccessTokenTtl(options.ttlSeconds);
  try {
    const grace = await h.signIn(core, { email: 'grace@example.com' });
    const ada = await h.signIn(core, { email: 'ada@example.com' }, () =>
      core.signIn({ purpose: 'add-account' }),
    );
    if (!grace.result.ok || !ada.result.ok) throw new Error('sign-in failed');
    const service = createService(core, { metadata, logger: h.log.logger, sleep: async () => {} });
    const ids = { grace: grace.result.account.id, ada: ada.result.account.id };
    return { core, service, metadata, ...ids, clock };
  } finally {
    h.emulator.setAccessTokenTtl(3600);
  }
}

/** A refresh_token grant sent straight to the emulator (a check from outside the app). */
async function refreshStatus(refreshToken: string, dpopKey?: PrivateJwk): Promise<string> {
  const { clientId, clientSecret } = h.emulator.clients.desktop;
  const tokenUrl = h.emulator.endpoints.token;
  // A DPoP-bound token is tried by its rightful holder: with a proof of the key stored beside it.
  const proof = dpopKey ? await proofWith(dpopKey, { htu: tokenUrl }) : undefined;
  const { status, error } = await refreshDirect(
    tokenUrl,
    { refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret },
    proof,
  );
  return error ?? `http ${status}`;
}

/** Waits for the core's state change after which `condition` holds (at most `ms`). */
async function until(core: AuthCore, condition: () => boolean, ms = 5_000): Promise<void> {
  let off = (): void => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (!condition()) {
    await new Promise<void>((resolve) => {
      off = core.onChange(() => condition() && resolve());
      timer = setTimeout(resolve, ms);
    });
  }
  off();
  clearTimeout(timer);
  expect(condition()).toBe(true);
}

describe.runIf(hasKeychain)('faults after sign-in', () => {
  it('token endpoint faults during refresh: NETWORK to the window, single-flight, both accounts kept', async () => {
    const two = await twoAccounts({ ttlSeconds: 1 });
    const { core, service, metadata, ada, clock } = two;
    const before = await survivors(core, metadata, h.service);
    const faults: Array<{ name: string; fault: Fault; message: string }> = [
      { name: '500', fault: { endpoint: 'token', kind: 'status', status: 500 }, message: UNSTEADY },
      { name: '503', fault: { endpoint: 'token', kind: 'status', status: 503 }, message: UNSTEADY },
      {
        name: 'slower than the time limit',
        fault: { endpoint: 'token', kind: 'slow', delayMs: HTTP_TIMEOUT_MS * 2 },
        message: MESSAGES.network,
      },
      { name: 'not JSON', fault: { endpoint: 'token', kind: 'malformed' }, message: UNSTEADY },
      { name: 'down', fault: { endpoint: 'token', kind: 'down' }, message: MESSAGES.network },
    ];
    // Past the 1 s lifetime for the core; the emulator keeps real time.
    clock.advance(1_100);
    for (const { name, fault, message } of faults) {
      expect(core.accessTokenExpiry(ada)).toBeLessThan(clock.now());
      h.emulator.resetStats();
      h.emulator.setFault(fault);
      let answers;
      try {
        // Ten views ask at once (profile refreshes), all needing a new access token.
        answers = await Promise.all(
          Array.from({ length: 10 }, () =>
            service.handlers.profile.get({ accountId: ada, refresh: true }),
          ),
        );
      } finally {
        h.emulator.setFault(null);
      }
      const stats = h.emulator.stats();
      console.log(
        `refresh, token endpoint ${name}: ${stats.requests.token} token request(s) for 10 calls`,
      );
      for (const answer of answers) {
        expect(answer, name).toEqual({
          ok: false,
          error: { code: 'NETWORK', message, retryable: true },
        });
      }
      // One refresh at a time for all ten calls, bounded; Google's API never saw a stale token.
      expect(stats.requests.token).toBeGreaterThanOrEqual(1);
      expect(stats.requests.token).toBeLessThanOrEqual(4);
      expect(stats.requests.userinfo).toBe(0);
      // Nothing lost: a flaky token endpoint is not a revoked grant.
      expect(core.state().notices).toEqual([]);
      await expectNothingLost(core, metadata, h.service, before);
    }
    // Google answers again: one refresh, then the profile.
    h.emulator.resetStats();
    const profile = await service.handlers.profile.get({ accountId: ada, refresh: true });
    expect(profile).toMatchObject({ ok: true, value: { email: 'ada@example.com', cached: false } });
    expect(h.emulator.stats().requests.token).toBe(1);
    await expectNothingLost(core, metadata, h.service, before);
  });

  it('revoke endpoint down during sign-out: wiped at once, the other account kept, revoked later by the app itself', async () => {
    const { core, service, metadata, grace, ada } = await twoAccounts();
    const adaEntry = JSON.parse((await keychainValue(h.service, ada)) as string) as {
      token: string;
      dpopKey?: PrivateJwk;
    };
    const graceEntry = await keychainFingerprint(h.service, grace);
    h.emulator.resetStats();
    h.emulator.setFault({ endpoint: 'revoke', kind: 'down' });
    let answer;
    try {
      answer = await service.handlers.auth.signOut({ accountId: ada });
    } finally {
      h.emulator.setFault(null);
    }
    const pendingMessage = MESSAGES.revocationPending('ada@example.com');
    expect(answer).toEqual({ ok: true, value: { revoked: false, message: pendingMessage } });
    expect(core.state().notices).toMatchObject([
      { code: 'REVOCATION_PENDING', level: 'warning', message: pendingMessage },
    ]);
    // Wiped locally at once; Grace untouched; the revocation waits in the keychain.
    expect(core.accounts().map((a) => a.id)).toEqual([grace]);
    expect(core.activeId()).toBe(grace);
    expect(await keychainFingerprint(h.service, ada)).toBe('absent');
    expect(JSON.stringify(metadata.get('auth'))).not.toContain(ada);
    expect(await keychainFingerprint(h.service, grace)).toBe(graceEntry);
    expect(await keychainFingerprint(h.service, 'pending-revocations')).not.toBe('absent');
    expect(core.pendingRevocationCount()).toBe(1);
    expect(h.emulator.stats().tokensRevoked).toBe(0);
    expect(await refreshStatus(adaEntry.token, adaEntry.dpopKey)).toBe('http 200');

    // Later, the app itself retries (after Grace's next token refresh), and Google confirms.
    await (await core.clientFor(grace)).refreshAccessToken();
    await until(core, () => core.pendingRevocationCount() === 0);
    expect(h.emulator.stats().tokensRevoked).toBeGreaterThanOrEqual(1);
    expect(await refreshStatus(adaEntry.token, adaEntry.dpopKey)).toBe('invalid_grant');
    expect(await keychainFingerprint(h.service, 'pending-revocations')).toBe('absent');
    const codes = core.state().notices.map((n) => n.code);
    expect(codes).toContain('REVOCATION_COMPLETED');
    expect(codes).not.toContain('REVOCATION_PENDING');
    // Grace is still signed in and works.
    expect(await service.handlers.profile.get({ accountId: grace, refresh: true })).toMatchObject({
      ok: true,
      value: { email: 'grace@example.com' },
    });
  });

  it('the keychain locks mid-session: memory-only, KEYCHAIN_UNAVAILABLE, nothing half-written', async () => {
    const real = await loadKeytar();
    let locked = false;
    const refuse = async (): Promise<never> => {
      throw new Error('Cannot create an item in a locked collection');
    };
    const lockable: KeytarLike = {
      getPassword: (service, account) => (locked ? refuse() : real.getPassword(service, account)),
      setPassword: (service, account, password) =>
        locked ? refuse() : real.setPassword(service, account, password),
      deletePassword: (service, account) =>
        locked ? refuse() : real.deletePassword(service, account),
    };
    stores += 1;
    const metadata = h.metadata(`locked-${stores}`);
    const core = h.core('desktop', {
      vault: await h.vault({ loadKeytar: async () => lockable }),
      metadata,
      httpTimeoutMs: HTTP_TIMEOUT_MS,
    });
    await core.restore();
    const grace = await h.signIn(core, { email: 'grace@example.com' });
    if (!grace.result.ok) throw new Error('sign-in failed');
    const graceId = grace.result.account.id;
    const graceEntry = await keychainFingerprint(h.service, graceId);
    const savedBefore = JSON.stringify(metadata.get('auth'));

    locked = true;
    const ada = await h.signIn(core, { email: 'ada@example.com' }, () =>
      core.signIn({ purpose: 'add-account' }),
    );
    // Signed in for this run; the window says the keychain is gone and why.
    expect(ada.result).toMatchObject({ ok: true, account: { email: 'ada@example.com' } });
    const state = core.state();
    expect(state.storage).toMatchObject({ kind: 'memory' });
    const notice = state.notices.find((n) => n.code === 'KEYCHAIN_UNAVAILABLE');
    expect(notice?.message).toContain('kept in memory only');
    expect(notice?.message).toContain('locked collection');
    // Grace keeps working from memory.
    expect(core.accounts().map((a) => a.email)).toEqual(['grace@example.com', 'ada@example.com']);
    const client = await core.clientFor(graceId);
    expect((await client.getAccessToken()).token).toBeTruthy();
    // Nothing of Ada's reached the disk or the keychain; Grace's saved session is as it was.
    expect(JSON.stringify(metadata.get('auth'))).toBe(savedBefore);
    const adaId = (ada.result.ok && ada.result.account.id) as string;
    expect(await keychainFingerprint(h.service, adaId)).toBe('absent');
    expect(await keychainFingerprint(h.service, graceId)).toBe(graceEntry);

    // The next start, keychain unlocked: Grace is back, Ada (memory-only) is not half there.
    locked = false;
    const restarted = h.core('desktop', { vault: await h.vault(), metadata });
    await restarted.restore();
    expect(restarted.accounts().map((a) => a.email)).toEqual(['grace@example.com']);
    expect(restarted.state().notices).toEqual([]);
  });

  it('signing out while the keychain is locked: the next start does not bring the account back', async () => {
    const real = await loadKeytar();
    let locked = false;
    const refuse = async (): Promise<never> => {
      throw new Error('The collection is locked');
    };
    const lockable: KeytarLike = {
      getPassword: (s: string, a: string) => (locked ? refuse() : real.getPassword(s, a)),
      setPassword: (s: string, a: string, p: string) =>
        locked ? refuse() : real.setPassword(s, a, p),
      deletePassword: (s: string, a: string) => (locked ? refuse() : real.deletePassword(s, a)),
    };
    stores += 1;
    const metadata = h.metadata(`locked-${stores}`);
    const core = h.core('desktop', {
      vault: await h.vault({ loadKeytar: async () => lockable }),
      metadata,
    });
    await core.restore();
    const grace = await h.signIn(core, { email: 'grace@example.com' });
    if (!grace.result.ok) throw new Error('sign-in failed');
    locked = true;
    const outcome = await core.signOut(grace.result.account.id);
    expect(outcome.revoked).toBe(true);
    expect(core.accounts()).toEqual([]);

    locked = false;
    const restarted = h.core('desktop', { vault: await h.vault(), metadata });
    await restarted.restore();
    expect(restarted.accounts().map((a) => a.email)).toEqual([]);
  });

  it('429 and 503 bursts under 20 concurrent API calls: retried, then answered; accounts kept', async () => {
    const { core, service, metadata, ada } = await twoAccounts();
    const before = await survivors(core, metadata, h.service);
    for (const status of [429, 503]) {
      h.emulator.resetStats();
      h.emulator.setFault({ endpoint: 'userinfo', kind: 'status', status, times: 12 });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          service.handlers.profile.get({ accountId: ada, refresh: true }),
        ),
      );
      h.emulator.setFault(null);
      const stats = h.emulator.stats();
      console.log(`burst of ${status}: ${stats.requests.userinfo} userinfo requests for 20 calls`);
      for (const answer of answers) {
        expect(answer).toMatchObject({ ok: true, value: { email: 'ada@example.com' } });
      }
      expect(stats.requests.userinfo).toBe(32);
      expect(stats.requests.token).toBe(0);
    }
    // A burst that outlasts the retries: a retryable error to each caller, nothing else changes.
    for (const [status, code] of [
      [429, 'RATE_LIMITED'],
      [503, 'GOOGLE_API'],
    ] as const) {
      h.emulator.setFault({ endpoint: 'userinfo', kind: 'status', status });
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          service.handlers.profile.get({ accountId: ada, refresh: true }),
        ),
      );
      h.emulator.setFault(null);
      for (const answer of answers) {
        expect(answer).toMatchObject({ ok: false, error: { code, retryable: true } });
      }
    }
    expect(core.state().notices).toEqual([]);
    await expectNothingLost(core, metadata, h.service, before);
  });
});
