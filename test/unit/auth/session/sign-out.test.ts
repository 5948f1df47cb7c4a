/**
 * Sign-out when Google cannot be reached: the revocation is kept and retried only if the keychain
 * recorded it; if it could not, the outcome says so instead of promising a retry. The whole core
 * runs against a revoke endpoint that is down (its injected fetch).
 */
import { describe, expect, it } from 'vitest';
import { createAuthCore } from '../../../../main/auth/core.ts';
import { MESSAGES } from '../../../../main/auth/errors.ts';
import { captureLog, keychainVault, memoryStore, savedAda, testConfig } from '../fakes.ts';

const SUB = '1001';

async function signedIn(recordFails: boolean) {
  const { vault, keytar } = await keychainVault();
  await vault.set(SUB, '1//stored-refresh');
  if (recordFails) {
    vault.addPendingRevocation = async () => {
      throw new Error('the keychain refused');
    };
  }
  const metadata = memoryStore();
  savedAda(metadata, SUB);
  const revokes: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    revokes.push(String(input instanceof Request ? input.url : input));
    throw new TypeError('fetch failed');
  }) as typeof globalThis.fetch;
  const core = createAuthCore({
    config: testConfig(),
    vault,
    metadata,
    logger: captureLog().logger,
    openExternal: async () => undefined,
    fetch,
    httpTimeoutMs: 1_000,
  });
  await core.restore();
  return { core, keytar, revokes };
}

describe('signing out while Google cannot be reached', () => {
  it('with the revocation recorded: says it will retry, and one is pending', async () => {
    const { core } = await signedIn(false);
    const outcome = await core.signOut(SUB);
    expect(outcome).toEqual({
      revoked: false,
      message: MESSAGES.revocationPending('ada@example.com'),
    });
    expect(core.pendingRevocationCount()).toBe(1);
    await core.dispose();
  });

  it('with the keychain refusing to record it: says it was not kept, promises no retry', async () => {
    const { core, revokes } = await signedIn(true);
    const outcome = await core.signOut(SUB);
    expect(revokes.length).toBeGreaterThan(0);
    expect(outcome).toEqual({
      revoked: false,
      message: MESSAGES.revocationNotKept('ada@example.com'),
    });
    expect(core.pendingRevocationCount()).toBe(0);
    expect(core.accounts()).toEqual([]);
    await core.dispose();
  });
});
