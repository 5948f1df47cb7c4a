/**
 * The HTTP calls the core makes itself, and how their failures are classified: the code exchange
 * as one form POST (form-post.ts; never retried), refresh, revoke, JWKS and userinfo
 * through google-auth-library's own transporter (gaxios, with its retries) over the issuer's
 * guarded fetch (guarded-fetch.ts). None follows a redirect, each answer is size-capped, each
 * has a time limit.
 * Raw error messages are never logged or shown: gaxios messages can embed request URLs and bodies.
 */
import type { OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { OversizedAnswerError, type FormAnswer, type FormPost } from './form-post.ts';
import { refusedReason, type RefusedReason } from './guarded-fetch.ts';
import { networkProblemOf } from '../../net/network.ts';

/** google-auth-library's HTTP client (a gaxios instance). */
export type Transporter = OAuth2Client['transporter'];

/** What went wrong with a call to Google, without any message text from the response. */
export type HttpProblem =
  /** `message`: the host's sentence for a failure a person can act on (a proxy, a certificate). */
  | { kind: 'network'; message?: string }
  /** `namesDpop`: the error or its description is about the DPoP proof (RFC 9449 §5). */
  | { kind: 'oauth'; status: number; error: string | null; namesDpop?: true }
  /** A 2xx body that is not what the protocol says, or an answer refused unread (`refused`). */
  | { kind: 'malformed'; refused?: RefusedReason };

const OAUTH_ERROR = /^[A-Za-z_]{1,64}$/;

/** Classifies a thrown gaxios error (or anything else). */
export function classifyHttpError(error: unknown): HttpProblem {
  if (error instanceof MalformedResponseError) return { kind: 'malformed' };
  const refused = refusedReason(error);
  if (refused) return { kind: 'malformed', refused };
  const response = (error as { response?: { status?: unknown; data?: unknown } } | null)?.response;
  if (!response || typeof response.status !== 'number') {
    const problem = networkProblemOf(error);
    return problem ? { kind: 'network', message: problem.message } : { kind: 'network' };
  }
  const data = response.data as { error?: unknown; error_description?: unknown } | null | undefined;
  const code = typeof data?.error === 'string' && OAUTH_ERROR.test(data.error) ? data.error : null;
  // Only whether the answer names DPoP is kept from the description, never its text.
  const description = typeof data?.error_description === 'string' ? data.error_description : '';
  const namesDpop = /dpop/i.test(code ?? '') || /\bdpop\b/i.test(description.slice(0, 1_000));
  return {
    kind: 'oauth',
    status: response.status,
    error: code,
    ...(namesDpop ? { namesDpop } : {}),
  };
}

/** A 2xx answer whose body was not what the protocol says. */
export class MalformedResponseError extends Error {
  constructor(what: string) {
    super(`malformed ${what} response`);
    this.name = 'MalformedResponseError';
  }
}

/** A token endpoint answer (code exchange or refresh). Unknown fields are ignored. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1).max(4_096),
  /** `Bearer` from Google; `DPoP` from an issuer that binds access tokens too (refused by the callers). */
  token_type: z.string().regex(/^(bearer|dpop)$/i),
  expires_in: z.number().positive().optional(),
  expiry_date: z.number().positive().optional(),
  refresh_token: z.string().min(1).max(2_048).optional(),
  scope: z.string().max(4_096).optional(),
  id_token: z.string().min(1).max(16_384).optional(),
  /**
   * Seconds the refresh token lives. Google documents it for time-based access (a person granting
   * access for a limited time); read wherever it comes, on the exchange or on a refresh.
   */
  refresh_token_expires_in: z.number().positive().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

/** Parses a token endpoint body, or throws {@link MalformedResponseError}. */
export function parseTokenResponse(data: unknown): TokenResponse {
  const parsed = tokenResponseSchema.safeParse(data);
  if (!parsed.success) throw new MalformedResponseError('token');
  return parsed.data;
}

/** Whether the access token is DPoP-bound (`token_type` DPoP): APIs would need a proof with it. */
export function isDpopAccessToken(tokens: Pick<TokenResponse, 'token_type'>): boolean {
  return tokens.token_type.toLowerCase() === 'dpop';
}

/**
 * A refresh answer, which must be Bearer: the account was signed in with Bearer access tokens
 * (a DPoP one is refused at sign-in), so anything else is not what this issuer said before.
 */
export function parseRefreshResponse(data: unknown): TokenResponse {
  const tokens = parseTokenResponse(data);
  if (isDpopAccessToken(tokens)) throw new MalformedResponseError('token');
  return tokens;
}

/** The largest answer read from the revoke, JWKS and userinfo endpoints (each a few KB). */
const MAX_SMALL_BODY = 64 * 1024;

/**
 * Retries for idempotent calls: a couple of quick retries on 5xx and dropped connections, never
 * after a refused answer (a redirect or an oversized body comes back the same way).
 */
function retry() {
  const limits = { retry: 2, noResponseRetries: 2 };
  return {
    retry: true,
    retryConfig: {
      ...limits,
      retryDelay: 100,
      httpMethodsToRetry: ['GET', 'POST'],
      statusCodesToRetry: [[500, 599]],
      shouldRetry: (error: {
        response?: { status?: number };
        config?: { retryConfig?: { currentRetryAttempt?: number } };
      }): boolean => {
        if (refusedReason(error)) return false;
        const attempt = error.config?.retryConfig?.currentRetryAttempt ?? 0;
        const status = error.response?.status;
        if (status === undefined) return attempt < limits.noResponseRetries;
        return status >= 500 && status <= 599 && attempt < limits.retry;
      },
    },
  };
}

/** What every gaxios call here adds: no redirect, the body capped (the guarded fetch enforces both). */
function guarded(maxBytes: number) {
  return { maxRedirects: 0, maxContentLength: maxBytes };
}

/** A non-2xx answer, shaped as gaxios errors are so {@link classifyHttpError} reads both. */
export class HttpStatusError extends Error {
  readonly response: { status: number; data: unknown };
  constructor(status: number, data: unknown) {
    super(`HTTP ${status}`);
    this.name = 'HttpStatusError';
    this.response = { status, data };
  }
}

/** The largest token endpoint answer read (an id_token is at most 16 KB; the rest is small). */
export const MAX_TOKEN_BODY = 64 * 1024;

export interface CodeExchangeRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  code: string;
  verifier: string;
  /** Identical to the authorization request's. */
  redirectUri: string;
  timeoutMs: number;
}

/**
 * `grant_type=authorization_code` at the token endpoint: one POST through `post` (see
 * form-post.ts: no redirect followed, size cap, time limit). Never retried: a code is single use,
 * and Google may revoke what it issued for a code presented twice (RFC 6749 §4.1.2). Resolves to
 * the parsed JSON body (checked by {@link parseTokenResponse}); a non-2xx answer throws
 * {@link HttpStatusError}, an oversized or non-JSON 2xx one {@link MalformedResponseError}.
 */
export async function requestCodeExchange(
  post: FormPost,
  req: CodeExchangeRequest,
): Promise<unknown> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: req.code,
    code_verifier: req.verifier,
    redirect_uri: req.redirectUri,
    client_id: req.clientId,
  });
  if (req.clientSecret) form.set('client_secret', req.clientSecret);
  let answer: FormAnswer;
  try {
    answer = await post(req.tokenUrl, form, { timeoutMs: req.timeoutMs, maxBytes: MAX_TOKEN_BODY });
  } catch (error) {
    if (error instanceof OversizedAnswerError) throw new MalformedResponseError('token');
    throw error;
  }
  const data = tokenAnswerData(answer);
  if (data === undefined) throw new MalformedResponseError('token');
  return data;
}

/**
 * The JSON of a token endpoint answer: a non-2xx one throws {@link HttpStatusError} (with its
 * body, for classifyHttpError); a 2xx one that is not JSON gives undefined.
 */
export function tokenAnswerData(answer: FormAnswer): unknown {
  let data: unknown;
  try {
    data = JSON.parse(answer.text);
  } catch {
    data = undefined;
  }
  if (answer.status < 200 || answer.status > 299) throw new HttpStatusError(answer.status, data);
  return data;
}

export interface RefreshRequest {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  timeoutMs: number;
}

/** The form of a `grant_type=refresh_token` request (bearer or DPoP-bound alike). */
export function refreshForm(req: RefreshRequest): URLSearchParams {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: req.refreshToken,
    client_id: req.clientId,
  });
  if (req.clientSecret) form.set('client_secret', req.clientSecret);
  return form;
}

/** `grant_type=refresh_token` at the token endpoint. */
export async function requestRefresh(
  transporter: Transporter,
  req: RefreshRequest,
): Promise<TokenResponse> {
  const body = refreshForm(req);
  const res = await transporter.request<unknown>({
    ...retry(),
    ...guarded(MAX_TOKEN_BODY),
    method: 'POST',
    url: req.tokenUrl,
    data: body,
    responseType: 'json',
    timeout: req.timeoutMs,
  });
  return parseRefreshResponse(res.data);
}

/**
 * Revokes a token at Google's revoke endpoint. The token goes in the POST body, not the URL
 * (google-auth-library's `revokeToken` puts it in the query string, where proxies and logs see it).
 * Google answers 400 `invalid_token` for an unknown or already revoked token: nothing is left to
 * revoke, so that is done too (revocations.ts relies on it).
 */
export async function requestRevoke(
  transporter: Transporter,
  revokeUrl: string,
  token: string,
  timeoutMs: number,
): Promise<void> {
  try {
    await transporter.request({
      ...retry(),
      ...guarded(MAX_SMALL_BODY),
      method: 'POST',
      url: revokeUrl,
      data: new URLSearchParams({ token }),
      responseType: 'text',
      timeout: timeoutMs,
    });
  } catch (error) {
    const problem = classifyHttpError(error);
    if (problem.kind === 'oauth' && problem.status === 400 && problem.error === 'invalid_token')
      return;
    throw error;
  }
}

const jwksSchema = z.object({
  keys: z.array(z.looseObject({ kid: z.string().min(1).optional(), kty: z.string() })).max(100),
});

/** Fetches a JWKS document. */
export async function requestJwks(
  transporter: Transporter,
  url: string,
  timeoutMs: number,
): Promise<z.infer<typeof jwksSchema>> {
  const res = await transporter.request<unknown>({
    ...retry(),
    ...guarded(MAX_SMALL_BODY),
    url,
    responseType: 'json',
    timeout: timeoutMs,
  });
  const parsed = jwksSchema.safeParse(res.data);
  if (!parsed.success) throw new MalformedResponseError('JWKS');
  return parsed.data;
}

export const userInfoSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(320).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().max(500).optional(),
  given_name: z.string().max(500).optional(),
  family_name: z.string().max(500).optional(),
  picture: z.string().max(2_048).optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

/** The OpenID userinfo of the token's owner. */
export async function requestUserInfo(
  transporter: Transporter,
  url: string,
  accessToken: string,
  timeoutMs: number,
): Promise<UserInfo> {
  const res = await transporter.request<unknown>({
    ...retry(),
    ...guarded(MAX_SMALL_BODY),
    url,
    headers: { Authorization: `Bearer ${accessToken}` },
    responseType: 'json',
    timeout: timeoutMs,
  });
  const parsed = userInfoSchema.safeParse(res.data);
  if (!parsed.success) throw new MalformedResponseError('userinfo');
  return parsed.data;
}
