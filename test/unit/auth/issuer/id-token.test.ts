import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acceptedIssuers,
  IdTokenError,
  JwksCache,
  verifyIdToken,
} from '../../../../main/auth/issuer/id-token.ts';

const ISSUER = 'http://127.0.0.1:4000';
const CLIENT = '100000000001-test.apps.googleusercontent.com';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

function jwk(key: KeyObject, kid: string): { kid: string; kty: string; [k: string]: unknown } {
  const exported = key.export({ format: 'jwk' });
  return { ...exported, kty: exported.kty ?? 'RSA', kid, use: 'sig', alg: 'RS256' };
}

function sign(
  payload: Record<string, unknown>,
  options: { kid?: string; key?: KeyObject; alg?: string } = {},
) {
  const header = { alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1', typ: 'JWT' };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${encode(header)}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256')
    .update(input)
    .sign(options.key ?? privateKey)
    .toString('base64url');
  return `${input}.${signature}`;
}

const now = Date.now();
const claims = {
  iss: ISSUER,
  aud: CLIENT,
  sub: '1234567890',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  nonce: 'the-nonce',
  iat: Math.floor(now / 1000) - 10,
  exp: Math.floor(now / 1000) + 3600,
};

function setup() {
  let fetches = 0;
  const keys = new JwksCache(
    async () => {
      fetches += 1;
      return { keys: [jwk(publicKey, 'k1')] };
    },
    () => Date.now(),
  );
  const verify = (idToken: string, overrides: { nonce?: string; now?: number } = {}) =>
    verifyIdToken({
      idToken,
      keys,
      clientId: CLIENT,
      issuer: ISSUER,
      nonce: overrides.nonce ?? 'the-nonce',
      now: overrides.now ?? now,
    });
  return { verify, fetches: () => fetches };
}

async function problem(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IdTokenError);
    // The message never carries the token.
    expect((error as Error).message).not.toMatch(/eyJ/);
    return (error as IdTokenError).problem;
  }
  throw new Error('expected a rejection');
}

describe('verifyIdToken', () => {
  it('accepts a token signed by the issuer for this client and nonce', async () => {
    const { verify } = setup();
    await expect(verify(sign(claims))).resolves.toMatchObject({
      sub: '1234567890',
      email: 'ada@example.com',
    });
  });

  it('refuses signature, key, algorithm, issuer, audience, time and nonce failures', async () => {
    const { verify } = setup();
    expect(await problem(verify(sign(claims, { key: other.privateKey })))).toBe('signature');
    expect(await problem(verify(sign(claims, { kid: 'unknown' })))).toBe('unknown-key');
    expect(await problem(verify(sign(claims, { alg: 'HS256' })))).toBe('algorithm');
    expect(await problem(verify(sign({ ...claims, iss: 'https://evil.example' })))).toBe('issuer');
    expect(await problem(verify(sign({ ...claims, aud: 'other-client' })))).toBe('audience');
    expect(await problem(verify(sign({ ...claims, azp: 'other-client' })))).toBe('audience');
    expect(await problem(verify(sign(claims), { now: now + 2 * 3600_000 }))).toBe('expired');
    expect(await problem(verify(sign(claims), { now: now - 3600_000 }))).toBe('not-yet-valid');
    expect(await problem(verify(sign(claims), { nonce: 'another' }))).toBe('nonce');
    const noNonce: Record<string, unknown> = { ...claims };
    delete noNonce.nonce;
    expect(await problem(verify(sign(noNonce)))).toBe('nonce');
    expect(await problem(verify('a.b'))).toBe('malformed');
    expect(await problem(verify('!!!.###.$$$'))).toBe('malformed');
    const [h, p] = sign(claims).split('.');
    expect(await problem(verify(`${h}.${p}.`))).toBe('signature');
  });

  it('allows a small clock skew only', async () => {
    const { verify } = setup();
    const expired = { ...claims, exp: Math.floor(now / 1000) - 30 };
    await expect(verify(sign(expired))).resolves.toBeTruthy();
  });

  it('refetches keys for an unknown kid at most once a minute', async () => {
    const { verify, fetches } = setup();
    await verify(sign(claims));
    expect(fetches()).toBe(1);
    await problem(verify(sign(claims, { kid: 'rotated' })));
    await problem(verify(sign(claims, { kid: 'rotated-again' })));
    expect(fetches()).toBe(1);
  });

  it('knows both forms of Google’s issuer', () => {
    expect(acceptedIssuers('https://accounts.google.com')).toEqual([
      'https://accounts.google.com',
      'accounts.google.com',
    ]);
    expect(acceptedIssuers(ISSUER)).toEqual([ISSUER]);
  });
});
