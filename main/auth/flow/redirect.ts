/**
 * Validation of an authorization response (the redirect back from Google), before anything else
 * happens with it. Redirect URLs are hostile input: any web page or local program can open our
 * custom scheme or hit the loopback port.
 *
 * The rule that keeps a forged redirect from breaking a genuine sign-in: only a redirect carrying
 * the live flow's exact `state` may affect that flow. Everything else is rejected and the flow keeps
 * waiting for the real one.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../../common/result.ts';
import { MESSAGES } from '../errors.ts';

/** Longest redirect URL accepted (Google's are well under 2 KB). */
export const MAX_REDIRECT_LENGTH = 4_096;

/** Why a redirect was ignored; the pending flow (if any) is untouched. */
export type RedirectRejection =
  | 'too-long'
  | 'malformed'
  | 'wrong-target'
  | 'no-pending-flow'
  | 'missing-state'
  | 'unknown-state'
  | 'replayed'
  | 'expired'
  | 'duplicate-parameter'
  | 'missing-code';

/** Why a redirect carrying the live state ended the flow without a token request. */
export type RedirectFailure = 'access-denied' | 'authorization-error' | 'issuer-mismatch';

export type RedirectVerdict =
  | { kind: 'reject'; reason: RedirectRejection }
  | { kind: 'fail'; reason: RedirectFailure; code: ErrorCode; message: string }
  | { kind: 'code'; code: string };

/** What the live flow expects. */
export interface ExpectedRedirect {
  /** The exact redirect_uri sent in the authorization request. */
  redirectUri: string;
  state: string;
  /** Whether the flow can still take a redirect (false once one was accepted). */
  waiting: boolean;
}

/** What became of states of flows that ended (bounded history, to name replays). */
export type EndedState = 'replayed' | 'expired';

export interface RedirectContext {
  /** The live flow, or null. */
  flow: ExpectedRedirect | null;
  /** Where redirects are expected when no flow is live (the custom-scheme URI), or null. */
  staticRedirectUri: string | null;
  /** The OpenID issuer; an `iss` parameter must equal it (RFC 9207). */
  issuer: string;
  /** Lookup of ended flows by state. */
  ended: (state: string) => EndedState | undefined;
}

/** Parameters that must appear at most once. */
const SINGLE = ['state', 'code', 'iss', 'error', 'error_description', 'error_uri', 'scope'];
const MAX_PARAM = 2_048;
/** OAuth error codes are short ASCII words; anything else is not echoed. */
const ERROR_CODE = /^[a-z_]{1,64}$/;

/**
 * The redirect went to exactly the registered URI: the serialized URL up to its query equals it,
 * so user info, an empty authority (`scheme:///…`) or any other spelling is not it.
 */
function sameTarget(actual: URL, expectedUri: string): boolean {
  return actual.href.split(/[?#]/, 1)[0] === new URL(expectedUri).href;
}

/** Constant-time comparison of two state values (hashed first so lengths leak nothing). */
export function sameState(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Decides what a redirect URL means. Pure: the caller acts on the verdict. */
export function checkRedirect(raw: unknown, context: RedirectContext): RedirectVerdict {
  if (typeof raw !== 'string') return { kind: 'reject', reason: 'malformed' };
  if (raw.length > MAX_REDIRECT_LENGTH) return { kind: 'reject', reason: 'too-long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'reject', reason: 'malformed' };
  }

  const expectedUri = context.flow?.redirectUri ?? context.staticRedirectUri;
  if (!expectedUri || !sameTarget(url, expectedUri)) {
    return {
      kind: 'reject',
      reason: context.flow || expectedUri ? 'wrong-target' : 'no-pending-flow',
    };
  }

  const params = url.searchParams;
  for (const name of SINGLE) {
    if (params.getAll(name).length > 1) return { kind: 'reject', reason: 'duplicate-parameter' };
  }
  for (const value of params.values()) {
    if (value.length > MAX_PARAM) return { kind: 'reject', reason: 'malformed' };
  }

  const state = params.get('state');
  if (!state) return { kind: 'reject', reason: 'missing-state' };
  const flow = context.flow;
  if (!flow || !sameState(state, flow.state)) {
    return {
      kind: 'reject',
      reason: context.ended(state) ?? (flow ? 'unknown-state' : 'no-pending-flow'),
    };
  }
  if (!flow.waiting) return { kind: 'reject', reason: 'replayed' };

  // From here on the redirect carries the live state: it is Google's answer to this flow.
  const iss = params.get('iss');
  if (iss !== null && iss !== context.issuer) {
    return {
      kind: 'fail',
      reason: 'issuer-mismatch',
      code: 'SIGN_IN_FAILED',
      message: MESSAGES.unexpectedIssuer,
    };
  }
  const error = params.get('error');
  if (error !== null) {
    if (error === 'access_denied') {
      return {
        kind: 'fail',
        reason: 'access-denied',
        code: 'CONSENT_DENIED',
        message: MESSAGES.denied,
      };
    }
    if (error === 'admin_policy_enforced') {
      return {
        kind: 'fail',
        reason: 'authorization-error',
        code: 'SIGN_IN_FAILED',
        message: MESSAGES.adminPolicySignIn,
      };
    }
    return {
      kind: 'fail',
      reason: 'authorization-error',
      code: 'SIGN_IN_FAILED',
      message: MESSAGES.authorizationError(ERROR_CODE.test(error) ? error : null),
    };
  }
  const code = params.get('code');
  if (!code) return { kind: 'reject', reason: 'missing-code' };
  return { kind: 'code', code };
}
