/**
 * The one way Latchkey calls a Google API: "call Google with this policy".
 *
 * - The scope is checked locally first: no request leaves without it (SCOPE_REQUIRED).
 * - 401 → the rejected access token is dropped, the client refreshes once (single-flight inside
 *   the account's client), and the call is retried once; a refresh refused with `invalid_grant`
 *   is SESSION_EXPIRED (the auth core signs the account out).
 * - 429 / 5xx / no answer → bounded retries with backoff (see retry.ts), honouring Retry-After.
 * - gaxios' own retry is switched off for every request made through here (`retry: false`), so
 *   the only retries are these: they never multiply.
 * - No redirect is followed and the answer is size-capped (`maxRedirects: 0`,
 *   `maxContentLength`): the account clients' fetch enforces both (main/auth/issuer/guarded-fetch.ts),
 *   and gaxios' default fetch honours them for any other client. A refused answer is not retried.
 *
 * Every outcome is a {@link Result}; nothing is thrown to the caller.
 */
import type { OAuth2Client } from 'google-auth-library';
import type { Result } from '../../common/result.ts';
import { err, ok } from '../../common/result.ts';
import { DEFAULT_MAX_ANSWER_BYTES } from '../auth/issuer/guarded-fetch.ts';
import type { AuthCore } from '../auth/types.ts';
import type { Logger } from '../log/log.ts';
import { classifyGoogleError, isTransient, toApiError } from './errors.ts';
import type { GoogleFailure } from './errors.ts';
import type { RetryPolicy, Sleep } from './retry.ts';
import {
  afterRetry,
  DEFAULT_RETRY_POLICY,
  initialRetryState,
  nextDelay,
  realSleep,
} from './retry.ts';

/** Per-request options every Google request made through {@link callGoogle} must pass on. */
export interface RequestOptions {
  /** gaxios' own retry, off: {@link callGoogle} owns the retry policy. */
  retry: false;
  /** Give up on a request that hangs (a person is waiting); a timeout counts as "no answer". */
  timeout: number;
  /** Never follow a redirect: a 3xx ends the request (nothing sent to the `Location` host). */
  maxRedirects: 0;
  /** The largest answer read, in bytes. */
  maxContentLength: number;
}

/** The largest API answer read (an agenda page of 250 events with only the shown fields is far less). */
export const MAX_ANSWER_BYTES = DEFAULT_MAX_ANSWER_BYTES;

/** How long one request may take before it counts as "no answer". */
export const REQUEST_TIMEOUT_MS = 15_000;

/** The part of the auth core a Google call needs. */
export type CoreForCalls = Pick<AuthCore, 'accounts' | 'clientFor' | 'dropScopes'>;

/** Everything {@link callGoogle} needs besides the request itself. */
export interface CallContext {
  core: CoreForCalls;
  accountId: string;
  /** What is being loaded, for messages ("your calendar"). */
  service: string;
  /** The scope the call needs; checked against the account's granted scopes before any request. */
  scope?: string;
  policy?: RetryPolicy;
  sleep?: Sleep;
  random?: () => number;
  logger?: Logger;
  requestTimeoutMs?: number;
  /** The answer size cap (default {@link MAX_ANSWER_BYTES}). */
  maxAnswerBytes?: number;
}

/** One request to Google with an account's authorized client. */
export type GoogleRequest<T> = (client: OAuth2Client, options: RequestOptions) => Promise<T>;

/** Forced refreshes in flight, per client: concurrent 401s wait for the same one. */
const forcedRefreshes = new WeakMap<OAuth2Client, Promise<void>>();

/**
 * After a 401: get a fresh access token through the client, even though it thinks its own valid.
 *
 * `tokenBefore` is the access token the client held when the failed attempt started. When the
 * client holds another one now, a concurrent caller already refreshed: nothing to do but retry.
 * Otherwise one forced refresh per client runs at a time (google-auth-library's own refresh is
 * single-flight per refresh token too), so N concurrent 401s make one token request.
 * (The rejected token cannot be read back from the error: gaxios redacts the header, rightly.)
 */
async function refreshAfterUnauthorized(
  client: OAuth2Client,
  tokenBefore: string | null,
): Promise<void> {
  const inFlight = forcedRefreshes.get(client);
  if (inFlight) return inFlight;
  const current = client.credentials.access_token ?? null;
  if (current !== null && current !== tokenBefore) return;
  // refreshAccessToken() always refreshes (getAccessToken() would hand back the rejected token,
  // which the client still believes valid). On the auth core's clients it goes through the core's
  // single-flight refresh, which signs the account out on invalid_grant.
  const refresh = client.refreshAccessToken().then(() => undefined);
  forcedRefreshes.set(client, refresh);
  try {
    await refresh;
  } finally {
    forcedRefreshes.delete(client);
  }
}

/** Calls Google for `ctx.accountId` with the retry and error policy described above. */
export async function callGoogle<T>(
  ctx: CallContext,
  request: GoogleRequest<T>,
): Promise<Result<T>> {
  const policy = ctx.policy ?? DEFAULT_RETRY_POLICY;
  const sleep = ctx.sleep ?? realSleep;
  const account = ctx.core.accounts().find((candidate) => candidate.id === ctx.accountId);
  if (!account) return err('AUTH_REQUIRED', 'Sign in to Google first.');
  if (ctx.scope !== undefined && !account.grantedScopes.includes(ctx.scope)) {
    return err('SCOPE_REQUIRED', `Latchkey needs your permission to read ${ctx.service}.`);
  }
  const options: RequestOptions = {
    retry: false,
    timeout: ctx.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    maxRedirects: 0,
    maxContentLength: ctx.maxAnswerBytes ?? MAX_ANSWER_BYTES,
  };

  let client: OAuth2Client;
  try {
    client = await ctx.core.clientFor(ctx.accountId);
  } catch (error) {
    return fail(ctx, classifyGoogleError(error));
  }

  let state = initialRetryState();
  let refreshed = false;
  for (;;) {
    let failure: GoogleFailure;
    const tokenBefore = client.credentials.access_token ?? null;
    try {
      return ok(await request(client, options));
    } catch (error) {
      failure = classifyGoogleError(error);
      if (failure.kind === 'unauthorized' && !refreshed) {
        refreshed = true;
        ctx.logger?.info('google: access token rejected, refreshing once', {
          service: ctx.service,
        });
        try {
          await refreshAfterUnauthorized(client, tokenBefore);
          continue;
        } catch (refreshError) {
          failure = classifyGoogleError(refreshError);
        }
      }
    }
    if (isTransient(failure)) {
      const delay = nextDelay(failure, state, policy, ctx.random);
      if (delay !== null) {
        ctx.logger?.warn('google: transient failure, retrying', {
          service: ctx.service,
          kind: failure.kind,
          status: 'status' in failure ? failure.status : undefined,
          delayMs: delay,
        });
        await sleep(delay);
        state = afterRetry(state, failure, delay);
        continue;
      }
    }
    return fail(ctx, failure);
  }
}

function fail<T>(ctx: CallContext, failure: GoogleFailure): Result<T> {
  if (failure.kind === 'scope' && ctx.scope !== undefined) {
    // Google says the token lacks a scope the account's record says it has (the user removed
    // it at myaccount.google.com): forget it locally, so "Connect" really asks again.
    try {
      ctx.core.dropScopes(ctx.accountId, [ctx.scope]);
    } catch {
      // The account may be gone meanwhile; SCOPE_REQUIRED is still the right answer.
    }
  }
  const error = toApiError(failure, ctx.service);
  ctx.logger?.warn('google: call failed', {
    service: ctx.service,
    kind: failure.kind,
    errorCode: error.code,
    // The network port's sentence (a proxy, a certificate): the one line that says what happened.
    ...(failure.kind === 'network' && failure.message ? { problem: failure.message } : {}),
  });
  return { ok: false, error };
}
