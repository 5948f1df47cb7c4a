/**
 * id_token validation (OpenID Connect Core §3.1.3.7): signature against the issuer's JWKS, `iss`,
 * `aud`/`azp`, `exp`/`iat` with a small clock skew, and the flow's `nonce`.
 *
 * The signature, issuer and audience checks are google-auth-library's
 * `verifySignedJwtWithCertsAsync`; it is fed PEM keys converted from the JWKS (in Node the library
 * itself would fetch Google's PEM endpoint, which the emulator does not serve). Its error messages
 * embed the whole token, so they are mapped to a category and dropped.
 */
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { sameState } from './redirect.ts';

/** Google's issuer appears in two forms in its id_tokens. */
export function acceptedIssuers(issuer: string): string[] {
  return issuer === 'https://accounts.google.com'
    ? ['https://accounts.google.com', 'accounts.google.com']
    : [issuer];
}

/** Why an id_token was refused (safe to log). */
export type IdTokenProblem =
  | 'malformed'
  | 'algorithm'
  | 'unknown-key'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'nonce'
  | 'keys-unavailable';

export class IdTokenError extends Error {
  readonly problem: IdTokenProblem;
  constructor(problem: IdTokenProblem) {
    super(`id_token rejected: ${problem}`);
    this.name = 'IdTokenError';
    this.problem = problem;
  }
}

export const idClaimsSchema = z.looseObject({
  iss: z.string(),
  sub: z.string().min(1).max(255),
  aud: z.union([z.string(), z.array(z.string())]),
  azp: z.string().optional(),
  exp: z.number(),
  iat: z.number(),
  nonce: z.string().optional(),
  email: z.string().max(320).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().max(500).optional(),
  picture: z.string().max(2_048).optional(),
});
export type IdClaims = z.infer<typeof idClaimsSchema>;

interface Jwk {
  kid: string;
  kty: string;
  [key: string]: unknown;
}

/**
 * The issuer's signing keys as PEM, by `kid`. Refetched when a token names an unknown key (Google
 * rotates keys), at most once a minute so a stream of bogus `kid`s cannot hammer the endpoint.
 */
export class JwksCache {
  #fetch: () => Promise<{ keys: Jwk[] }>;
  #now: () => number;
  #pems = new Map<string, string>();
  #fetchedAt = -Infinity;

  constructor(fetch: () => Promise<{ keys: Jwk[] }>, now: () => number) {
    this.#fetch = fetch;
    this.#now = now;
  }

  /** PEM keys including `kid` if the issuer has it. */
  async keysFor(kid: string): Promise<Record<string, string>> {
    if (!this.#pems.has(kid) && this.#now() - this.#fetchedAt > 60_000) {
      let jwks: { keys: Jwk[] };
      try {
        jwks = await this.#fetch();
      } catch {
        throw new IdTokenError('keys-unavailable');
      }
      this.#fetchedAt = this.#now();
      this.#pems.clear();
      for (const key of jwks.keys) {
        if (key.use !== undefined && key.use !== 'sig') continue;
        try {
          const pem = createPublicKey({ key: key as JsonWebKey, format: 'jwk' }).export({
            type: 'spki',
            format: 'pem',
          });
          this.#pems.set(key.kid, pem.toString());
        } catch {
          // A key Node cannot read is a key no token we accept can be signed with.
        }
      }
    }
    return Object.fromEntries(this.#pems);
  }
}

function decodeSegment(segment: string | undefined): unknown {
  if (!segment) throw new IdTokenError('malformed');
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new IdTokenError('malformed');
  }
}

/** Maps google-auth-library's verification errors (whose text contains the token) to a category. */
function categorize(error: unknown): IdTokenProblem {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Invalid token signature')) return 'signature';
  if (message.startsWith('No pem found')) return 'unknown-key';
  if (message.startsWith('Invalid issuer')) return 'issuer';
  if (message.startsWith('Wrong recipient')) return 'audience';
  if (message.startsWith('Token used too late') || message.startsWith('Expiration time too far')) {
    return 'expired';
  }
  if (message.startsWith('Token used too early')) return 'not-yet-valid';
  return 'malformed';
}

export interface VerifyIdTokenParams {
  idToken: string;
  /** Any OAuth2Client: its `verifySignedJwtWithCertsAsync` does the cryptography. */
  verifier: OAuth2Client;
  keys: JwksCache;
  clientId: string;
  issuer: string;
  /** The nonce sent in this flow's authorization request. */
  nonce: string;
  /** Milliseconds since the epoch. */
  now: number;
  /** Allowed clock difference, seconds (default 60). */
  skewSeconds?: number;
}

/** Verifies an id_token; returns its claims or throws {@link IdTokenError}. */
export async function verifyIdToken(params: VerifyIdTokenParams): Promise<IdClaims> {
  const skew = params.skewSeconds ?? 60;
  const segments = params.idToken.split('.');
  if (segments.length !== 3) throw new IdTokenError('malformed');
  const header = z
    .object({ alg: z.string(), kid: z.string().min(1).max(200) })
    .safeParse(decodeSegment(segments[0]));
  if (!header.success) throw new IdTokenError('malformed');
  // Google signs with RS256; 'none' and HMAC algorithms are never acceptable from an issuer.
  if (header.data.alg !== 'RS256' && header.data.alg !== 'ES256')
    throw new IdTokenError('algorithm');

  const certs = await params.keys.keysFor(header.data.kid);
  if (!(header.data.kid in certs)) throw new IdTokenError('unknown-key');
  let payload: unknown;
  try {
    const ticket = await params.verifier.verifySignedJwtWithCertsAsync(
      params.idToken,
      certs,
      params.clientId,
      acceptedIssuers(params.issuer),
    );
    payload = ticket.getPayload();
  } catch (error) {
    throw new IdTokenError(categorize(error));
  }

  const parsed = idClaimsSchema.safeParse(payload);
  if (!parsed.success) throw new IdTokenError('malformed');
  const claims = parsed.data;
  if (!acceptedIssuers(params.issuer).includes(claims.iss)) throw new IdTokenError('issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(params.clientId)) throw new IdTokenError('audience');
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== params.clientId) {
    throw new IdTokenError('audience');
  }
  const nowSeconds = params.now / 1000;
  if (claims.exp + skew < nowSeconds) throw new IdTokenError('expired');
  if (claims.iat - skew > nowSeconds) throw new IdTokenError('not-yet-valid');
  if (claims.nonce === undefined || !sameState(claims.nonce, params.nonce)) {
    throw new IdTokenError('nonce');
  }
  return claims;
}
