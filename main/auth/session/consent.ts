/**
 * Incremental authorization (Google's `include_granted_scopes=true`): a feature's scope is asked
 * for the first time the feature is opened, in a consent flow for that account only; and a
 * feature can be disconnected on this computer by dropping its scope from the account.
 */
import type { Account } from '../../../common/model.ts';
import type { Feature } from '../../../common/features.ts';
import type { FlowRequest } from '../flow/flows.ts';
import { missingScopes, unique } from './scopes.ts';
import type { SessionStore } from './session.ts';

/**
 * The consent flow that asks `account` for the scopes of `wanted` it has not granted, or null
 * when it has them all. `openid` rides along so the answer carries an id_token naming who
 * consented (checked against the account).
 */
export function consentRequest(
  account: Account,
  wanted: readonly string[],
  feature?: Feature,
): FlowRequest | null {
  const missing = missingScopes(account.grantedScopes, wanted);
  if (missing.length === 0) return null;
  return {
    purpose: 'connect',
    ...(feature ? { feature } : {}),
    requestScopes: unique(['openid', ...missing]),
    wantedScopes: missing,
    loginHint: account.email,
    expectedSub: account.id,
    includeGrantedScopes: true,
  };
}

/**
 * Stops using `scopes` for `accountId` on this computer (the sign-in scopes always stay); Google
 * keeps them in the grant until sign-out. Returns the updated account.
 */
export function dropScopes(
  session: SessionStore,
  accountId: string,
  scopes: readonly string[],
  signInScopes: readonly string[],
): Account {
  const account = session.require(accountId);
  const drop = new Set(scopes.filter((s) => !signInScopes.includes(s)));
  const updated = {
    ...account,
    grantedScopes: account.grantedScopes.filter((s) => !drop.has(s)),
  };
  session.update(updated);
  session.persist();
  return { ...updated, grantedScopes: [...updated.grantedScopes] };
}
