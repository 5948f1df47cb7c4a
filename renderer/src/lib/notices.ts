/** Which notices are banners (they need the person to act) and which are passing toasts. */
import type { Notice } from '../../../common/model.ts';

/** Codes of notices that report something finished: shown as toasts that leave by themselves. */
const COMPLETED: ReadonlySet<Notice['code']> = new Set<Notice['code']>(['REVOCATION_COMPLETED']);

/**
 * True for a notice that only reports a completed action ("Google confirmed the revocation"):
 * a toast. Everything else (memory-only storage, pending revocation, expired session, errors)
 * stays a banner until dismissed.
 */
export function isTransient(notice: Notice): boolean {
  return notice.level === 'info' && COMPLETED.has(notice.code);
}

/** A passing message: "Signed out of ada@example.com.", "Disconnected Google Drive." */
export interface Toast {
  id: string;
  message: string;
  /** `done` (a check mark): an action completed; `info`: what happened instead (Cancel, Deny). */
  tone?: 'done' | 'info';
}
