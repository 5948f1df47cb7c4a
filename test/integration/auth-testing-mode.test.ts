/**
 * A Google client in "Testing" mode: Google ends its sign-ins after 7 days — unless the only
 * scopes are a subset of name, email and profile (Google's OAuth 2.0 overview), which is what
 * Latchkey signs in with, so the clock starts only once Calendar or Drive is connected. The
 * emulator in `testingMode` does that and announces the end (`refresh_token_expires_in`); the core
 * keeps the end time (non-secret) with the account metadata, it survives a restart, and the
 * Security page's data carries it.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/auth-testing-mode.test.ts
 */
import { describe, expect, it } from 'vitest';
import { METADATA_KEY } from '../../main/auth/session/account-store.ts';
import { createService } from '../../main/app/service.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('auth-testing-mode', { testingMode: true });

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

describe.runIf(hasKeychain)('Testing-mode sign-in', () => {
  it('stores when Google ends the sign-in, keeps it across a restart, and reports it', async () => {
    const vault = await h.vault();
    const metadata = h.metadata('testing-mode');
    const core = h.core('ios', { vault, metadata });
    await core.restore();
    const signedIn = await h.signIn(core, { email: 'ada@example.com' });
    if (!signedIn.result.ok) throw new Error(`sign-in failed: ${signedIn.result.code}`);
    // Name, email and profile only: no end.
    expect(signedIn.result.account.signInExpiresAt).toBeUndefined();

    const before = Date.now();
    const id = signedIn.result.account.id;
    const { result } = await h.signIn(core, { email: 'ada@example.com' }, () =>
      core.ensureScopes(id, [FEATURE_SCOPES.calendar], 'calendar'),
    );
    if (!result.ok) throw new Error(`connecting Calendar failed: ${result.code}`);
    const ends = Date.parse(result.account.signInExpiresAt ?? '');
    expect(ends).toBeGreaterThanOrEqual(before + SEVEN_DAYS_MS - 1_000);
    expect(ends).toBeLessThanOrEqual(Date.now() + SEVEN_DAYS_MS + 1_000);

    // In the metadata file, next to the account: a time, nothing secret.
    const record = metadata.get(METADATA_KEY) as { accounts: Array<Record<string, unknown>> };
    expect(record.accounts[0]?.signInExpiresAt).toBe(result.account.signInExpiresAt);

    // A restart reads it back.
    const again = h.core('ios', { vault, metadata });
    await again.restore();
    expect(again.accounts()[0]?.signInExpiresAt).toBe(result.account.signInExpiresAt);

    // The Security page's data carries it.
    const service = createService(again, { metadata, logger: h.log.logger });
    const security = await service.handlers.settings.security(undefined);
    expect(security).toMatchObject({
      ok: true,
      value: {
        accounts: [{ id: result.account.id, signInExpiresAt: result.account.signInExpiresAt }],
      },
    });
    service.dispose();
    await again.signOut(result.account.id);
  });
});
