/** A signed-in account and its client, against a loopback server, for the Google modules' tests. */
import { OAuth2Client } from 'google-auth-library';
import type { Account } from '../../../common/model.ts';
import { FEATURE_SCOPES } from '../../../common/features.ts';
import type { CoreForCalls } from '../../../main/google/call.ts';
import { ADA, withScopes } from '../../helpers/accounts.ts';

/** Ada, with every feature connected. */
export const ACCOUNT: Account = withScopes(
  ADA,
  FEATURE_SCOPES.calendar,
  FEATURE_SCOPES.drive,
  FEATURE_SCOPES.tasks,
);

/** A client holding a valid access token (no refresh needed). */
export function signedInClient(): OAuth2Client {
  const client = new OAuth2Client({ clientId: 'test-client', clientSecret: 'test-secret' });
  client.setCredentials({ access_token: 'valid', expiry_date: Date.now() + 3_600_000 });
  return client;
}

/** The part of the core the Google modules use, for one account. */
export function coreFor(account: Account, client: OAuth2Client): CoreForCalls {
  return {
    accounts: () => [account],
    clientFor: async () => client,
    dropScopes: () => account,
  };
}
