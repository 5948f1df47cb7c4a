/**
 * The state feed: who listens to the auth state, the notices shown with it, and `emit()`, which
 * hands every listener one fresh snapshot. The snapshot itself is built by the caller (it reads
 * the session, the pending flow and the vault), so this module knows none of them.
 */
import type { AuthState, CredentialStorage } from '../../../common/model.ts';
import { MESSAGES } from '../errors.ts';
import { NoticeBoard } from './notices.ts';
import type { Logger } from '../../log/log.ts';

export type StateListener = (state: AuthState) => void;

export class StateFeed {
  /** The notices that go out with the state (session expired, revocation pending, …). */
  readonly notices = new NoticeBoard();
  readonly #listeners = new Set<StateListener>();
  readonly #snapshot: () => AuthState;
  readonly #logger: Logger;

  /** `snapshot` builds the state sent to listeners; it is called once per `emit()`. */
  constructor(snapshot: () => AuthState, logger: Logger) {
    this.#snapshot = snapshot;
    this.#logger = logger;
  }

  /** Sends the current state to every listener; a listener that throws is logged and skipped. */
  emit(): void {
    if (this.#listeners.size === 0) return;
    const snapshot = this.#snapshot();
    for (const listener of this.#listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        this.#logger.error('auth state listener failed', { error });
      }
    }
  }

  /** Calls `listener` on every emit; returns the unsubscribe function. */
  onChange(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Removes a notice by id (the window's "dismiss"); emits when one was removed. */
  dismiss(noticeId: string): void {
    if (this.notices.remove({ id: noticeId })) this.emit();
  }

  /**
   * Adds the KEYCHAIN_UNAVAILABLE notice when secrets are kept in memory only, and the
   * KEYCHAIN_WAITING notice while the keychain waits for the person (removed once it answers).
   */
  noteStorage(storage: CredentialStorage): void {
    if (storage.kind === 'keychain' && storage.waiting) {
      this.notices.add('info', 'KEYCHAIN_WAITING', () => MESSAGES.keychainWaiting);
    } else {
      this.notices.remove({ code: 'KEYCHAIN_WAITING' });
    }
    if (storage.kind === 'memory') {
      const { reason } = storage;
      this.notices.add('warning', 'KEYCHAIN_UNAVAILABLE', () =>
        MESSAGES.keychainUnavailable(reason),
      );
    }
  }

  /** Drops every listener (dispose). */
  clear(): void {
    this.#listeners.clear();
  }
}
