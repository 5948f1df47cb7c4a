/**
 * Where the sign-in is kept, in plain words. Main reports memory-only storage with the raw reason
 * the keychain failed ("Cannot autolaunch D-Bus without X11 $DISPLAY"); people get one sentence
 * saying what to do, and the raw reason only behind "Details".
 */
import type { CredentialStorage, KeychainProblem } from '../../../common/model.ts';
import type { MessageKey } from '../../../common/i18n/index.ts';
import { t } from './i18n.svelte.ts';

/** The advice for each kind of keychain failure (its catalog key). */
const ADVICE: Record<KeychainProblem, MessageKey> = {
  'no-service': 'keychain.noService',
  locked: 'keychain.locked',
  'no-default-collection': 'keychain.noDefault',
  refused: 'keychain.refused',
  unavailable: 'keychain.other',
};

/**
 * The kind of failure `reason` names, read from its words (an older main reports no kind): a
 * Secret Service without a default collection, a locked keychain, no Secret Service at all, one
 * that refused Latchkey, or anything else.
 */
export function keychainProblem(reason: string): KeychainProblem {
  if (/aliases\/default|no such secret collection|default (collection|keyring)/i.test(reason))
    return 'no-default-collection';
  if (/\block(ed)?\b|unlock/i.test(reason)) return 'locked';
  if (/d-?bus|secret ?service|org\.freedesktop\.secrets|libsecret|\$DISPLAY/i.test(reason)) {
    return 'no-service';
  }
  if (/denied|not allowed|refused|permission|user (interaction|canceled|cancelled)/i.test(reason)) {
    return 'refused';
  }
  return 'unavailable';
}

/**
 * What a person should do about a keychain that failed for `reason`, in the window's language:
 * by the kind of failure main found (`problem`), else read from the words of the reason.
 */
export function keychainAdvice(reason: string, problem?: KeychainProblem): string {
  return t(ADVICE[problem ?? keychainProblem(reason)]);
}

/**
 * The raw reason for "Details", without the lead-in main puts before it ("The system keychain is
 * not available: …", "The system keychain refused a request: …") that the plain sentence already
 * says; null when there is none.
 */
export function keychainDetail(reason: string): string | null {
  const detail = reason
    .trim()
    .replace(/^(the )?(system )?keychain (is not available|refused a request)[:.]?\s*/i, '')
    .trim();
  return detail || null;
}

/** True when the sign-in is kept in memory only and ends when Latchkey quits. */
export function isMemoryOnly(storage: CredentialStorage | undefined): boolean {
  return storage?.kind === 'memory';
}

/** The memory-only reason, from the storage main reports or a KEYCHAIN_UNAVAILABLE notice. */
export function memoryReason(storage: CredentialStorage | undefined, fallback: string): string {
  if (storage?.kind === 'memory' && storage.reason.trim()) return storage.reason;
  // An older main puts the reason in brackets at the end of the notice: "… quits. (reason)"
  const bracketed = /\(([^()]*)\)\s*$/.exec(fallback);
  return bracketed?.[1] ?? fallback;
}
