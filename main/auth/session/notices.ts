/** The notices shown in the window (session expired, revocation pending, keychain missing…). */
import { randomUUID } from 'node:crypto';
import type { Notice } from '../../../common/model.ts';

/** How many notices are kept; older ones drop off. */
const MAX_NOTICES = 8;

/**
 * A notice's sentence: fixed text, or a function that words it in the language of the moment, so
 * a notice still on screen follows a change of language (common/i18n/current.ts).
 */
export type NoticeText = string | (() => string);

/** A notice as kept: its sentence not yet worded. */
interface KeptNotice extends Omit<Notice, 'message'> {
  text: NoticeText;
}

function word(text: NoticeText): string {
  return typeof text === 'string' ? text : text();
}

export class NoticeBoard {
  #notices: KeptNotice[] = [];

  /**
   * Adds a notice; a notice with the same code and message replaces the older copy. `email`: the
   * account a "Sign in again" is for.
   */
  add(level: Notice['level'], code: Notice['code'], message: NoticeText, email?: string): Notice {
    const kept: KeptNotice = {
      id: randomUUID(),
      level,
      code,
      text: message,
      ...(email ? { email } : {}),
    };
    const words = word(message);
    this.#notices = this.#notices.filter((n) => !(n.code === code && word(n.text) === words));
    this.#notices.push(kept);
    if (this.#notices.length > MAX_NOTICES)
      this.#notices.splice(0, this.#notices.length - MAX_NOTICES);
    return present(kept);
  }

  /** Removes notices by id or by code; returns whether anything changed. */
  remove(match: { id?: string; code?: Notice['code'] }): boolean {
    const before = this.#notices.length;
    this.#notices = this.#notices.filter(
      (n) => !(n.id === match.id || (match.code !== undefined && n.code === match.code)),
    );
    return this.#notices.length !== before;
  }

  /** The notices, each worded now. */
  list(): Notice[] {
    return this.#notices.map(present);
  }
}

/** A kept notice as the window gets it: the sentence worded in the language of the moment. */
function present({ text, ...notice }: KeptNotice): Notice {
  const { id, level, code, email } = notice;
  return { id, level, code, message: word(text), ...(email ? { email } : {}) };
}
