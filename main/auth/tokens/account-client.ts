/**
 * The google-auth-library client handed to feature code (`clientFor`).
 *
 * It never holds the refresh token. Every path by which OAuth2Client could refresh —
 * `getRequestMetadataAsync` and `getAccessToken` (through `refreshHandler`), the public
 * `refreshAccessToken()` (through `refreshToken`, overridden here) — ends in the core's per-account
 * single-flight refresh, so N concurrent callers on any number of these clients make one token
 * request, and the library has no refresh token with which to make a second one on its own.
 */
import { OAuth2Client, type Credentials, type OAuth2ClientOptions } from 'google-auth-library';

/** OAuth2Client's internal `GetTokenResponse` (not exported by the package). */
interface GetTokenResponse {
  tokens: Credentials;
  res: null;
}

/** What the client needs from the core. */
export interface AccessTokenSource {
  /**
   * A valid access token for the account: the one in memory, or a fresh one from the single-flight
   * refresh (`force` refreshes even if the one in memory has time left). Throws AuthError.
   */
  accessToken(force: boolean): Promise<{ token: string; expiresAt: number }>;
}

export class AccountClient extends OAuth2Client {
  readonly #source: AccessTokenSource;

  constructor(options: OAuth2ClientOptions, source: AccessTokenSource) {
    // No client secret: this client never talks to the token endpoint.
    super({ ...options, clientSecret: undefined, client_secret: undefined });
    this.#source = source;
    this.refreshHandler = async () => {
      const { token, expiresAt } = await this.#source.accessToken(false);
      return { access_token: token, expiry_date: expiresAt };
    };
  }

  /** Routes the library's own refresh path to the core; the argument is ignored (always empty). */
  protected override async refreshToken(): Promise<GetTokenResponse> {
    const { token, expiresAt } = await this.#source.accessToken(true);
    return {
      tokens: { access_token: token, expiry_date: expiresAt, token_type: 'Bearer' },
      res: null,
    };
  }

  /** Never reached (see the class comment); refuses rather than send a refresh request itself. */
  protected override async refreshTokenNoCache(): Promise<GetTokenResponse> {
    throw new Error('AccountClient refreshes only through the auth core');
  }
}
