/**
 * DPoP for tests that talk to the emulator's token endpoint directly, outside the app: a proof
 * signed with a stored key (or a stranger's, or with claims bent to be refused), and a refresh
 * sent with or without one.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';

/** A key as the vault stores it: a P-256 private JWK. */
export type PrivateJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };

/** A fresh P-256 key nobody bound anything to. */
export function strangerKey(): PrivateJwk {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'jwk' }) as PrivateJwk;
}

export interface ProofOptions {
  htm?: string;
  htu: string;
  /** Seconds since the epoch (default: now). */
  iat?: number;
  jti?: string;
  nonce?: string;
}

/** A DPoP proof signed with `jwk` (its public half in the header). */
export async function proofWith(jwk: PrivateJwk, options: ProofOptions): Promise<string> {
  const publicJwk = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const claims: Record<string, string> = {
    jti: options.jti ?? randomBytes(16).toString('base64url'),
    htm: options.htm ?? 'POST',
    htu: options.htu,
  };
  if (options.nonce) claims.nonce = options.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk as JWK })
    .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
    .sign(await importJWK(jwk, 'ES256'));
}

export interface RefreshAnswer {
  status: number;
  error?: string;
  tokenType?: string;
  nonce?: string | null;
}

/** A refresh_token grant sent straight to `tokenUrl`, with `proof` in the DPoP header if given. */
export async function refreshDirect(
  tokenUrl: string,
  form: Record<string, string>,
  proof?: string,
): Promise<RefreshAnswer> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', ...form }),
    headers: proof ? { DPoP: proof } : {},
  });
  const body = (await res.json()) as { error?: string; token_type?: string };
  return {
    status: res.status,
    ...(body.error ? { error: body.error } : {}),
    ...(body.token_type ? { tokenType: body.token_type } : {}),
    nonce: res.headers.get('dpop-nonce'),
  };
}
