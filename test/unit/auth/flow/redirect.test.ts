import fc from 'fast-check';
import { MESSAGES } from '../../../../main/auth/errors.ts';
import { describe, expect, it } from 'vitest';
import {
  checkRedirect,
  MAX_REDIRECT_LENGTH,
  sameState,
  type RedirectContext,
} from '../../../../main/auth/flow/redirect.ts';

const ISSUER = 'https://accounts.google.com';
const STATE = 'S'.repeat(43);
const LOOPBACK = 'http://127.0.0.1:49152/oauth2/callback';
const SCHEME = 'com.googleusercontent.apps.123-abc:/oauth2redirect';

function context(overrides: Partial<RedirectContext> = {}): RedirectContext {
  return {
    flow: { redirectUri: LOOPBACK, state: STATE, waiting: true },
    staticRedirectUri: null,
    issuer: ISSUER,
    ended: () => undefined,
    ...overrides,
  };
}

const good = `${LOOPBACK}?state=${STATE}&code=4%2F0Acode&scope=openid&iss=${encodeURIComponent(ISSUER)}`;

describe('checkRedirect', () => {
  it('accepts the genuine answer and returns the code', () => {
    expect(checkRedirect(good, context())).toEqual({ kind: 'code', code: '4/0Acode' });
    // iss is optional (RFC 9207: checked when present).
    expect(checkRedirect(`${LOOPBACK}?state=${STATE}&code=abc`, context())).toEqual({
      kind: 'code',
      code: 'abc',
    });
  });

  it('accepts the custom-scheme form and nothing that only resembles it', () => {
    const ctx = context({ flow: { redirectUri: SCHEME, state: STATE, waiting: true } });
    expect(checkRedirect(`${SCHEME}?state=${STATE}&code=c`, ctx).kind).toBe('code');
    for (const url of [
      `com.googleusercontent.apps.123-abc://oauth2redirect?state=${STATE}&code=c`,
      `com.googleusercontent.apps.123-abc:/oauth2redirect/?state=${STATE}&code=c`,
      `com.googleusercontent.apps.123-abc:/OAUTH2REDIRECT?state=${STATE}&code=c`,
      `com.googleusercontent.apps.123-abd:/oauth2redirect?state=${STATE}&code=c`,
      `com.googleusercontent.apps.123-abc:/oauth2%72edirect?state=${STATE}&code=c`,
      `https://evil.example/oauth2redirect?state=${STATE}&code=c`,
    ]) {
      expect(checkRedirect(url, ctx), url).toEqual({ kind: 'reject', reason: 'wrong-target' });
    }
  });

  it('rejects another port, host, path or scheme on loopback', () => {
    for (const url of [
      `http://127.0.0.1:49153/oauth2/callback?state=${STATE}&code=c`,
      `http://localhost:49152/oauth2/callback?state=${STATE}&code=c`,
      `http://127.0.0.1:49152/oauth2/callback/x?state=${STATE}&code=c`,
      `https://127.0.0.1:49152/oauth2/callback?state=${STATE}&code=c`,
      `http://user:pw@127.0.0.1:49152/oauth2/callback?state=${STATE}&code=c`,
    ]) {
      expect(checkRedirect(url, context()), url).toEqual({
        kind: 'reject',
        reason: 'wrong-target',
      });
    }
  });

  it('rejects a wrong, missing, unknown, replayed or expired state without touching the flow', () => {
    expect(checkRedirect(`${LOOPBACK}?state=${'X'.repeat(43)}&code=c`, context())).toEqual({
      kind: 'reject',
      reason: 'unknown-state',
    });
    expect(checkRedirect(`${LOOPBACK}?code=c`, context())).toEqual({
      kind: 'reject',
      reason: 'missing-state',
    });
    const ended = (s: string) => (s === 'old' ? 'replayed' : s === 'late' ? 'expired' : undefined);
    expect(checkRedirect(`${LOOPBACK}?state=old&code=c`, context({ ended }))).toEqual({
      kind: 'reject',
      reason: 'replayed',
    });
    expect(checkRedirect(`${LOOPBACK}?state=late&code=c`, context({ ended }))).toEqual({
      kind: 'reject',
      reason: 'expired',
    });
    // The live flow already took its redirect: a second copy is a replay.
    expect(
      checkRedirect(
        good,
        context({ flow: { redirectUri: LOOPBACK, state: STATE, waiting: false } }),
      ),
    ).toEqual({ kind: 'reject', reason: 'replayed' });
    // No flow at all (custom scheme receiver, flow over).
    expect(
      checkRedirect(
        `${SCHEME}?state=${STATE}&code=c`,
        context({ flow: null, staticRedirectUri: SCHEME }),
      ),
    ).toEqual({ kind: 'reject', reason: 'no-pending-flow' });
    expect(checkRedirect(good, context({ flow: null }))).toEqual({
      kind: 'reject',
      reason: 'no-pending-flow',
    });
  });

  it('an error with the right state ends the flow; access_denied is CONSENT_DENIED', () => {
    const denied = checkRedirect(`${LOOPBACK}?error=access_denied&state=${STATE}`, context());
    expect(denied).toMatchObject({ kind: 'fail', reason: 'access-denied', code: 'CONSENT_DENIED' });
    const other = checkRedirect(
      `${LOOPBACK}?error=server_error&error_description=%3Cscript%3E&state=${STATE}`,
      context(),
    );
    expect(other).toMatchObject({
      kind: 'fail',
      reason: 'authorization-error',
      code: 'SIGN_IN_FAILED',
    });
    // A Workspace administrator's policy (admin_policy_enforced) is said in plain words.
    const admin = checkRedirect(
      `${LOOPBACK}?error=admin_policy_enforced&state=${STATE}`,
      context(),
    );
    expect(admin).toMatchObject({ kind: 'fail', message: MESSAGES.adminPolicySignIn });
    // The description is never echoed; an odd error value is not either.
    expect(JSON.stringify(other)).not.toContain('script');
    const odd = checkRedirect(`${LOOPBACK}?error=%3Cb%3Ex&state=${STATE}`, context());
    expect(JSON.stringify(odd)).not.toContain('<b>');
    // An error with a forged state ends nothing.
    expect(checkRedirect(`${LOOPBACK}?error=access_denied&state=forged`, context())).toEqual({
      kind: 'reject',
      reason: 'unknown-state',
    });
  });

  it('a wrong iss with the right state is refused (RFC 9207), a right one passes', () => {
    expect(
      checkRedirect(`${LOOPBACK}?state=${STATE}&code=c&iss=https%3A%2F%2Fevil.example`, context()),
    ).toMatchObject({ kind: 'fail', reason: 'issuer-mismatch', code: 'SIGN_IN_FAILED' });
    expect(
      checkRedirect(`${LOOPBACK}?state=${STATE}&code=c&iss=accounts.google.com`, context()),
    ).toMatchObject({ kind: 'fail', reason: 'issuer-mismatch' });
  });

  it('rejects duplicates, missing code, oversized and malformed input', () => {
    expect(checkRedirect(`${good}&code=second`, context())).toEqual({
      kind: 'reject',
      reason: 'duplicate-parameter',
    });
    expect(checkRedirect(`${good}&state=${STATE}`, context())).toEqual({
      kind: 'reject',
      reason: 'duplicate-parameter',
    });
    expect(checkRedirect(`${LOOPBACK}?state=${STATE}`, context())).toEqual({
      kind: 'reject',
      reason: 'missing-code',
    });
    expect(checkRedirect(`${LOOPBACK}?state=${STATE}&code=${'a'.repeat(3000)}`, context())).toEqual(
      {
        kind: 'reject',
        reason: 'malformed',
      },
    );
    expect(checkRedirect(`${good}&pad=${'a'.repeat(MAX_REDIRECT_LENGTH)}`, context())).toEqual({
      kind: 'reject',
      reason: 'too-long',
    });
    for (const raw of ['', 'not a url', '::::', 'http://[::1', 42, null, undefined, {}]) {
      expect(checkRedirect(raw, context())).toMatchObject({ kind: 'reject' });
    }
  });

  it('never yields a code for any URL without the live state (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.webUrl({ withQueryParameters: true }),
        (s, u) => {
          for (const raw of [s, u, `${LOOPBACK}?${s}`, `${LOOPBACK}?code=x&${s}`]) {
            if (raw.includes(`state=${STATE}`)) continue;
            expect(checkRedirect(raw, context()).kind).toBe('reject');
          }
        },
      ),
    );
    // Generated inputs: a time limit for a loaded machine, not a speed target.
  }, 60_000);

  it('compares states in constant time and exactly', () => {
    expect(sameState('abc', 'abc')).toBe(true);
    expect(sameState('abc', 'abd')).toBe(false);
    expect(sameState('abc', 'abcd')).toBe(false);
  });
});
