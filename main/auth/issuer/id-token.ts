/**
 * id_token validation (OpenID Connect Core §3.1.3.7): signature against the issuer's JWKS, `iss`,
 * `aud`/`azp`, `exp`/`iat` with a small clock skew, and the flow's `nonce`.
 *
 * The signature is checked by jose's `jwtVerify` with the algorithm pinned to RS256 (what Google
 * signs with) against a public key parsed once per JWKS fetch; jose also checks `iss` (both of
 * Google's forms), `aud` and `exp` with the core's clock. The checks jose leaves to the app
 * (`azp`, `iat`, `nonce`) follow, on claims validated by a schema. Errors are mapped to a
 * category: nothing from the token goes into a message.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { sameState } from '../flow/redirect.ts';

/** Google's issuer appears in two forms in its id_tokens. */
export function acceptedIssuers(issuer: string): string[] {
  return issuer === 'https://accounts.google.com'
    ? ['https://accounts.google.com', 'accounts.google.com']
    : [issuer];
}

/** The one signing algorithm accepted (Google's; never 'none' or an HMAC). */
const ALGORITHM = 'RS256';

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
  kid?: string;
  kty: string;
  [key: string]: unknown;
}

/**
 * The issuer's signing keys, parsed once per fetch, by `kid`. Refetched when a token names an
 * unknown key (Google rotates keys), at most once a minute so a stream of bogus `kid`s cannot
 * hammer the endpoint.
 */
export class JwksCache {
  #fetch: () => Promise<{ keys: Jwk[] }>;
  #now: () => number;
  #keys = new Map<string, KeyObject>();
  /** Keys of the last fetch that name no `kid`. */
  #unnamed: KeyObject[] = [];
  #fetchedAt = -Infinity;
  #loading: Promise<void> | null = null;

  constructor(fetch: () => Promise<{ keys: Jwk[] }>, now: () => number) {
    this.#fetch = fetch;
    this.#now = now;
  }

  /**
   * The key named `kid`; without a `kid`, the issuer's only key (a JWKS of one key), else null.
   */
  async keyFor(kid: string | undefined): Promise<KeyObject | null> {
    const found = this.#lookup(kid);
    if (found) return found;
    if (this.#loading) await this.#loading;
    else if (this.#now() - this.#fetchedAt > 60_000) await this.#load();
    return this.#lookup(kid);
  }

  /**
   * Fetches the keys in the background if they were never fetched, so the first sign-in's
   * id_token check does not wait for them. Never rejects: a failure is left to the check to meet
   * again (it fetches anew unless this fetch is still in flight).
   */
  prefetch(): Promise<void> {
    if (this.#fetchedAt !== -Infinity) return Promise.resolve();
    return this.#load().catch(() => undefined);
  }

  /** One fetch at a time, whoever asks. */
  #load(): Promise<void> {
    this.#loading ??= this.#fetchKeys().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #fetchKeys(): Promise<void> {
    let jwks: { keys: Jwk[] };
    try {
      jwks = await this.#fetch();
    } catch {
      throw new IdTokenError('keys-unavailable');
    }
    this.#fetchedAt = this.#now();
    this.#keys.clear();
    this.#unnamed = [];
    for (const jwk of jwks.keys) {
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      if (jwk.alg !== undefined && jwk.alg !== ALGORITHM) continue;
      if (jwk.kty !== 'RSA') continue;
      try {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        if (jwk.kid) this.#keys.set(jwk.kid, key);
        else this.#unnamed.push(key);
      } catch {
        // A key Node cannot read is a key no token we accept can be signed with.
      }
    }
  }

  #lookup(kid: string | undefined): KeyObject | null {
    if (kid !== undefined) return this.#keys.get(kid) ?? null;
    const all = [...this.#keys.values(), ...this.#unnamed];
    return all.length === 1 ? (all[0] as KeyObject) : null;
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

/** Maps jose's errors to a category (their messages are not passed on). */
function categorize(error: unknown): IdTokenProblem {
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'issuer';
    if (error.claim === 'aud') return 'audience';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not-yet-valid';
  }
  return 'malformed';
}

const headerSchema = z.object({ alg: z.string(), kid: z.string().min(1).max(200).optional() });

export interface VerifyIdTokenParams {
  idToken: string;
  keys: JwksCache;
  clientId: string;
  issuer: string;
  /**
   * The nonce sent in this flow's authorization request; null for an id_token from a refresh,
   * where no nonce is expected or checked (OpenID Connect Core §12.2).
   */
  nonce: string | null;
  /** Milliseconds since the epoch (the core's clock). */
  now: number;
  /** Allowed clock difference, seconds (default 60). */
  skewSeconds?: number;
}

/** Verifies an id_token; returns its claims or throws {@link IdTokenError}. */
export async function verifyIdToken(params: VerifyIdTokenParams): Promise<IdClaims> {
  const skew = params.skewSeconds ?? 60;
  const segments = params.idToken.split('.');
  if (segments.length !== 3) throw new IdTokenError('malformed');
  const header = headerSchema.safeParse(decodeSegment(segments[0]));
  if (!header.success) throw new IdTokenError('malformed');
  if (header.data.alg !== ALGORITHM) throw new IdTokenError('algorithm');

  const key = await params.keys.keyFor(header.data.kid);
  if (!key) throw new IdTokenError('unknown-key');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(params.idToken, key, {
      algorithms: [ALGORITHM],
      issuer: acceptedIssuers(params.issuer),
      audience: params.clientId,
      clockTolerance: skew,
      currentDate: new Date(params.now),
    }));
  } catch (error) {
    throw new IdTokenError(categorize(error));
  }

  const parsed = idClaimsSchema.safeParse(payload);
  if (!parsed.success) throw new IdTokenError('malformed');
  const claims = parsed.data;
  if (!acceptedIssuers(params.issuer).includes(claims.iss)) throw new IdTokenError('issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(params.clientId)) throw new IdTokenError('audience');
  // Several audiences, or an azp at all: the authorized party must be this client.
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== params.clientId) {
    throw new IdTokenError('audience');
  }
  const nowSeconds = params.now / 1000;
  if (claims.exp + skew < nowSeconds) throw new IdTokenError('expired');
  if (claims.iat - skew > nowSeconds) throw new IdTokenError('not-yet-valid');
  if (
    params.nonce !== null &&
    (claims.nonce === undefined || !sameState(claims.nonce, params.nonce))
  ) {
    throw new IdTokenError('nonce');
  }
  return claims;
}
