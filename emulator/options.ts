/** What `startEmulator()` can be asked for (kept apart so callers can import it without oidc-provider). */

/**
 * The environment variable a test sets (to `1`) so that the app's demo mode starts its emulator
 * WITH the /__emulator/* routes: the tests that run the app or the preview in another process
 * drive the demo Google through them. Nobody else should set it.
 */
export const EMULATOR_TEST_ROUTES_ENV = 'LATCHKEY_EMULATOR_TEST_ROUTES';

/** Seven days: the lifetime of refresh tokens for apps whose consent screen is in "Testing". */
export const TESTING_MODE_REFRESH_TOKEN_SECONDS = 7 * 24 * 60 * 60;

/** A request as it reached the emulator's server, before any check (no query: it can hold secrets). */
export interface EmulatorRequest {
  method: string;
  path: string;
  /** The Host header as sent. */
  host: string | undefined;
  /** The port of the connection's other end: whoever opened it (the app, or a proxy's tunnel). */
  remotePort: number | undefined;
}

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. The host is always 127.0.0.1. */
  port?: number;
  /**
   * Serve HTTPS under a name of its own instead of `http://127.0.0.1:<port>` (the proxy tests): the
   * issuer, endpoints and API root are `https://<name>`, and only requests that name it (`Host`)
   * are answered. It still listens on 127.0.0.1:<port> only; nothing resolves the name but a
   * proxy that maps it there (test/helpers/proxy.ts). `cert`/`key`: its certificate (PEM).
   */
  https?: { name: string; cert: string; key: string };
  /** Told of every request that reaches the server, before any check (tests). */
  onRequest?: (request: EmulatorRequest) => void;
  /**
   * Where a request the emulator could not answer is reported, one line each (demo mode: the
   * app's redacting logger). Default: one line on stderr, never a stack trace or a request body.
   */
  log?: (message: string, fields: Record<string, unknown>) => void;
  /**
   * Serve the test-only routes /__emulator/* (fault switches, stats, the list of issued secrets).
   * Off by default: demo mode runs without them, since any page in the person's browser could
   * reach them. Tests and `npm run emulator` turn them on.
   */
  testRoutes?: boolean;
  /**
   * An app whose OAuth consent screen is in "Testing" publishing status: refresh tokens expire
   * after 7 days (unless {@link refreshTokenLifetimeSeconds} says otherwise) — but only those
   * with a scope beyond name, email and profile, as Google's overview says; a sign-in with just
   * those does not expire. Such a token's answers carry `refresh_token_expires_in` (Google
   * documents that field for time-based access; the emulator announces it so the app can show
   * the day).
   */
  testingMode?: boolean;
  /**
   * Lifetime of refresh tokens in seconds; when set, token responses carry
   * `refresh_token_expires_in` (the seconds left) and refresh tokens stop working after it. With
   * `testingMode` it applies as Testing mode does (scopes beyond the basic ones); alone, to every
   * refresh token (as for time-based access).
   */
  refreshTokenLifetimeSeconds?: number;
  /**
   * Live refresh tokens per account and client; one more ends the oldest, silently (Google: 100,
   * the default). Tests set it low.
   */
  refreshTokenLimit?: number;
  /**
   * Demand a DPoP nonce (`use_dpop_nonce` + `DPoP-Nonce`) in every proof at the token endpoint,
   * as RFC 9449 §8 lets a server do. Off by default; `setDpopNonce()` switches it later.
   */
  dpopNonce?: boolean | 'steady' | 'rotating';
  /**
   * Google-strict DPoP: the code exchange's proof must carry `jti` = base64url SHA-256 of the
   * code (Google's installed-app guide), and, unless `dpopNonce` says otherwise, a nonce from a
   * fresh one handed out with every answer (`rotating`). Tests of the sign-in and refresh paths
   * run with it; demo mode too.
   */
  googleStrict?: boolean;
  /**
   * Where the emulator keeps its state across restarts (demo mode: `<data folder>/demo-google.json`):
   * it comes back on the same port (so the same issuer) with the same signing key, grants and
   * tokens. When that port is taken it starts on another, afresh. Absent: nothing is kept.
   */
  statePath?: string;
}

/** The refresh-token lifetime to announce and enforce, or null (Google's "Production" app). */
export function announcedRefreshLifetime(options: EmulatorOptions): number | null {
  const seconds = options.refreshTokenLifetimeSeconds;
  if (seconds !== undefined) {
    if (!Number.isInteger(seconds) || seconds < 1)
      throw new RangeError('refreshTokenLifetimeSeconds must be a positive integer');
    return seconds;
  }
  return options.testingMode ? TESTING_MODE_REFRESH_TOKEN_SECONDS : null;
}
