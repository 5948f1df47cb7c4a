/**
 * DPoP at sign-in: a refused proof is remembered for this client (metadata, no secret) so the
 * next sign-in goes without DPoP; `LATCHKEY_DPOP=on` forgets it; `LATCHKEY_DPOP=off` makes no
 * key; the key pair is made ahead, while the person is in the browser.
 */
import { describe, expect, it } from 'vitest';
import { DPOP_REFUSED_KEY, DpopSignIn } from '../../../../main/auth/tokens/dpop-sign-in.ts';
import { captureLog, CLIENT_ID, fakeClock, memoryStore } from '../fakes.ts';

function signIn(config: { dpop?: boolean; dpopRetry?: boolean; clientId?: string } = {}) {
  const metadata = memoryStore();
  const { logger, lines } = captureLog();
  const make = (over: typeof config = {}) =>
    new DpopSignIn({
      config: { clientId: CLIENT_ID, ...config, ...over },
      metadata,
      clock: fakeClock(Date.UTC(2026, 11, 1, 9)),
      logger,
    });
  return { dpop: make(), make, metadata, lines };
}

describe('DpopSignIn', () => {
  it('gives each sign-in a key until the token endpoint refuses one; then none, remembered', () => {
    const { dpop, make, metadata } = signIn();
    expect(dpop.enabled()).toBe(true);
    const first = dpop.take();
    expect(first?.publicJwk.crv).toBe('P-256');
    expect(dpop.take()).not.toBe(first);
    dpop.remember();
    expect(dpop.take()).toBeUndefined();
    expect(dpop.refusedAt()).toBe('2026-12-01T09:00:00.000Z');
    // Only a client ID and a time are kept: nothing secret.
    expect(metadata.get(DPOP_REFUSED_KEY)).toEqual({
      clientId: CLIENT_ID,
      at: '2026-12-01T09:00:00.000Z',
    });
    // A restart (a new instance on the same metadata) still goes without.
    expect(make().take()).toBeUndefined();
    expect(make().refusedAt()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('a refusal recorded for another client does not apply', () => {
    const { dpop, make } = signIn();
    dpop.remember();
    const other = make({ clientId: '200000000002-other.apps.googleusercontent.com' });
    expect(other.refusedAt()).toBeNull();
    expect(other.take()).toBeDefined();
  });

  it('LATCHKEY_DPOP=on (dpopRetry) forgets the refusal and binds again', () => {
    const { dpop, make, metadata, lines } = signIn();
    dpop.remember();
    const retried = make({ dpopRetry: true });
    expect(retried.refusedAt()).toBeNull();
    expect(metadata.get(DPOP_REFUSED_KEY)).toBeUndefined();
    expect(retried.take()).toBeDefined();
    expect(lines.join('\n')).toContain('DPoP refusal forgotten');
  });

  it('LATCHKEY_DPOP=off makes no key, made ahead or not', async () => {
    const { dpop } = signIn({ dpop: false });
    dpop.prepare();
    await new Promise((resolve) => setImmediate(resolve));
    expect(dpop.take()).toBeUndefined();
  });

  it('prepare() makes the key pair ahead, and take() hands that one out once', async () => {
    const { dpop } = signIn();
    dpop.prepare();
    await new Promise((resolve) => setImmediate(resolve));
    const ahead = dpop.take();
    expect(ahead).toBeDefined();
    const next = dpop.take();
    expect(next).toBeDefined();
    expect(next).not.toBe(ahead);
  });

  it('a stored refusal that is not well-formed is ignored', () => {
    const { make, metadata } = signIn();
    metadata.set(DPOP_REFUSED_KEY, { clientId: CLIENT_ID, at: 'yesterday' });
    expect(make().refusedAt()).toBeNull();
  });
});
