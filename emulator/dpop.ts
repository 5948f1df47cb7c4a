/**
 * DPoP (RFC 9449) in the emulator, shaped like Google's: the token endpoint checks the `DPoP`
 * proof of the code exchange and of every refresh (oidc-provider's `features.dPoP`: signature,
 * `typ`, `htm`, `htu`, `iat` within 5 minutes, `jti` never seen before); a refresh token issued
 * with a proof is bound to that key's thumbprint — for every client, as Google does, where
 * oidc-provider alone binds them only for public clients — so a refresh without the matching
 * proof is `invalid_grant`; access tokens stay Bearer (Google's APIs take them as Bearer).
 *
 * What Google's installed-app guide adds, in Google-strict mode (`strict`): the code exchange's
 * proof is built from the code — its `jti` must be the base64url SHA-256 of the authorization
 * code, else `invalid_dpop_proof` (checked before the code is looked up, so it stays unused).
 *
 * Nonce challenges (`use_dpop_nonce` with a `DPoP-Nonce` header) are off unless switched on
 * (`dpopNonce` option, `setDpopNonce()`): `steady` or `rotating` (a fresh nonce in every answer),
 * see dpop-nonces.ts. `refuse` makes the token endpoint refuse every code exchange that carries a
 * proof, as a Google client that does not take DPoP would (tests of "DPoP never blocks sign-in").
 */
import { createHash, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { GoogleNonces, type NonceMode } from './dpop-nonces.ts';

/** The switches tests flip. */
export class DpopSwitch {
  /** Where nonces come from, and whether they are demanded (`mode`). */
  readonly nonces: GoogleNonces;
  /** Google-strict: the code exchange's `jti` must be the hash of the code. */
  strict: boolean;
  /** Refuse any proof on the code exchange (`invalid_dpop_proof`). */
  refuse = false;
  constructor(nonce: NonceMode | boolean = false, strict = false) {
    this.nonces = new GoogleNonces(nonce === true ? 'steady' : nonce === false ? 'off' : nonce);
    this.strict = strict;
  }
  /** Whether nonces are demanded. */
  get nonce(): boolean {
    return this.nonces.mode !== 'off';
  }
}

/** The `jti` Google's installed-app guide asks for on the code exchange: base64url SHA-256 of the code. */
export function exchangeJti(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

/** The claims of a compact JWT, unverified (oidc-provider has verified the signature by then). */
function unverifiedClaims(jwt: string): Record<string, unknown> {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** oidc-provider's `features.dPoP` for the emulator. */
export function dpopFeature(dpop: DpopSwitch): Record<string, unknown> {
  return {
    enabled: true,
    // Always set, so the challenge can be switched on while the emulator runs (the nonces
    // themselves come from dpop-nonces.ts, see bindLikeGoogle).
    nonceSecret: randomBytes(32),
    requireNonce: () => dpop.nonce,
    allowReplay: false,
  };
}

/** The parts of the context and token models this file touches (not in oidc-provider.d.ts). */
interface Context {
  get(field: string): string;
  remove(field: string): void;
  status: number;
  body: unknown;
  oidc?: { route?: string };
}
interface TokenPrototype {
  jkt?: string;
  save(): Promise<string>;
}
interface CodeModel {
  find(code: unknown, ...rest: unknown[]): Promise<unknown>;
}

function currentContext(): Context | undefined {
  return (Provider as unknown as { ctx?: Context }).ctx;
}

/**
 * Binds refresh tokens to the proof's key and leaves access tokens unbound, as Google does.
 * `seen` receives every proof (so the tests' leak scan looks for them in logs too).
 */
export function bindLikeGoogle(
  provider: Provider,
  dpop: DpopSwitch,
  seen: (proof: string) => void,
) {
  /** The thumbprint of the current token request's proof, once oidc-provider has checked it. */
  const thumbprints = new WeakMap<Context, string>();
  const accessTokens = (provider.AccessToken as unknown as { prototype: TokenPrototype }).prototype;
  const refreshTokens = (provider.RefreshToken as unknown as { prototype: TokenPrototype })
    .prototype;

  // oidc-provider's nonce source is replaced by the emulator's (steady or rotating).
  (instance(provider) as { DPoPNonces?: unknown }).DPoPNonces = dpop.nonces;

  // The code exchange: oidc-provider has checked the proof and looks the code up next; the
  // Google-specific checks come first, so a refused proof leaves the code unused.
  const codes = provider.AuthorizationCode as unknown as CodeModel;
  const findCode = codes.find.bind(codes);
  codes.find = async (code: unknown, ...rest: unknown[]) => {
    const ctx = currentContext();
    const proof = ctx?.oidc?.route === 'token' ? ctx.get('DPoP') : '';
    if (proof && dpop.refuse) {
      throw new errors.InvalidDpopProof('DPoP is not accepted for this client');
    }
    if (proof && dpop.strict && typeof code === 'string') {
      if (unverifiedClaims(proof).jti !== exchangeJti(code)) {
        throw new errors.InvalidDpopProof(
          'DPoP proof jti must be the base64url SHA-256 hash of the authorization code',
        );
      }
    }
    return findCode(code, ...rest);
  };

  const saveAccessToken = accessTokens.save;
  accessTokens.save = function (this: TokenPrototype) {
    const ctx = currentContext();
    if (this.jkt) {
      if (ctx) thumbprints.set(ctx, this.jkt);
      // Google's access tokens are Bearer: token_type says so and APIs take them without proof.
      delete this.jkt;
    }
    return saveAccessToken.call(this);
  };

  const saveRefreshToken = refreshTokens.save;
  refreshTokens.save = function (this: TokenPrototype) {
    const ctx = currentContext();
    const jkt = ctx ? thumbprints.get(ctx) : undefined;
    if (jkt && !this.jkt) this.jkt = jkt;
    return saveRefreshToken.call(this);
  };

  provider.use(async (koa: KoaContextWithOIDC, next) => {
    const ctx = koa as unknown as Context;
    const proof = ctx.get('DPoP');
    if (proof) seen(proof);
    await next();
    if (ctx.oidc?.route !== 'token' || dpop.nonce) return;
    // Nonces off: no DPoP-Nonce is handed out, and a proof that is too old is simply refused
    // (oidc-provider would otherwise ask for a nonce instead).
    ctx.remove('DPoP-Nonce');
    const body = ctx.body as { error?: unknown } | null;
    if (ctx.status === 400 && body?.error === 'use_dpop_nonce') {
      ctx.body = {
        error: 'invalid_dpop_proof',
        error_description: 'DPoP proof iat is not recent enough',
      };
    }
  });
}
