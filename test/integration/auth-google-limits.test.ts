/**
 * Google's limit of live refresh tokens per account and client (100; 2 here): one sign-in too
 * many silently ends the oldest token, and the app that held it is told at its next refresh —
 * the account is signed out cleanly, with a sentence that names the limit among the causes.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/auth-google-limits.test.ts
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../main/auth/errors.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('auth-google-limits', { refreshTokenLimit: 2 });

describe.runIf(hasKeychain)('the refresh-token limit', () => {
  it('a sign-in past the limit ends the oldest; that app signs the account out and says why', async () => {
    const cores = [];
    for (let i = 0; i < 3; i += 1) {
      // Three installations of the app: each core holds its own refresh token in memory (they
      // share one test keychain entry, which only matters for the newest).
      const core = h.core('desktop', {
        vault: await h.vault(),
        metadata: h.metadata(`limit-${i}`),
      });
      await core.restore();
      const { result } = await h.signIn(core, { email: 'ada@example.com' });
      if (!result.ok) throw new Error(`sign-in ${i} failed: ${result.message}`);
      cores.push({ core, id: result.account.id });
    }
    const [oldest, , newest] = cores;
    await expect((await oldest!.core.clientFor(oldest!.id)).refreshAccessToken()).rejects.toThrow(
      MESSAGES.sessionExpired('ada@example.com'),
    );
    expect(oldest!.core.accounts()).toEqual([]);
    const notice = oldest!.core.state().notices.find((n) => n.code === 'SESSION_EXPIRED');
    expect(notice?.message).toMatch(/at most 100 sign-ins per account for an app/);
    // The newest one is untouched.
    await expect(
      (await newest!.core.clientFor(newest!.id)).refreshAccessToken(),
    ).resolves.toBeTruthy();
    await newest!.core.signOut(newest!.id);
  });
});
