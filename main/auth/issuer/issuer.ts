/**
 * The authorization server as the core talks to it: every HTTP call to Google's OAuth endpoints
 * and the id_token check, bound once to the configuration, the timeout, the clock and the
 * host's `fetch`. The modules that need one of them receive just that function.
 */
import { OAuth2Client, type OAuth2ClientOptions } from 'google-auth-library';
import { dpopFormPost, DpopNonces, exchangeJti, type DpopKey } from '../tokens/dpop.ts';
import { requestDpopRefresh } from '../tokens/dpop-refresh.ts';
import { fetchFormPost } from './form-post.ts';
import { guardedFetch } from './guarded-fetch.ts';
import { googleAuthorizationUrl, type AuthorizationParams } from '../flow/flows.ts';
import {
  requestCodeExchange,
  requestJwks,
  requestRefresh,
  requestRevoke,
  requestUserInfo,
  type TokenResponse,
  type UserInfo,
} from './http.ts';
import { JwksCache, verifyIdToken, type IdClaims } from './id-token.ts';
import type { AuthConfig, Clock } from '../types.ts';
import type { NetworkPort } from '../../net/network.ts';

export interface IssuerOptions {
  config: AuthConfig;
  clock: Clock;
  /** Time limit of one request. */
  httpTimeoutMs: number;
  /** Allowed clock difference for id_token `exp`/`iat`, seconds (default 60). */
  idTokenSkewSeconds?: number;
  /** The host's network port (main/net/network.ts); absent: the global fetch. */
  fetch?: NetworkPort;
}

/** The calls the core makes to the authorization server. */
export interface Issuer {
  /** Options for the OAuth2Clients handed to feature code (no secret). */
  readonly clientOptions: OAuth2ClientOptions;
  authorizationUrl(params: AuthorizationParams): string;
  /**
   * The code exchange; resolves to the raw response body (checked by the caller). With `dpopKey`
   * it carries a DPoP proof, and the refresh token issued is bound to that key.
   */
  requestTokens(
    code: string,
    verifier: string,
    redirectUri: string,
    dpopKey?: DpopKey,
  ): Promise<unknown>;
  /** A refresh; a DPoP-bound refresh token needs its `dpopKey` (a proof per request). */
  refresh(refreshToken: string, dpopKey?: DpopKey): Promise<TokenResponse>;
  revoke(token: string): Promise<void>;
  requestUserInfo(accessToken: string): Promise<UserInfo>;
  /** `nonce`: the flow's; null for an id_token from a refresh (no nonce checked, OIDC Core §12.2). */
  verifyIdToken(idToken: string, nonce: string | null): Promise<IdClaims>;
  /** Fetches the issuer's keys in the background unless they are already known. */
  prefetchKeys(): void;
}

export function createIssuer(options: IssuerOptions): Issuer {
  const { config, clock, httpTimeoutMs } = options;
  // Every gaxios request of the issuer and of the account clients (Calendar, Drive, profile) goes
  // through this fetch: no redirect followed, the answer capped, the request's time limit.
  const port = (): NetworkPort => options.fetch ?? globalThis.fetch;
  const fetchImplementation = guardedFetch(port);
  const clientOptions: OAuth2ClientOptions = {
    clientId: config.clientId,
    endpoints: {
      oauth2AuthBaseUrl: config.endpoints.authorization,
      oauth2TokenUrl: config.endpoints.token,
      oauth2RevokeUrl: config.endpoints.revoke,
      oauth2FederatedSignonJwkCertsUrl: config.endpoints.jwks,
    },
    transporterOptions: { timeout: httpTimeoutMs, fetchImplementation },
  };
  /** Builds the authorization URL; its transporter makes the refresh, revoke, JWKS, userinfo calls. */
  const client = new OAuth2Client({ ...clientOptions, clientSecret: config.clientSecret });
  const transporter = client.transporter;
  // The code exchange (and a DPoP refresh) is one form POST over the same port.
  const post = fetchFormPost(port);
  // The servers' latest DPoP nonces, and the post that signs a proof for each request.
  const nonces = new DpopNonces();
  const withProof = (key: DpopKey, jti?: string) =>
    dpopFormPost(post, { key, clock, nonces, ...(jti ? { jti } : {}) });
  const jwks = new JwksCache(
    () => requestJwks(transporter, config.endpoints.jwks, httpTimeoutMs),
    () => clock.now(),
  );

  return {
    clientOptions,
    authorizationUrl: googleAuthorizationUrl(client),
    requestTokens: (code, verifier, redirectUri, dpopKey) =>
      // Google's installed-app guide: the exchange's proof is built from the code (its `jti`).
      requestCodeExchange(dpopKey ? withProof(dpopKey, exchangeJti(code)) : post, {
        tokenUrl: config.endpoints.token,
        clientId: config.clientId,
        ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
        code,
        verifier,
        redirectUri,
        timeoutMs: httpTimeoutMs,
      }),
    refresh: (refreshToken, dpopKey) => {
      const request = {
        tokenUrl: config.endpoints.token,
        clientId: config.clientId,
        ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
        refreshToken,
        timeoutMs: httpTimeoutMs,
      };
      return dpopKey
        ? requestDpopRefresh(withProof(dpopKey), request)
        : requestRefresh(transporter, request);
    },
    revoke: (token) => requestRevoke(transporter, config.endpoints.revoke, token, httpTimeoutMs),
    requestUserInfo: (accessToken) =>
      requestUserInfo(transporter, config.endpoints.userinfo, accessToken, httpTimeoutMs),
    prefetchKeys: () => void jwks.prefetch(),
    verifyIdToken: (idToken, nonce) =>
      verifyIdToken({
        idToken,
        keys: jwks,
        clientId: config.clientId,
        issuer: config.endpoints.issuer,
        nonce,
        now: clock.now(),
        ...(options.idTokenSkewSeconds !== undefined
          ? { skewSeconds: options.idTokenSkewSeconds }
          : {}),
      }),
  };
}
