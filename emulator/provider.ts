/**
 * The OpenID provider at the emulator's core: oidc-provider configured to behave like Google's
 * authorization server for installed apps (Google's paths, PKCE S256 always, refresh tokens for
 * access_type=offline, incremental authorization, RS256 id_tokens carrying email and profile).
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import Provider, { errors, interactionPolicy } from 'oidc-provider';
import type { Account, BaseToken, Client, KoaContextWithOIDC } from 'oidc-provider';
import type { EmulatorAccount } from './accounts.ts';
import { SCOPE_DESCRIPTIONS } from './accounts.ts';
import type { MemoryStore } from './adapter.ts';
import { CLIENT_METADATA, DESKTOP_CLIENT, isLoopbackRedirect } from './clients.ts';
import { bindLikeGoogle, dpopFeature, DpopSwitch } from './dpop.ts';
import type { GrantRegistry } from './grants.ts';
import { RefreshTokenLimit, type SavedRefreshToken } from './token-limit.ts';
import { errorPage } from './pages.ts';
import type { EmulatorState } from './state.ts';

/** Google's paths, mapped onto oidc-provider's routes. */
export const GOOGLE_ROUTES = {
  authorization: '/o/oauth2/v2/auth',
  token: '/token',
  userinfo: '/v1/userinfo',
  jwks: '/oauth2/v3/certs',
} as const;

export interface ProviderOptions {
  issuer: string;
  accounts: EmulatorAccount[];
  state: EmulatorState;
  store: MemoryStore;
  grants: GrantRegistry;
  /**
   * Refresh tokens live this long and token responses say so in `refresh_token_expires_in`
   * (Google does for apps in "Testing"); null: 180 days, unannounced (Google's "Production").
   */
  refreshTokenLifetimeSeconds?: number | null;
  /**
   * Which refresh tokens {@link refreshTokenLifetimeSeconds} applies to: `all`, or — Google's
   * Testing mode — only those with a scope beyond name, email and profile (`beyond-basic`).
   */
  refreshLifetimeFor?: 'all' | 'beyond-basic';
  /** Live refresh tokens per account and client before the oldest ends (Google: 100). */
  refreshTokenLimit?: number;
  /** DPoP nonce challenges (off unless switched on); see dpop.ts. */
  dpop?: DpopSwitch;
  /** The id_token signing key to use (a demo Google restarted with its saved state); else fresh. */
  signingKey?: SigningKey;
}

const DAY = 24 * 60 * 60;

/**
 * The scopes that do not start Testing mode's 7-day expiry: "a subset of name, email address, and
 * user profile" (Google's OAuth 2.0 overview), plus openid and the emulator's offline_access.
 */
const BASIC_SCOPES = new Set(['openid', 'email', 'profile', 'offline_access']);

/** Whether a token with `scope` has a scope beyond name, email and profile. */
export function beyondBasic(scope: string | undefined): boolean {
  return String(scope ?? '')
    .split(' ')
    .some((name) => name !== '' && !BASIC_SCOPES.has(name));
}

/** An id_token signing key (private JWK), its key ID and public PEM. */
export interface SigningKey {
  jwk: Record<string, unknown>;
  kid: string;
  publicPem: string;
}

/**
 * An RSA key for id_tokens, fresh for each emulator. Published as a JWKS at /oauth2/v3/certs and,
 * like Google's /oauth2/v1/certs, as PEM by key ID (google-auth-library's verifyIdToken reads that
 * one in Node).
 */
export async function signingKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
  });
  const kid = randomBytes(8).toString('hex');
  return {
    jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    kid,
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

function claimsOf(account: EmulatorAccount): Record<string, unknown> {
  return {
    sub: account.sub,
    email: account.email,
    email_verified: true,
    name: account.name,
    given_name: account.givenName,
    family_name: account.familyName,
    picture: account.picture,
  };
}

function addScope(ctx: KoaContextWithOIDC, extra: string): void {
  const params = ctx.oidc.params ?? {};
  const scopes = new Set(
    String(params.scope ?? '')
      .split(' ')
      .filter(Boolean),
  );
  for (const scope of extra.split(' ').filter(Boolean)) scopes.add(scope);
  params.scope = [...scopes].join(' ');
}

/** Creates the configured provider (not yet listening: index.ts mounts its callback). */
export async function createProvider(
  options: ProviderOptions,
): Promise<{ provider: Provider; pemCerts: Record<string, string>; signingKey: SigningKey }> {
  const { issuer, accounts, state, store, grants } = options;
  const refreshLifetime = options.refreshTokenLifetimeSeconds ?? null;
  const lifetimeFor = options.refreshLifetimeFor ?? 'all';
  /** Whether this refresh token ends after `refreshLifetime` (else 180 days, unannounced). */
  const limited = (scope: string | undefined): boolean =>
    refreshLifetime !== null && (lifetimeFor === 'all' || beyondBasic(scope));
  const tokenLimit = new RefreshTokenLimit(options.store, options.refreshTokenLimit);
  const dpop = options.dpop ?? new DpopSwitch();
  const key = options.signingKey ?? (await signingKey());
  const accountsBySub = new Map(accounts.map((account) => [account.sub, account]));

  const provider = new Provider(issuer, {
    adapter: store.factory,
    clients: CLIENT_METADATA,
    jwks: { keys: [key.jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    routes: GOOGLE_ROUTES,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    scopes: Object.keys(SCOPE_DESCRIPTIONS),
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture'],
    },
    // Google puts the email and profile claims in the id_token itself, not only in userinfo.
    conformIdTokenClaims: false,
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      // Google's revoke takes no client authentication: revoke.ts serves /revoke itself.
      revocation: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
      // Like Google: refresh tokens bound to the proof's key; access tokens stay Bearer.
      dPoP: dpopFeature(dpop),
    },
    extraParams: {
      // Google's way to ask for a refresh token: becomes oidc-provider's offline_access scope.
      // Added here, after oidc-provider's own scope check (which drops offline_access unless
      // prompt=consent, a rule Google doesn't have).
      access_type(ctx: KoaContextWithOIDC, value: unknown) {
        if (value === undefined || value === 'online') return;
        if (value !== 'offline')
          throw new errors.InvalidRequest('access_type must be online or offline');
        addScope(ctx, 'offline_access');
      },
      // Both handled in loadExistingGrant, once the account is known.
      include_granted_scopes: null,
      deferred_nonce: null,
    },
    interactions: {
      policy: policyWithAccountChooser(),
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) =>
        `/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string): Promise<Account | undefined> {
      const account = accountsBySub.get(sub);
      return account && { accountId: sub, claims: () => claimsOf(account) };
    },
    // Google keeps one grant per account and client, whatever browser session asks.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const accountId = oidc.account?.accountId;
      const clientId = oidc.client?.clientId;
      if (!accountId || !clientId) return undefined;
      const grantId = oidc.result?.consent?.grantId ?? grants.idFor(accountId, clientId);
      const grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) return undefined;
      const params = oidc.params ?? {};
      if (params.include_granted_scopes === 'true') {
        // A refresh token still needs access_type=offline on this request, as at Google.
        const granted = grant.getOIDCScope().split(' ');
        addScope(ctx, granted.filter((scope) => scope !== 'offline_access').join(' '));
      }
      if (params.deferred_nonce && String(params.scope).split(' ').includes('openid')) {
        params.nonce = params.deferred_nonce;
      }
      // Scopes unticked on an earlier consent page are asked for again, as Google does; while
      // resuming after this request's own consent they stay rejected.
      if (!oidc.result?.consent) grant.rejected = undefined;
      return grant;
    },
    issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: Client, code: BaseToken) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
    // Google's tokens outlive the browser session that created them, and refresh tokens are
    // not rotated.
    expiresWithSession: async () => false,
    rotateRefreshToken: () => false,
    clientBasedCORS: () => false,
    ttl: {
      AccessToken: () => state.accessTokenTtl,
      AuthorizationCode: 120,
      IdToken: 3600,
      RefreshToken: (_ctx: unknown, token: { scope?: string }) =>
        limited(token.scope) ? (refreshLifetime as number) : 180 * DAY,
      Grant: 365 * DAY,
      Interaction: 30 * 60,
      Session: 60 * 60,
    },
    async renderError(ctx: KoaContextWithOIDC, out: Record<string, string>) {
      ctx.type = 'html';
      ctx.body = errorPage(out.error ?? 'error', out.error_description ?? '');
    },
  });

  // Koa would print every error it handles; oidc-provider reports them as events instead.
  provider.silent = true;
  provider.on('server_error', (_ctx: unknown, error: Error) => {
    console.error('emulator: internal error:', error);
  });
  // EMULATOR_DEBUG=1 explains refused requests (error and description only, never a token).
  if (process.env.EMULATOR_DEBUG) {
    for (const event of [
      'authorization.error',
      'grant.error',
      'userinfo.error',
      'jwks.error',
      'discovery.error',
    ]) {
      provider.on(
        event,
        (_ctx: unknown, error: { error?: string; error_description?: string; message: string }) => {
          console.error(
            `emulator: ${event}: ${error.error ?? error.message} ${error.error_description ?? ''}`,
          );
        },
      );
    }
  }

  allowAnyLoopbackRedirect(provider);
  bindLikeGoogle(provider, dpop, (proof) => state.sawSecret(proof));
  shapeLikeGoogle(provider, state, limited);
  provider.on('refresh_token.saved', (token: SavedRefreshToken) => tokenLimit.noteSaved(token));
  provider.on('authorization_code.saved', (code: { jti: string }) => state.sawSecret(code.jti));
  return { provider, pemCerts: { [key.kid]: key.publicPem }, signingKey: key };
}

/**
 * RFC 8252 §7.3 lets the loopback port vary and oidc-provider implements exactly that; Google's
 * Desktop clients also accept any path on http://127.0.0.1, so the emulator does too.
 */
function allowAnyLoopbackRedirect(provider: Provider): void {
  const prototype = provider.Client.prototype;
  const original = prototype.redirectUriAllowed;
  prototype.redirectUriAllowed = function (this: Client, value: string) {
    if (this.clientId === DESKTOP_CLIENT.clientId && isLoopbackRedirect(value)) return true;
    return original.call(this, value);
  };
}

/**
 * Adjusts oidc-provider's answers where Google's differ, and records what tests inspect: token
 * responses report Google's scopes (no offline_access), discovery names the revoke endpoint, and
 * every token, code and verifier passing through /token is remembered for leak scans.
 */
function shapeLikeGoogle(
  provider: Provider,
  state: EmulatorState,
  limited: (scope: string | undefined) => boolean,
): void {
  provider.use(async (ctx, next) => {
    await next();
    const route = ctx.oidc?.route;
    if (route === 'discovery' && isRecord(ctx.body)) {
      ctx.body.revocation_endpoint = `${ctx.oidc.issuer}/revoke`;
    }
    if (route === 'authorization' || route === 'resume') addGoogleRedirectParams(ctx);
    if (route !== 'token') return;
    const params = ctx.oidc.params ?? {};
    for (const name of ['code', 'code_verifier', 'refresh_token']) state.sawSecret(params[name]);
    if (ctx.status !== 200 || !isRecord(ctx.body)) return;
    const body = ctx.body;
    if (typeof body.scope === 'string') body.scope = googleScopeString(body.scope);
    // Google doesn't rotate refresh tokens and leaves them out of refresh responses.
    if (params.grant_type === 'refresh_token' && body.refresh_token === params.refresh_token) {
      delete body.refresh_token;
    }
    {
      // A refresh token with a limited life (Testing mode once a scope beyond name, email and
      // profile is granted; or every token, as for time-based access): the seconds it has left,
      // on the exchange and on every refresh (the token is not repeated on refresh, its expiry is).
      const value = body.refresh_token ?? params.refresh_token;
      const token =
        typeof value === 'string'
          ? await provider.RefreshToken.find(value, { ignoreExpiration: true })
          : undefined;
      if (token?.exp !== undefined && limited(token.scope)) {
        body.refresh_token_expires_in = Math.max(0, token.exp - Math.floor(Date.now() / 1000));
      }
    }
    const kinds = [
      ['access_token', 'access'],
      ['refresh_token', 'refresh'],
      ['id_token', 'id'],
    ] as const;
    for (const [field, kind] of kinds) {
      if (typeof body[field] !== 'string') continue;
      state.sawSecret(body[field]);
      state.countIssued(kind);
    }
  });
}

/**
 * Google's successful redirects also carry `scope` (what was granted), `authuser` and `prompt`;
 * clients must take them in their stride, so the emulator sends them too.
 */
function addGoogleRedirectParams(ctx: KoaContextWithOIDC): void {
  const code = ctx.oidc.entities?.AuthorizationCode;
  const location = ctx.response.get('location');
  if (ctx.status < 300 || ctx.status >= 400 || !code?.scope || !location) return;
  const url = URL.parse(location);
  if (!url?.searchParams.has('code')) return;
  url.searchParams.set('scope', googleScopeString(code.scope));
  url.searchParams.set('authuser', '0');
  url.searchParams.set('prompt', 'consent');
  ctx.set('location', url.href);
}

/** Google names the email and profile scopes by URL in token responses. */
const GOOGLE_SCOPE_NAMES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};

/** The granted scopes as Google reports them: URL names, and no offline_access (not a scope there). */
export function googleScopeString(scope: string): string {
  return scope
    .split(' ')
    .filter((name) => name && name !== 'offline_access')
    .map((name) => GOOGLE_SCOPE_NAMES[name] ?? name)
    .join(' ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * oidc-provider's prompts plus Google's `prompt=select_account` (the account chooser), first in
 * line: the emulator answers it with its sign-in page, which is where an account is chosen.
 */
function policyWithAccountChooser() {
  const policy = interactionPolicy.base();
  policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }), 0);
  return policy;
}
