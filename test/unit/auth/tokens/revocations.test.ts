import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../../../../main/auth/issuer/http.ts';
import { Revocations, worthRetrying } from '../../../../main/auth/tokens/revocations.ts';
import { captureLog, keychainVault } from '../fakes.ts';

const offline = (): Error => new TypeError('fetch failed');

async function setup(revoke: (token: string) => Promise<void>) {
  const { vault } = await keychainVault();
  const completed: Array<[number, boolean]> = [];
  const { logger, lines } = captureLog();
  const revocations = new Revocations({
    vault,
    revoke,
    logger,
    onCompleted: (count, nonePending) => void completed.push([count, nonePending]),
  });
  return { revocations, vault, completed, lines };
}

describe('Revocations', () => {
  it('a confirmed revocation drops the recorded one', async () => {
    const revoked: string[] = [];
    const { revocations, vault } = await setup(async (t) => void revoked.push(t));
    const id = await revocations.record('1//r', new Date(0));
    expect(revocations.count()).toBe(1);
    expect(await revocations.revoke('1//r', id)).toBe('revoked');
    expect(revoked).toEqual(['1//r']);
    expect(revocations.count()).toBe(0);
    expect(await vault.pendingRevocations()).toEqual([]);
  });

  it('offline: the revocation stays recorded; a later retry completes it and reports it', async () => {
    let online = false;
    const { revocations, vault, completed, lines } = await setup(async () => {
      if (!online) throw offline();
    });
    const id = await revocations.record('1//r', new Date(0));
    expect(await revocations.revoke('1//r', id)).toBe('pending');
    expect(revocations.count()).toBe(1);
    expect(await vault.pendingRevocations()).toHaveLength(1);
    await revocations.retry();
    expect(completed).toEqual([]);
    online = true;
    await revocations.retry();
    expect(completed).toEqual([[1, true]]);
    expect(revocations.count()).toBe(0);
    expect(await vault.pendingRevocations()).toEqual([]);
    expect(lines.join('\n')).not.toContain('1//r');
  });

  it('a final refusal (400) drops the revocation instead of retrying it forever', async () => {
    const { revocations, vault, completed } = await setup(async () => {
      throw new HttpStatusError(400, { error: 'invalid_request' });
    });
    await revocations.record('1//r', new Date(0));
    await revocations.retry();
    expect(await vault.pendingRevocations()).toEqual([]);
    expect(completed).toEqual([[1, true]]);
  });

  it('concurrent retries share one run', async () => {
    let calls = 0;
    const { revocations } = await setup(async () => void (calls += 1));
    await revocations.record('1//r', new Date(0));
    const first = revocations.retry();
    expect(revocations.retry()).toBe(first);
    await first;
    expect(calls).toBe(1);
  });

  it('retries network trouble, 5xx, 429 and malformed answers; nothing else', () => {
    expect(worthRetrying({ kind: 'network' })).toBe(true);
    expect(worthRetrying({ kind: 'malformed' })).toBe(true);
    expect(worthRetrying({ kind: 'oauth', status: 503, error: null })).toBe(true);
    expect(worthRetrying({ kind: 'oauth', status: 429, error: null })).toBe(true);
    expect(worthRetrying({ kind: 'oauth', status: 400, error: 'invalid_request' })).toBe(false);
  });
});
