import { describe, expect, it } from 'vitest';
import { exchangeCode, type ExchangeDeps } from '../../../../main/auth/issuer/exchange.ts';
import type { FlowInit } from '../../../../main/auth/flow/flow.ts';
import { MESSAGES } from '../../../../main/auth/errors.ts';
import { HttpStatusError } from '../../../../main/auth/issuer/http.ts';
import { IdTokenError, type IdClaims } from '../../../../main/auth/issuer/id-token.ts';
import type { FlowResult } from '../../../../main/auth/types.ts';
import { captureLog, tokenAnswer } from '../fakes.ts';

const init: FlowInit = {
  purpose: 'sign-in',
  scopes: ['openid', 'email', 'profile'],
  redirect: 'custom-scheme',
  redirectUri: 'com.googleusercontent.apps.1-unit:/oauth2redirect',
  url: 'http://127.0.0.1:4000/o/oauth2/v2/auth?state=s',
  state: 's',
  verifier: 'v'.repeat(43),
  nonce: 'the-nonce',
  startedAt: 0,
  timeoutMs: 60_000,
};

const claims = (extra: Partial<IdClaims> = {}): IdClaims => ({
  iss: 'http://127.0.0.1:4000',
  sub: '1001',
  aud: 'client',
  exp: 2,
  iat: 1,
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  ...extra,
});

function deps(overrides: Partial<ExchangeDeps> = {}) {
  const calls: string[] = [];
  const { logger, lines } = captureLog();
  const d: ExchangeDeps = {
    requestTokens: async (code, verifier, redirectUri) => {
      calls.push(`token ${code} ${verifier === init.verifier} ${redirectUri}`);
      return tokenAnswer({ id_token: 'header.payload.signature' });
    },
    verifyIdToken: async (_idToken, nonce) => {
      calls.push(`verify ${nonce}`);
      return claims();
    },
    requestUserInfo: async () => {
      calls.push('userinfo');
      return { sub: '1001', email: 'info@example.com', name: 'From Userinfo' };
    },
    emailOf: (sub) => (sub === '2002' ? 'grace@example.com' : undefined),
    logger,
    ...overrides,
  };
  return { deps: d, calls, lines };
}

const running = (): FlowResult | null => null;

describe('exchangeCode', () => {
  it('sends the code with the flow’s verifier and redirect URI, checks the id_token with its nonce', async () => {
    const { deps: d, calls } = deps();
    const outcome = await exchangeCode(d, init, '4/code', running);
    expect(outcome).toMatchObject({
      ok: true,
      signIn: { sub: '1001', email: 'ada@example.com', name: 'Ada Lovelace' },
    });
    expect(calls).toEqual([`token 4/code true ${init.redirectUri}`, 'verify the-nonce']);
  });

  it.each([
    ['openid profile', ['email'], 'not to see your email address, which'],
    [
      'openid https://www.googleapis.com/auth/userinfo.email',
      ['profile'],
      'your name and profile picture',
    ],
    ['openid', ['email', 'profile'], 'your email address or your name and profile picture'],
  ] as const)(
    'a sign-in granted as %j (boxes unticked) is CONSENT_PARTIAL naming what is missing',
    async (scope, missing, words) => {
      const { deps: d, calls } = deps({
        requestTokens: async () => tokenAnswer({ id_token: 'h.p.s', scope }),
      });
      const outcome = await exchangeCode(d, init, 'c', running);
      const message = MESSAGES.partialSignIn(missing);
      expect(outcome).toEqual({
        ok: false,
        result: { ok: false, code: 'CONSENT_PARTIAL', message },
      });
      expect(message).toContain(words);
      expect(message).not.toMatch(/Deny/);
      expect(calls).toEqual(['verify the-nonce']);
    },
  );

  it('a connect flow is not asked for the sign-in scopes (include_granted_scopes may omit them)', async () => {
    const { deps: d } = deps({
      requestTokens: async () => tokenAnswer({ id_token: 'h.p.s', scope: 'openid' }),
    });
    expect(
      await exchangeCode(d, { ...init, purpose: 'connect', expectedSub: '1001' }, 'c', running),
    ).toMatchObject({ ok: true });
  });

  it('asks userinfo only when the id_token lacks the profile, and only trusts the same sub', async () => {
    const noProfile = { verifyIdToken: async () => claims({ email: undefined, name: undefined }) };
    const filled = deps(noProfile);
    expect(await exchangeCode(filled.deps, init, 'c', running)).toMatchObject({
      ok: true,
      signIn: { email: 'info@example.com', name: 'From Userinfo' },
    });
    const foreign = deps({
      ...noProfile,
      requestUserInfo: async () => ({ sub: '9999', email: 'mallory@example.com' }),
    });
    expect(await exchangeCode(foreign.deps, init, 'c', running)).toMatchObject({
      ok: false,
      result: { code: 'SIGN_IN_FAILED', message: expect.stringContaining('email address') },
    });
  });

  it('logs a userinfo answer for another subject as what it is, not as "unavailable"', async () => {
    const foreign = deps({
      verifyIdToken: async () => claims({ name: undefined }),
      requestUserInfo: async () => ({ sub: '9999', email: 'mallory@example.com', name: 'Mallory' }),
    });
    const outcome = await exchangeCode(foreign.deps, init, 'c', running);
    // The id_token's email stands; nothing from the other subject's profile is taken.
    expect(outcome).toMatchObject({ ok: true, signIn: { email: 'ada@example.com' } });
    expect(outcome.ok && outcome.signIn.name).toBeUndefined();
    expect(foreign.lines.filter((line) => line.startsWith('userinfo'))).toEqual([
      'userinfo answered for another subject; its profile is not used {}',
    ]);
    const down = deps({
      verifyIdToken: async () => claims({ name: undefined }),
      requestUserInfo: async () => Promise.reject(new HttpStatusError(503, null)),
    });
    await exchangeCode(down.deps, init, 'c', running);
    expect(down.lines.filter((line) => line.startsWith('userinfo'))).toEqual([
      'userinfo unavailable {"problem":"oauth"}',
    ]);
  });

  it('a sign-in with a login hint that comes back as another account is refused, naming both', async () => {
    const hinted = { ...init, loginHint: 'Grace@Example.com' };
    const { deps: d, lines } = deps();
    const outcome = await exchangeCode(d, hinted, 'c', running);
    expect(outcome).toMatchObject({
      ok: false,
      result: {
        code: 'SIGN_IN_FAILED',
        message: expect.stringMatching(
          /^You signed in as ada@example\.com, not Grace@Example\.com, so Latchkey did not sign you in\./,
        ),
      },
    });
    expect(lines).toContain('signed in as another account than the login hint {}');
    // The same account (email compared without case, or the hint as a sub) signs in.
    const same = deps();
    expect(
      await exchangeCode(same.deps, { ...init, loginHint: 'ADA@example.com' }, 'c', running),
    ).toMatchObject({ ok: true, signIn: { sub: '1001' } });
    expect(
      await exchangeCode(same.deps, { ...init, loginHint: '1001' }, 'c', running),
    ).toMatchObject({ ok: true });
    expect(
      await exchangeCode(same.deps, { ...init, loginHint: '2002' }, 'c', running),
    ).toMatchObject({ ok: false, result: { code: 'SIGN_IN_FAILED' } });
  });

  it('refuses consent given by another account than the expected one, naming the right one', async () => {
    const { deps: d } = deps();
    const outcome = await exchangeCode(
      d,
      { ...init, purpose: 'connect', expectedSub: '2002' },
      'c',
      running,
    );
    expect(outcome).toMatchObject({
      ok: false,
      result: { code: 'SIGN_IN_FAILED', message: expect.stringContaining('grace@example.com') },
    });
  });

  it('maps failures: token endpoint 5xx → NETWORK, 400 → SIGN_IN_FAILED, keys down → NETWORK', async () => {
    const at = async (overrides: Partial<ExchangeDeps>) =>
      exchangeCode(deps(overrides).deps, init, 'c', running);
    expect(
      await at({ requestTokens: async () => Promise.reject(new HttpStatusError(503, null)) }),
    ).toMatchObject({ ok: false, result: { code: 'NETWORK' } });
    expect(
      await at({
        requestTokens: async () =>
          Promise.reject(new HttpStatusError(400, { error: 'invalid_grant' })),
      }),
    ).toMatchObject({ ok: false, result: { code: 'SIGN_IN_FAILED' } });
    expect(
      await at({ verifyIdToken: async () => Promise.reject(new IdTokenError('keys-unavailable')) }),
    ).toMatchObject({ ok: false, result: { code: 'NETWORK' } });
    expect(
      await at({ verifyIdToken: async () => Promise.reject(new IdTokenError('nonce')) }),
    ).toMatchObject({
      ok: false,
      result: { code: 'SIGN_IN_FAILED', message: expect.stringContaining('verified') },
    });
    expect(await at({ requestTokens: async () => tokenAnswer() })).toMatchObject({
      ok: false,
      result: { code: 'SIGN_IN_FAILED' },
    });
    expect(await at({ requestTokens: async () => ({ access_token: 'x' }) })).toMatchObject({
      ok: false,
      result: { code: 'SIGN_IN_FAILED' },
    });
  });

  it('a flow that ended during the exchange keeps its outcome; the id_token is not even checked', async () => {
    const { deps: d, calls } = deps();
    const cancelled: FlowResult = {
      ok: false,
      code: 'CANCELLED',
      message: 'Sign-in was cancelled.',
    };
    expect(await exchangeCode(d, init, 'c', () => cancelled)).toEqual({
      ok: false,
      result: cancelled,
    });
    expect(calls.some((c) => c.startsWith('verify'))).toBe(false);
  });

  it('logs no token or code', async () => {
    const { deps: d, lines } = deps({
      verifyIdToken: async () => Promise.reject(new IdTokenError('signature')),
    });
    await exchangeCode(d, init, '4/secret-code', running);
    const log = lines.join('\n');
    expect(log).toContain('"problem":"signature"');
    expect(log).not.toMatch(/4\/secret-code|ya29|1\/\/unit/);
  });
});

/** The message of a failed exchange ('' when it succeeded). */
function messageOf(outcome: Awaited<ReturnType<typeof exchangeCode>>): string {
  return !outcome.ok && !outcome.result.ok ? outcome.result.message : '';
}

describe('exchangeCode and DPoP', () => {
  const refusedBy =
    (body: Record<string, unknown>, status = 400) =>
    async () => {
      throw new HttpStatusError(status, body);
    };

  it('a refused proof (invalid_dpop_proof) is told in one sentence and reported once', async () => {
    let reported = 0;
    const { deps: d, calls } = deps({
      requestTokens: refusedBy({ error: 'invalid_dpop_proof', error_description: 'bad proof' }),
      onDpopRefused: () => (reported += 1),
    });
    const outcome = await exchangeCode(d, init, 'code-1', running);
    expect(outcome).toEqual({
      ok: false,
      result: { ok: false, code: 'SIGN_IN_FAILED', message: MESSAGES.dpopRefused },
    });
    expect(MESSAGES.dpopRefused.split('. ')).toHaveLength(1);
    expect(reported).toBe(1);
    expect(calls.filter((c) => c.startsWith('verify'))).toEqual([]);
  });

  it('an error that names DPoP in its description counts as a refusal too', async () => {
    let reported = 0;
    const { deps: d } = deps({
      requestTokens: refusedBy({
        error: 'invalid_request',
        error_description: 'DPoP is not supported for this client',
      }),
      onDpopRefused: () => (reported += 1),
    });
    const outcome = await exchangeCode(d, init, 'code-1', running);
    expect(messageOf(outcome)).toBe(MESSAGES.dpopRefused);
    expect(reported).toBe(1);
  });

  it('without a proof sent (no onDpopRefused), or for other errors, nothing is remembered', async () => {
    const noProof = deps({ requestTokens: refusedBy({ error: 'invalid_dpop_proof' }) });
    const outcome = await exchangeCode(noProof.deps, init, 'c', running);
    expect(messageOf(outcome)).toBe(MESSAGES.failed);
    let reported = 0;
    const other = deps({
      requestTokens: refusedBy({ error: 'invalid_grant' }),
      onDpopRefused: () => (reported += 1),
    });
    const second = await exchangeCode(other.deps, init, 'c', running);
    expect(messageOf(second)).toBe(MESSAGES.failed);
    expect(reported).toBe(0);
  });

  it('token_type DPoP (access tokens bound too) is refused with a message naming DPoP and the switch', async () => {
    const { deps: d, calls } = deps({
      requestTokens: async () => tokenAnswer({ token_type: 'DPoP', id_token: 'h.p.s' }),
    });
    const outcome = await exchangeCode(d, init, 'code-1', running);
    expect(outcome.ok).toBe(false);
    const message = messageOf(outcome);
    expect(message).toBe(MESSAGES.dpopAccessTokens);
    expect(message).toContain('DPoP');
    expect(message).toContain('LATCHKEY_DPOP=off');
    expect(message).not.toBe(MESSAGES.failed);
    expect(calls.filter((c) => c.startsWith('verify'))).toEqual([]);
  });
});
