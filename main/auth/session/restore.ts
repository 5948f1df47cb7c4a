/**
 * Bringing the saved accounts back at start: each account's keychain entry is read once; an
 * account whose entry is gone, or whose DPoP-bound entry lost its key, is signed out with a notice
 * that says why in plain words (and carries the email, so "Sign in again" can fill it in).
 */
import type { TokenVault } from '../../vault/types.ts';
import { dpopKeyFromJwk } from '../tokens/dpop.ts';
import { MESSAGES } from '../errors.ts';
import type { SessionStore } from './session.ts';
import type { StateFeed } from './state-feed.ts';
import type { TokenKeeper } from '../tokens/tokens.ts';
import type { Logger } from '../../log/log.ts';

/** What restoring needs from the core. */
export interface RestoreDeps {
  session: SessionStore;
  tokens: TokenKeeper;
  vault: TokenVault;
  feed: StateFeed;
  logger: Logger;
  /** Signs an account out locally (tokens, keychain entry, metadata). */
  forget(accountId: string): Promise<void>;
}

/**
 * Loads the refresh tokens of the accounts in `deps.session`'s record and signs out those that
 * cannot be resumed. In demo mode, `demoGoogle` says whether the demo Google kept its grants
 * ('kept') or started afresh ('moved', 'new': every saved demo sign-in is gone).
 */
export async function restoreAccounts(
  deps: RestoreDeps,
  demo: { mode: boolean; demoGoogle?: 'kept' | 'moved' | 'new' },
): Promise<void> {
  const { session, tokens, vault, feed, logger, forget } = deps;
  const demoAfresh =
    demo.mode && demo.demoGoogle && demo.demoGoogle !== 'kept' ? demo.demoGoogle : null;
  const lost = [];
  const keyLost = [];
  for (const account of session.record.accounts) {
    const entry = demoAfresh ? null : await vault.getEntry(account.id).catch(() => null);
    if (vault.storage().kind === 'memory') {
      // The keychain failed while being read: nothing can be resumed this time, but nothing was
      // lost either. The saved metadata is kept (as at a start without a keychain), so the
      // accounts come back once the keychain works again.
      tokens.clear();
      session.replace({ accounts: [], activeId: null });
      logger.warn('keychain failed during restore; accounts kept for the next start');
      feed.emit();
      return;
    }
    if (!entry) {
      lost.push(account);
      continue;
    }
    if (!entry.bound) {
      tokens.restore(account.id, entry.token);
      continue;
    }
    // A bound token is only ever used with its key: without it, signed out, never bearer.
    const key = dpopKeyFromJwk(entry.dpopKey);
    if (key) tokens.restore(account.id, entry.token, key);
    else keyLost.push(account);
  }
  for (const account of lost) {
    await forget(account.id);
    const { email } = account;
    const message = (): string =>
      demoAfresh
        ? MESSAGES.demoGoogleAfresh(email, demoAfresh)
        : demo.mode
          ? MESSAGES.demoEntryLost(email)
          : MESSAGES.entryLost(email);
    feed.notices.add('warning', 'SESSION_EXPIRED', message, email);
  }
  for (const account of keyLost) {
    logger.warn('DPoP-bound keychain entry without a usable key; signed out');
    await forget(account.id);
    const { email } = account;
    feed.notices.add('warning', 'SESSION_EXPIRED', () => MESSAGES.dpopKeyMissing(email), email);
  }
  session.persist();
  logger.info('session restored', {
    accounts: session.record.accounts.length,
    lost: lost.length + keyLost.length,
  });
  feed.emit();
}
