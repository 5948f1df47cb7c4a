/**
 * DPoP proofs (RFC 9449 §4) and the post that sends them: header and claims, a signature that
 * verifies with the public key in the header, unique `jti`, `htu` without query or fragment, `iat`
 * from the core's clock, the nonce challenge answered once; stored keys that are unusable refused.
 */
import { decodeProtectedHeader, importJWK, jwtVerify, calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createDpopProof,
  dpopFormPost,
  dpopKeyFromJwk,
  DpopNonces,
  dpopThumbprint,
  exchangeJti,
  generateDpopKey,
  htuOf,
} from '../../../../main/auth/tokens/dpop.ts';
import { requestDpopRefresh } from '../../../../main/auth/tokens/dpop-refresh.ts';
import type { FormAnswer, FormPost } from '../../../../main/auth/issuer/form-post.ts';
import { classifyHttpError } from '../../../../main/auth/issuer/http.ts';
import { fakeClock } from '../fakes.ts';

const TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** A FormPost that records each request's DPoP header and answers from a script. */
function scriptedPost(answers: FormAnswer[]): FormPost & { proofs: string[]; forms: string[] } {
  const proofs: string[] = [];
  const forms: string[] = [];
  const post = (async (_url, form, _limits, headers) => {
    proofs.push(headers?.DPoP ?? '');
    forms.push(form.toString());
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    return answer;
  }) as FormPost & { proofs: string[]; forms: string[] };
  post.proofs = proofs;
  post.forms = forms;
  return post;
}

const ok: FormAnswer = {
  status: 200,
  text: JSON.stringify({ access_token: 'ya29.a', token_type: 'Bearer', expires_in: 3600 }),
};

describe('DPoP proof', () => {
  it('has the RFC 9449 header and claims, and verifies with the public key it carries', async () => {
    const key = generateDpopKey();
    const clock = fakeClock(Date.UTC(2026, 5, 1, 12, 0, 0));
    const proof = await createDpopProof(
      key,
      { htm: 'POST', url: `${TOKEN_URL}?x=1#frag`, nonce: 'server-nonce' },
      clock,
    );
    const header = decodeProtectedHeader(proof);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk });
    // The public key only: never the private scalar.
    expect(Object.keys(header.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);

    const { payload } = await jwtVerify(proof, await importJWK(header.jwk!, 'ES256'), {
      typ: 'dpop+jwt',
      algorithms: ['ES256'],
      currentDate: new Date(clock.now()),
    });
    expect(payload).toEqual({
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      htm: 'POST',
      htu: TOKEN_URL,
      iat: Date.UTC(2026, 5, 1, 12, 0, 0) / 1000,
      nonce: 'server-nonce',
    });
    expect(await dpopThumbprint(key)).toBe(await calculateJwkThumbprint(key.publicJwk));
  });

  it('gets a new jti every time, and no nonce claim unless one is given', async () => {
    const key = generateDpopKey();
    const clock = fakeClock();
    const proofs = await Promise.all(
      Array.from({ length: 20 }, () =>
        createDpopProof(key, { htm: 'POST', url: TOKEN_URL }, clock),
      ),
    );
    const payloads = proofs.map(
      (proof) => JSON.parse(Buffer.from(proof.split('.')[1]!, 'base64url').toString()) as never,
    ) as Array<Record<string, unknown>>;
    expect(new Set(payloads.map((p) => p.jti)).size).toBe(20);
    expect(payloads.every((p) => !('nonce' in p))).toBe(true);
  });

  it('does not verify with another key', async () => {
    const key = generateDpopKey();
    const other = generateDpopKey();
    const proof = await createDpopProof(key, { htm: 'POST', url: TOKEN_URL }, fakeClock());
    await expect(jwtVerify(proof, await importJWK(other.publicJwk, 'ES256'))).rejects.toThrow();
  });

  it('htu drops query, fragment and credentials', () => {
    expect(htuOf('https://u:p@oauth2.googleapis.com/token?a=1#b')).toBe(TOKEN_URL);
    expect(htuOf('http://127.0.0.1:4000/token')).toBe('http://127.0.0.1:4000/token');
  });
});

describe('stored DPoP keys', () => {
  it('round-trip through the JWK the keychain keeps', async () => {
    const key = generateDpopKey();
    expect(Object.keys(key.jwk).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y']);
    const restored = dpopKeyFromJwk(JSON.parse(JSON.stringify(key.jwk)));
    expect(restored?.publicJwk).toEqual(key.publicJwk);
    const proof = await createDpopProof(restored!, { htm: 'POST', url: TOKEN_URL }, fakeClock());
    await expect(jwtVerify(proof, await importJWK(key.publicJwk, 'ES256'))).resolves.toBeTruthy();
  });

  it('are refused when damaged: wrong shape, off the curve, or a private key of another pair', () => {
    const key = generateDpopKey();
    const other = generateDpopKey();
    expect(dpopKeyFromJwk(undefined)).toBeNull();
    expect(dpopKeyFromJwk('a key')).toBeNull();
    expect(dpopKeyFromJwk({ ...key.jwk, d: undefined })).toBeNull();
    expect(dpopKeyFromJwk({ ...key.jwk, crv: 'P-384' })).toBeNull();
    expect(dpopKeyFromJwk({ ...key.jwk, x: other.jwk.x })).toBeNull();
    expect(dpopKeyFromJwk({ ...key.jwk, d: other.jwk.d })).toBeNull();
  });
});

describe('dpopFormPost', () => {
  it('sends a fresh proof on each request', async () => {
    const key = generateDpopKey();
    const post = scriptedPost([ok, ok]);
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces() });
    await send(TOKEN_URL, new URLSearchParams({ a: '1' }), { timeoutMs: 1000, maxBytes: 1000 });
    await send(TOKEN_URL, new URLSearchParams({ a: '1' }), { timeoutMs: 1000, maxBytes: 1000 });
    expect(post.proofs).toHaveLength(2);
    expect(post.proofs[0]).not.toBe(post.proofs[1]);
  });

  it('answers use_dpop_nonce once with the server nonce, and keeps it for later requests', async () => {
    const key = generateDpopKey();
    const challenge: FormAnswer = {
      status: 400,
      text: JSON.stringify({ error: 'use_dpop_nonce' }),
      headers: { 'dpop-nonce': 'n-1' },
    };
    const post = scriptedPost([challenge, { ...ok, headers: { 'dpop-nonce': 'n-2' } }, ok]);
    const nonces = new DpopNonces();
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces });
    const limits = { timeoutMs: 1000, maxBytes: 1000 };
    expect((await send(TOKEN_URL, new URLSearchParams(), limits)).status).toBe(200);
    await send(TOKEN_URL, new URLSearchParams(), limits);
    const nonceOf = (proof: string | undefined) =>
      (JSON.parse(Buffer.from(proof!.split('.')[1]!, 'base64url').toString()) as { nonce?: string })
        .nonce;
    expect(post.proofs.map(nonceOf)).toEqual([undefined, 'n-1', 'n-2']);
  });

  it('retries a nonce challenge only once', async () => {
    const key = generateDpopKey();
    const challenge: FormAnswer = {
      status: 400,
      text: JSON.stringify({ error: 'use_dpop_nonce' }),
      headers: { 'dpop-nonce': 'n' },
    };
    const post = scriptedPost([challenge, challenge, ok]);
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces() });
    const answer = await send(TOKEN_URL, new URLSearchParams(), { timeoutMs: 1, maxBytes: 1 });
    expect(answer.status).toBe(400);
    expect(post.proofs).toHaveLength(2);
  });

  it('does not retry other errors, nor a use_dpop_nonce without a nonce', async () => {
    const key = generateDpopKey();
    const post = scriptedPost([
      { status: 400, text: JSON.stringify({ error: 'invalid_dpop_proof' }) },
      { status: 400, text: JSON.stringify({ error: 'use_dpop_nonce' }) },
    ]);
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces() });
    const limits = { timeoutMs: 1, maxBytes: 1 };
    expect((await send(TOKEN_URL, new URLSearchParams(), limits)).status).toBe(400);
    expect((await send(TOKEN_URL, new URLSearchParams(), limits)).status).toBe(400);
    expect(post.proofs).toHaveLength(2);
  });
});

/** The claims of a proof (unverified; the signature is checked elsewhere). */
const claimsOf = (proof: string | undefined) =>
  JSON.parse(Buffer.from(proof!.split('.')[1]!, 'base64url').toString()) as {
    jti: string;
    nonce?: string;
  };

describe('the code exchange proof (Google: built from the code)', () => {
  it('jti is the base64url SHA-256 of the code, on the first proof and on a nonce retry', async () => {
    // A known vector: SHA-256("abc"), base64url without padding.
    expect(exchangeJti('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
    const key = generateDpopKey();
    const challenge: FormAnswer = {
      status: 400,
      text: JSON.stringify({ error: 'use_dpop_nonce' }),
      headers: { 'dpop-nonce': 'n-1' },
    };
    const post = scriptedPost([challenge, ok]);
    const jti = exchangeJti('4/0A-code');
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces(), jti });
    await send(TOKEN_URL, new URLSearchParams(), { timeoutMs: 1000, maxBytes: 1000 });
    expect(post.proofs.map((proof) => claimsOf(proof).jti)).toEqual([jti, jti]);
    // The code itself is not in the proof.
    expect(post.proofs.join('')).not.toContain('4/0A-code');
  });

  it('refresh proofs keep a random jti', async () => {
    const key = generateDpopKey();
    const post = scriptedPost([ok, ok]);
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces() });
    await send(TOKEN_URL, new URLSearchParams(), { timeoutMs: 1000, maxBytes: 1000 });
    await send(TOKEN_URL, new URLSearchParams(), { timeoutMs: 1000, maxBytes: 1000 });
    const [first, second] = post.proofs.map((proof) => claimsOf(proof).jti);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(first).not.toBe(second);
  });
});

describe('nonces from every answer', () => {
  it('a server with a fresh nonce in every answer costs one challenge over many requests', async () => {
    const key = generateDpopKey();
    // The server: accepts only the nonce of its latest answer, and hands out a new one each time.
    let latest = 'n-0';
    let count = 0;
    let challenges = 0;
    const post: FormPost = async (_url, _form, _limits, headers) => {
      const { nonce } = claimsOf(headers?.DPoP);
      const accepted = nonce === latest;
      latest = `n-${(count += 1)}`;
      if (!accepted) {
        challenges += 1;
        return {
          status: 400,
          text: JSON.stringify({ error: 'use_dpop_nonce' }),
          headers: { 'dpop-nonce': latest },
        };
      }
      return { ...ok, headers: { 'dpop-nonce': latest } };
    };
    const send = dpopFormPost(post, { key, clock: fakeClock(), nonces: new DpopNonces() });
    for (let i = 0; i < 20; i += 1) {
      const answer = await send(TOKEN_URL, new URLSearchParams(), { timeoutMs: 1, maxBytes: 1 });
      expect(answer.status).toBe(200);
    }
    expect(challenges).toBe(1);
  });
});

describe('requestDpopRefresh', () => {
  const request = {
    tokenUrl: TOKEN_URL,
    clientId: 'c',
    clientSecret: 's',
    refreshToken: '1//r',
    timeoutMs: 1000,
  };

  it('posts the refresh_token grant and parses the answer', async () => {
    const post = scriptedPost([ok]);
    await expect(requestDpopRefresh(post, request)).resolves.toMatchObject({
      access_token: 'ya29.a',
    });
    const form = new URLSearchParams(post.forms[0]);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '1//r',
      client_id: 'c',
      client_secret: 's',
    });
  });

  it('a refused key is invalid_grant, as classifyHttpError reads it', async () => {
    const post = scriptedPost([{ status: 400, text: JSON.stringify({ error: 'invalid_grant' }) }]);
    const error = await requestDpopRefresh(post, request).catch((e: unknown) => e);
    expect(classifyHttpError(error)).toEqual({
      kind: 'oauth',
      status: 400,
      error: 'invalid_grant',
    });
  });

  it('retries a 5xx with a new proof (never the same one twice)', async () => {
    const key = generateDpopKey();
    const inner = scriptedPost([{ status: 503, text: '' }, ok]);
    const post = dpopFormPost(inner, { key, clock: fakeClock(), nonces: new DpopNonces() });
    await expect(requestDpopRefresh(post, request)).resolves.toBeTruthy();
    expect(inner.proofs).toHaveLength(2);
    expect(inner.proofs[0]).not.toBe(inner.proofs[1]);
  });
});
