/**
 * PKCE (RFC 7636, S256 only) and the other per-flow random values: `state` (CSRF, binds the
 * redirect to this flow) and `nonce` (binds the id_token to this flow).
 */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes → 43 base64url characters: the shortest verifier RFC 7636 allows, 256 bits. */
const VERIFIER_BYTES = 32;
/** 32 bytes (256 bits) for state and nonce: well above the 128 bits required. */
const STATE_BYTES = 32;

/** RFC 7636 §4.1: 43–128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** `BASE64URL(SHA256(ASCII(verifier)))` without padding. */
export function challengeFor(verifier: string): string {
  if (!VERIFIER_PATTERN.test(verifier)) throw new RangeError('invalid PKCE code verifier');
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** A fresh verifier and its S256 challenge. */
export function createPkce(bytes = VERIFIER_BYTES): Pkce {
  // 32..96 random bytes encode to 43..128 characters, the range RFC 7636 allows.
  if (!Number.isInteger(bytes) || bytes < 32 || bytes > 96) throw new RangeError('32–96 bytes');
  const verifier = randomBytes(bytes).toString('base64url');
  return { verifier, challenge: challengeFor(verifier), method: 'S256' };
}

/** A fresh `state` value (256 bits, base64url). */
export function createState(): string {
  return randomBytes(STATE_BYTES).toString('base64url');
}

/** A fresh OpenID Connect `nonce` (256 bits, base64url). */
export function createNonce(): string {
  return randomBytes(STATE_BYTES).toString('base64url');
}
