/**
 * DPoP (RFC 9449): the per-account key pair that binds a refresh token to this computer, and the
 * proofs sent in the `DPoP` header of every request to the token endpoint (the code exchange and
 * each refresh), as Google's "DPoP Adoption Guide" asks. Access tokens for Google APIs stay
 * Bearer; the revocation endpoint is not the token endpoint and takes no proof.
 *
 * The key is an ES256 (P-256) pair made with Node's crypto at sign-in; its private JWK is kept in
 * the keychain entry next to the refresh token (main/vault/envelope.ts, version 2). A proof carries
 * the public key only. Neither the key nor a proof is ever logged.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { FormAnswer, FormPost } from '../issuer/form-post.ts';
import type { Clock } from '../types.ts';

/** The private key as stored in the keychain (JWK, `d` included). */
export interface DpopPrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

/** The public half, as it goes into a proof's `jwk` header. */
export interface DpopPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** An account's DPoP key, ready to sign. Holds a private key: never logged, never sent. */
export interface DpopKey {
  readonly privateKey: KeyObject;
  readonly publicJwk: DpopPublicJwk;
  /** What the keychain keeps. */
  readonly jwk: DpopPrivateJwk;
}

/** Base64url of 32 bytes (a P-256 coordinate or scalar): 43 characters. */
const COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** A fresh ES256 key pair (P-256), made with Node's crypto. */
export function generateDpopKey(): DpopKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as Record<string, string>;
  return keyFrom(privateKey, jwk);
}

function keyFrom(privateKey: KeyObject, jwk: Record<string, unknown>): DpopKey {
  const stored: DpopPrivateJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: String(jwk.x),
    y: String(jwk.y),
    d: String(jwk.d),
  };
  return {
    privateKey,
    jwk: stored,
    publicJwk: { kty: 'EC', crv: 'P-256', x: stored.x, y: stored.y },
  };
}

/** Whether `value` has the shape of a stored P-256 private JWK (not whether it is a valid key). */
export function isDpopPrivateJwk(value: unknown): value is DpopPrivateJwk {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    [jwk.x, jwk.y, jwk.d].every((part) => typeof part === 'string' && COORDINATE.test(part))
  );
}

/**
 * The key of a stored JWK, or null when it is unusable (wrong shape, not a point on the curve, or
 * a public key that does not belong to the private one).
 */
export function dpopKeyFromJwk(value: unknown): DpopKey | null {
  if (!isDpopPrivateJwk(value)) return null;
  try {
    const privateKey = createPrivateKey({ key: { ...value }, format: 'jwk' });
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: value.x, y: value.y },
      format: 'jwk',
    });
    // The import checks the point is on the curve, not that it belongs to `d`: a signature does.
    // i18n-ignore: bytes to sign, not words
    const probe = Buffer.from('latchkey dpop key check');
    if (!verify('sha256', probe, publicKey, sign('sha256', probe, privateKey))) return null;
    return keyFrom(privateKey, { ...value });
  } catch {
    return null;
  }
}

/** RFC 7638 thumbprint of the public key (what a server binds the refresh token to). */
export function dpopThumbprint(key: DpopKey): Promise<string> {
  return calculateJwkThumbprint(key.publicJwk, 'sha256');
}

/** `htu`: the request URI without query and fragment (RFC 9449 §4.2). */
export function htuOf(url: string): string {
  const target = new URL(url);
  target.search = '';
  target.hash = '';
  target.username = '';
  target.password = '';
  return target.href;
}

export interface ProofRequest {
  /** HTTP method, e.g. `POST`. */
  htm: string;
  /** The request URL (query and fragment are dropped). */
  url: string;
  /** The server's latest `DPoP-Nonce`, when it gave one. */
  nonce?: string;
  /** The proof's `jti`; default 128 random bits. The code exchange's is {@link exchangeJti}. */
  jti?: string;
}

/**
 * The `jti` of the code exchange's proof, as Google's installed-app guide builds it from the
 * authorization code: the base64url-encoded SHA-256 of the code. Unique per code, as a `jti`
 * must be; the code itself never goes into the proof.
 */
export function exchangeJti(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

const base64urlJson = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A DPoP proof JWT (RFC 9449 §4): header `typ: dpop+jwt`, `alg: ES256`, the public `jwk`; claims
 * `jti` (given, else 128 random bits), `htm`, `htu`, `iat` from `clock`, and `nonce` when given.
 * Signed synchronously with node:crypto (ES256 = ECDSA P-256 over SHA-256, the signature as
 * r‖s, RFC 7518 §3.4): no WebCrypto round trip on the sign-in's critical path.
 */
export function createDpopProof(key: DpopKey, request: ProofRequest, clock: Clock): string {
  const claims: Record<string, string | number> = {
    jti: request.jti ?? randomBytes(16).toString('base64url'),
    htm: request.htm,
    htu: htuOf(request.url),
    iat: Math.floor(clock.now() / 1000),
  };
  if (request.nonce) claims.nonce = request.nonce;
  const signingInput = `${base64urlJson({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })}.${base64urlJson(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: key.privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/**
 * The latest `DPoP-Nonce` each server gave (by origin), from any answer — a challenge or a
 * success — shared by every account of the core, so the next proof to that server carries the
 * newest nonce: a server that hands out a fresh one with every answer costs one `use_dpop_nonce`
 * challenge per process, not one per request (RFC 9449 §8).
 */
export class DpopNonces {
  readonly #byOrigin = new Map<string, string>();
  get(url: string): string | undefined {
    return this.#byOrigin.get(new URL(url).origin);
  }
  note(url: string, answer: FormAnswer): void {
    const nonce = answer.headers?.['dpop-nonce'];
    // A nonce is an opaque token of unreserved characters (RFC 9449 §8.1); anything else is ignored.
    if (nonce && /^[\x21-\x7e]{1,512}$/.test(nonce)) this.#byOrigin.set(new URL(url).origin, nonce);
  }
}

/** The OAuth `error` of a JSON error body, or null. */
function oauthError(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: unknown } | null;
    return typeof body?.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

export interface DpopPostOptions {
  key: DpopKey;
  clock: Clock;
  nonces: DpopNonces;
  /** The `jti` of every proof of this post (the code exchange's, {@link exchangeJti}); else random. */
  jti?: string;
}

/**
 * `post` with a fresh DPoP proof in the `DPoP` header of every request. When the server answers
 * `use_dpop_nonce` with a `DPoP-Nonce` header, the request is sent once more with a new proof that
 * carries the nonce (once only: a second demand is the answer). This holds for the code exchange
 * too, which is otherwise never resent: the server checks the proof before it looks at the code
 * (RFC 9449 §8), so a nonce challenge leaves the code unused — and its second proof keeps the
 * same `jti` (the code's hash), which the server has not recorded for a refused proof.
 */
export function dpopFormPost(post: FormPost, options: DpopPostOptions): FormPost {
  const { key, clock, nonces, jti } = options;
  return async (url, form, limits) => {
    const send = async (): Promise<FormAnswer> => {
      const nonce = nonces.get(url);
      const proof = createDpopProof(
        key,
        { htm: 'POST', url, ...(nonce ? { nonce } : {}), ...(jti ? { jti } : {}) },
        clock,
      );
      const answer = await post(url, form, limits, { DPoP: proof });
      nonces.note(url, answer);
      return answer;
    };
    const answer = await send();
    if (
      answer.status === 400 &&
      answer.headers?.['dpop-nonce'] &&
      oauthError(answer.text) === 'use_dpop_nonce'
    ) {
      return send();
    }
    return answer;
  };
}
