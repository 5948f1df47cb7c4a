/**
 * DPoP (RFC 9449) in the emulator, shaped like Google's: the token endpoint checks the `DPoP`
 * proof of the code exchange and of every refresh (oidc-provider's `features.dPoP`: signature,
 * `typ`, `htm`, `htu`, `iat` within 5 minutes, `jti` never seen before); a refresh token issued
 * with a proof is bound to that key's thumbprint — for every client, as Google does, where
 * oidc-provider alone binds them only for public clients — so a refresh without the matching
 * proof is `invalid_grant`; access tokens stay Bearer (Google's APIs take them as Bearer).
 *
 * Nonce challenges (`use_dpop_nonce` with a `DPoP-Nonce` header) are off unless a test switches
 * them on (`dpopNonce` option, `setDpopNonce()`).
 */
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** The switch tests flip. */
export class DpopSwitch {
  /** Demand a server nonce in every proof at the token endpoint. */
  nonce: boolean;
  constructor(nonce = false) {
    this.nonce = nonce;
  }
}

/** oidc-provider's `features.dPoP` for the emulator. */
export function dpopFeature(dpop: DpopSwitch): Record<string, unknown> {
  return {
    enabled: true,
    // Always set, so the challenge can be switched on while the emulator runs.
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
