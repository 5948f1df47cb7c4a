import { describe, expect, it } from 'vitest';
import { IdTokenError, JwksCache, verifyIdToken } from '../../../../main/auth/issuer/id-token.ts';
import { CLIENT_ID, fakeClock, idTokenIssuer } from '../fakes.ts';

const GOOGLE = 'https://accounts.google.com';

function claims(now: number, extra: Record<string, unknown> = {}) {
  return {
    iss: GOOGLE,
    aud: CLIENT_ID,
    sub: '1001',
    nonce: 'n',
    iat: Math.floor(now / 1000) - 5,
    exp: Math.floor(now / 1000) + 3600,
    ...extra,
  };
}

function setup(kid: string | undefined = 'k1') {
  const clock = fakeClock();
  const issuer = idTokenIssuer(kid);
  let fetches = 0;
  const keys = new JwksCache(async () => {
    fetches += 1;
    return issuer.jwks;
  }, clock.now);
  const verify = (token: string) =>
    verifyIdToken({
      idToken: token,
      keys,
      clientId: CLIENT_ID,
      issuer: GOOGLE,
      nonce: 'n',
      now: clock.now(),
    });
  const problem = (token: string) =>
    verify(token).then(
      () => 'accepted',
      (e: unknown) => (e instanceof IdTokenError ? e.problem : 'other'),
    );
  return { clock, issuer, verify, problem, fetches: () => fetches };
}

describe('verifyIdToken (jose)', () => {
  it('accepts both of Google’s issuer forms, and nothing else', async () => {
    const { clock, issuer, verify, problem } = setup();
    await expect(verify(issuer.sign(claims(clock.now())))).resolves.toMatchObject({ sub: '1001' });
    await expect(
      verify(issuer.sign(claims(clock.now(), { iss: 'accounts.google.com' }))),
    ).resolves.toBeTruthy();
    expect(
      await problem(issuer.sign(claims(clock.now(), { iss: 'https://accounts.google.com.evil' }))),
    ).toBe('issuer');
  });

  it('accepts an aud array with this client only when azp is this client', async () => {
    const { clock, issuer, problem } = setup();
    const now = clock.now();
    expect(
      await problem(issuer.sign(claims(now, { aud: [CLIENT_ID, 'other'], azp: CLIENT_ID }))),
    ).toBe('accepted');
    expect(await problem(issuer.sign(claims(now, { aud: [CLIENT_ID, 'other'] })))).toBe('audience');
    expect(await problem(issuer.sign(claims(now, { aud: ['other'], azp: CLIENT_ID })))).toBe(
      'audience',
    );
  });

  it('judges expiry by the core’s clock, with 60 s of tolerance', async () => {
    const { clock, issuer, problem } = setup();
    const token = issuer.sign(claims(clock.now()));
    clock.advance(3600_000 + 59_000);
    expect(await problem(token)).toBe('accepted');
    clock.advance(2_000);
    expect(await problem(token)).toBe('expired');
  });

  it('accepts a token without kid when the JWKS has a single key', async () => {
    const { clock, issuer, problem, fetches } = setup(undefined);
    expect(await problem(issuer.sign(claims(clock.now())))).toBe('accepted');
    expect(await problem(issuer.sign(claims(clock.now())))).toBe('accepted');
    expect(fetches()).toBe(1);
  });

  it('refuses an RS256 header over another algorithm’s key and alg none', async () => {
    const { clock, issuer, problem } = setup();
    const none = issuer.sign(claims(clock.now()), { alg: 'none' });
    expect(await problem(none)).toBe('algorithm');
    expect(await problem(issuer.sign(claims(clock.now()), { alg: 'RS512' }))).toBe('algorithm');
  });
});

describe('JwksCache', () => {
  it('prefetch fetches once in the background; a check meanwhile waits for that fetch', async () => {
    const { clock, issuer } = setup();
    let fetches = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const keys = new JwksCache(async () => {
      fetches += 1;
      await gate;
      return issuer.jwks;
    }, clock.now);
    void keys.prefetch();
    void keys.prefetch();
    const key = keys.keyFor('k1');
    release();
    expect(await key).not.toBeNull();
    await keys.prefetch();
    expect(fetches).toBe(1);
  });

  it('a failed prefetch is retried by the check, which reports keys-unavailable if it fails too', async () => {
    const { clock, issuer } = setup();
    let up = false;
    let fetches = 0;
    const keys = new JwksCache(async () => {
      fetches += 1;
      if (!up) throw new Error('offline');
      return issuer.jwks;
    }, clock.now);
    await keys.prefetch();
    await expect(keys.keyFor('k1')).rejects.toMatchObject({ problem: 'keys-unavailable' });
    up = true;
    expect(await keys.keyFor('k1')).not.toBeNull();
    expect(fetches).toBe(3);
  });
});
