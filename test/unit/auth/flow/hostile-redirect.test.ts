/**
 * The redirect check (a pure function) under the same generated near misses as the deep-link
 * integration suite, many more of them, for both receivers: the custom scheme and the loopback
 * redirect URI. Only the genuine answer yields a code; every near miss is refused before the
 * `iss` and `error` checks could end the flow.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRedirect, type RedirectContext } from '../../../../main/auth/flow/redirect.ts';
import { hostileRedirects } from '../../../helpers/hostile-redirects.ts';

const ISSUER = 'https://accounts.google.com';
const RUNS = 30_000;
const SEED = 0x7e57;

describe.each([
  ['custom scheme', 'com.googleusercontent.apps.100000000002-latchkeydemoios:/oauth2redirect'],
  ['loopback', 'http://127.0.0.1:49152/oauth2/callback'],
])('%s redirect near misses', (name, redirectUri) => {
  it(`${RUNS} generated near misses are refused; the genuine one yields the code`, () => {
    const state = randomBytes(32).toString('base64url');
    const code = `4/0A${randomBytes(40).toString('base64url')}`;
    const genuine =
      `${redirectUri}?state=${state}&code=${encodeURIComponent(code)}` +
      `&scope=openid%20email%20profile&iss=${encodeURIComponent(ISSUER)}`;
    const context: RedirectContext = {
      flow: { redirectUri, state, waiting: true },
      staticRedirectUri: redirectUri.startsWith('http') ? null : redirectUri,
      issuer: ISSUER,
      ended: () => undefined,
    };
    expect(checkRedirect(genuine, context)).toEqual({ kind: 'code', code });
    let n = 0;
    fc.assert(
      fc.property(hostileRedirects({ genuine, state, issuer: ISSUER }), (hostile) => {
        n += 1;
        const verdict = checkRedirect(hostile.url, context);
        expect(verdict.kind, hostile.url.slice(0, 200)).toBe('reject');
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`redirect check (${name}): ${n} generated redirects rejected`);
    // 30,000 generated URLs: a time limit for a loaded machine, not a speed target.
  }, 120_000);
});
