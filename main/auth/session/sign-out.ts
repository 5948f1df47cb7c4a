/**
 * Sign-out in its one safe order: stop a consent flow that could bring the account back; record
 * the revocation (in the vault) before anything is wiped, so a crash or an offline network can
 * never lose a token Google still honours; wipe locally at once; then tell Google. A revocation
 * Google could not take stays recorded and is retried (tokens/revocations.ts); one the vault
 * would not keep is said to be lost, with what to do instead.
 */
import type { SignOutOutcome } from '../../../common/model.ts';
import type { Logger } from '../../log/log.ts';
import { MESSAGES } from '../errors.ts';
import type { Revocations } from '../tokens/revocations.ts';
import type { Clock } from '../types.ts';
import type { SessionStore } from './session.ts';
import type { StateFeed } from './state-feed.ts';

/** What sign-out needs from the other rooms. */
export interface SignOutDeps {
  session: SessionStore;
  /** Cancels a pending consent flow for the account (flow/flows.ts). */
  cancelFlowsOf(accountId: string): void;
  /** The account's refresh token, if one is held (tokens/tokens.ts). */
  refreshTokenOf(accountId: string): string | undefined;
  revocations: Revocations;
  /** Signs the account out locally: tokens, client, keychain entry, metadata. */
  forget(accountId: string): Promise<void>;
  feed: StateFeed;
  clock: Clock;
  logger: Logger;
}

/** Signs `accountId` out and revokes its grant at Google (now, or later when offline). */
export async function signOut(deps: SignOutDeps, accountId: string): Promise<SignOutOutcome> {
  const { session, revocations, feed } = deps;
  const account = session.require(accountId);
  deps.cancelFlowsOf(accountId);
  const refreshToken = deps.refreshTokenOf(accountId);
  const pendingId = refreshToken
    ? await revocations.record(refreshToken, new Date(deps.clock.now()))
    : null;
  await deps.forget(accountId);
  feed.emit();
  if (!refreshToken) {
    return { revoked: false, message: MESSAGES.signedOutLocally(account.email) };
  }
  if ((await revocations.revoke(refreshToken, pendingId)) === 'pending') {
    // Only a recorded revocation is retried; one the keychain would not keep is said as lost.
    const { email } = account;
    const message = (): string =>
      pendingId ? MESSAGES.revocationPending(email) : MESSAGES.revocationNotKept(email);
    feed.notices.add('warning', 'REVOCATION_PENDING', message);
    feed.emit();
    return { revoked: false, message: message() };
  }
  deps.logger.info('signed out and revoked');
  feed.emit();
  return { revoked: true, message: MESSAGES.signedOutRevoked(account.email) };
}
