/** The notices shown in the window (session expired, revocation pending, keychain missing…). */
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../../common/model.ts';

/** How many notices are kept; older ones drop off. */
const MAX_NOTICES = 8;

export class NoticeBoard {
  #notices: Notice[] = [];

  /**
   * Adds a notice; a notice with the same code and message replaces the older copy. `email`: the
   * account a "Sign in again" is for.
   */
  add(level: Notice['level'], code: Notice['code'], message: string, email?: string): Notice {
    const notice: Notice = { id: randomUUID(), level, code, message, ...(email ? { email } : {}) };
    this.#notices = this.#notices.filter((n) => !(n.code === code && n.message === message));
    this.#notices.push(notice);
    if (this.#notices.length > MAX_NOTICES)
      this.#notices.splice(0, this.#notices.length - MAX_NOTICES);
    return notice;
  }

  /** Removes notices by id or by code; returns whether anything changed. */
  remove(match: { id?: string; code?: Notice['code'] }): boolean {
    const before = this.#notices.length;
    this.#notices = this.#notices.filter(
      (n) => !(n.id === match.id || (match.code !== undefined && n.code === match.code)),
    );
    return this.#notices.length !== before;
  }

  list(): Notice[] {
    return this.#notices.map((n) => ({ ...n }));
  }
}
