/**
 * The code exchange and its checks: the token response, the id_token (signature, iss, aud/azp,
 * exp/iat, nonce), the consenting account when one is expected, the profile (userinfo when the
 * id_token leaves it out) and the email. The answer is a {@link VerifiedSignIn} or a failure;
 * nothing is stored here (that is complete.ts).
 */
import { USERINFO_SCOPES } from '../../../common/features.ts';
import { flowFailure, MESSAGES } from '../errors.ts';
import type { FlowInit } from '../flow/flow.ts';
import {
  classifyHttpError,
  isDpopAccessToken,
  parseTokenResponse,
  type HttpProblem,
  type TokenResponse,
  type UserInfo,
} from './http.ts';
import { IdTokenError, type IdClaims } from './id-token.ts';
import type { FlowResult } from '../types.ts';
import type { Logger } from '../../log/log.ts';

/** A sign-in Google answered and every check passed. Holds tokens: never logged. */
export interface VerifiedSignIn {
  /** The Google account (`sub` of the verified id_token). */
  sub: string;
  email: string;
  name?: string;
  picture?: string;
  /** The token response, schema-checked. */
  tokens: TokenResponse;
}

export interface ExchangeDeps {
  /** POSTs the code with its verifier and redirect URI; resolves to the response body. */
  requestTokens(code: string, verifier: string, redirectUri: string): Promise<unknown>;
  /** Verifies the id_token for this flow's nonce (throws {@link IdTokenError}). */
  verifyIdToken(idToken: string, nonce: string): Promise<IdClaims>;
  /** The OpenID userinfo of the access token's owner. */
  requestUserInfo(accessToken: string): Promise<UserInfo>;
  /** The email of a signed-in account (for the "choose the same account" message). */
  emailOf(sub: string): string | undefined;
  /**
   * Set when the exchange carries a DPoP proof: called when the token endpoint refuses that proof
   * (`invalid_dpop_proof`, or an error naming DPoP), so the next sign-in goes without one.
   */
  onDpopRefused?(): void;
  logger: Logger;
}

export type ExchangeOutcome =
  { ok: true; signIn: VerifiedSignIn } | { ok: false; result: FlowResult };

/** Whether the account is the one `hint` names (Google's `login_hint`: an email or a `sub`). */
export function matchesHint(hint: string, sub: string, email: string): boolean {
  return hint.includes('@') ? hint.trim().toLowerCase() === email.toLowerCase() : hint === sub;
}

/** A failure of the exchange, as a flow result (what was wrong is logged, never shown). */
function failed(result: FlowResult): ExchangeOutcome {
  return { ok: false, result };
}

/** Whether the token endpoint refused the exchange because of its DPoP proof. */
export function dpopRefused(problem: HttpProblem): boolean {
  return (
    problem.kind === 'oauth' &&
    problem.status >= 400 &&
    problem.status < 500 &&
    (problem.error === 'invalid_dpop_proof' || problem.namesDpop === true)
  );
}

function problemResult(problem: HttpProblem, deps: ExchangeDeps): FlowResult {
  const { logger } = deps;
  logger.warn('code exchange failed', problem);
  if (deps.onDpopRefused && dpopRefused(problem)) {
    // Told once; the next sign-in for this client goes without DPoP (remembered by the caller).
    deps.onDpopRefused();
    return flowFailure('SIGN_IN_FAILED', MESSAGES.dpopRefused);
  }
  if (problem.kind === 'network')
    return flowFailure('NETWORK', problem.message ?? MESSAGES.network);
  if (problem.kind === 'oauth' && problem.status >= 500) {
    return flowFailure('NETWORK', MESSAGES.serviceTrouble);
  }
  return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
}

/**
 * Exchanges `code` for the flow `init` and checks the answer. `ended` returns the flow's outcome
 * if it ended meanwhile (cancelled or timed out): then the tokens are dropped, not revoked, since
 * revoking would end the whole grant, including an existing session of the same account.
 */
export async function exchangeCode(
  deps: ExchangeDeps,
  init: FlowInit,
  code: string,
  ended: () => FlowResult | null,
): Promise<ExchangeOutcome> {
  const { logger } = deps;
  let tokens: TokenResponse;
  try {
    tokens = parseTokenResponse(await deps.requestTokens(code, init.verifier, init.redirectUri));
  } catch (error) {
    return failed(problemResult(classifyHttpError(error), deps));
  }
  if (isDpopAccessToken(tokens)) {
    // An issuer that binds access tokens too: every API call would need a proof with `ath`, and
    // Latchkey sends access tokens as Bearer. Said plainly, with the way out.
    logger.warn('token response with token_type DPoP refused');
    return failed(flowFailure('SIGN_IN_FAILED', MESSAGES.dpopAccessTokens));
  }
  const outcome = ended();
  if (outcome) return failed(outcome);
  if (!tokens.id_token) {
    logger.warn('token response without id_token');
    return failed(flowFailure('SIGN_IN_FAILED', MESSAGES.failed));
  }
  let claims: IdClaims;
  try {
    claims = await deps.verifyIdToken(tokens.id_token, init.nonce);
  } catch (error) {
    const problem = error instanceof IdTokenError ? error.problem : 'malformed';
    logger.warn('id_token rejected', { problem });
    return failed(
      problem === 'keys-unavailable'
        ? flowFailure('NETWORK', MESSAGES.network)
        : flowFailure('SIGN_IN_FAILED', MESSAGES.unverified),
    );
  }
  const sub = claims.sub;
  if (init.expectedSub && sub !== init.expectedSub) {
    logger.warn('consent given by a different account');
    return failed(
      flowFailure('SIGN_IN_FAILED', MESSAGES.differentAccount(deps.emailOf(init.expectedSub))),
    );
  }

  if (init.purpose !== 'connect' && tokens.scope !== undefined) {
    // Granular consent: the person allowed, but unticked what the sign-in needs.
    // Google may name `email` and `profile` by their long forms.
    const granted = new Set(tokens.scope.split(/\s+/));
    const missing = (['email', 'profile'] as const).filter(
      (scope) => !granted.has(scope) && !granted.has(USERINFO_SCOPES[scope]),
    );
    if (missing.length > 0) {
      logger.warn('sign-in granted without its scopes', { missing: missing.length });
      return failed(flowFailure('CONSENT_PARTIAL', MESSAGES.partialSignIn(missing)));
    }
  }

  let { email, name, picture } = claims;
  if (!email || !name) {
    // Issuers may keep profile claims out of the id_token when an access token is issued
    // (OpenID Connect Core §5.4); userinfo has them.
    let info: UserInfo | null = null;
    try {
      info = await deps.requestUserInfo(tokens.access_token);
    } catch (error) {
      logger.warn('userinfo unavailable', { problem: classifyHttpError(error).kind });
    }
    if (info && info.sub !== sub) {
      // Its profile belongs to someone else: none of it is used.
      logger.warn('userinfo answered for another subject; its profile is not used');
    } else if (info) {
      email ??= info.email;
      name ??= info.name;
      picture ??= info.picture;
    }
  }
  if (!email) {
    logger.warn('no email for the account');
    return failed(flowFailure('SIGN_IN_FAILED', MESSAGES.noEmail));
  }
  if (init.loginHint && !init.expectedSub && !matchesHint(init.loginHint, sub, email)) {
    // A sign-in for a known account (re-sign-in after its session ended) came back as another
    // Google account: reported, not taken as the hinted person.
    logger.warn('signed in as another account than the login hint');
    return failed(flowFailure('SIGN_IN_FAILED', MESSAGES.notHinted(email, init.loginHint)));
  }
  return {
    ok: true,
    signIn: {
      sub,
      email,
      ...(name !== undefined ? { name } : {}),
      ...(picture !== undefined ? { picture } : {}),
      tokens,
    },
  };
}
