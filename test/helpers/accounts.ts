/**
 * The test accounts, one home for every layer's fixtures (component, unit, integration): the
 * people the demo Google seeds, as the window sees them once signed in.
 */
import type { Account } from '../../common/model.ts';
import { SIGN_IN_SCOPES } from '../../common/features.ts';

/** What a sign-in grants before any feature is connected. */
export const SIGNED_IN_SCOPES: readonly string[] = [...SIGN_IN_SCOPES];

export const ADA: Account = {
  id: '1001',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  pictureUrl: null,
  grantedScopes: [...SIGNED_IN_SCOPES],
  lastSignIn: '2026-11-25T08:00:00.000Z',
};

export const GRACE: Account = {
  id: '1002',
  email: 'grace@example.com',
  name: 'Grace Hopper',
  pictureUrl: null,
  grantedScopes: [...SIGNED_IN_SCOPES],
  lastSignIn: '2026-11-25T08:30:00.000Z',
};

/** `account` with `scopes` granted on top of the sign-in. */
export function withScopes(account: Account, ...scopes: string[]): Account {
  return { ...account, grantedScopes: [...account.grantedScopes, ...scopes] };
}
