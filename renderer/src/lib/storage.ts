/**
 * Where the sign-in is kept, in plain words. Main reports memory-only storage with the raw reason
 * the keychain failed ("Cannot autolaunch D-Bus without X11 $DISPLAY"); people get one sentence
 * saying what to do, and the raw reason only behind "Details".
 */
import type { CredentialStorage, KeychainProblem } from '../../../common/model.ts';

/** Advice for a keychain that no Secret Service answers for (Linux without a keyring). */
export const NO_KEYCHAIN_SERVICE =
  'No keychain service is running — install gnome-keyring (or another Secret Service), then restart Latchkey.';
/** Advice for a keychain that is there but locked. */
export const KEYCHAIN_LOCKED = 'Your keychain is locked — unlock it, then restart Latchkey.';
/** Advice for a Secret Service without a default collection (no "login" keyring). */
export const KEYCHAIN_NO_DEFAULT =
  'Your keychain has no default keyring to save in — create one (the "login" keyring, in Passwords and Keys), then restart Latchkey.';
/** Advice for a keychain that refused Latchkey. */
export const KEYCHAIN_REFUSED =
  'Your keychain refused Latchkey — allow Latchkey in your keychain settings, then restart it.';
/** Advice for anything else. */
export const KEYCHAIN_OTHER =
  'Latchkey could not use your keychain — restart Latchkey to try again.';

const ADVICE: Record<KeychainProblem, string> = {
  'no-service': NO_KEYCHAIN_SERVICE,
  locked: KEYCHAIN_LOCKED,
  'no-default-collection': KEYCHAIN_NO_DEFAULT,
  refused: KEYCHAIN_REFUSED,
  unavailable: KEYCHAIN_OTHER,
};

/**
 * What a person should do about a keychain that failed for `reason`: by the kind of failure main
 * found (`problem`), else (an older main) read from the words of the reason.
 */
export function keychainAdvice(reason: string, problem?: KeychainProblem): string {
  if (problem) return ADVICE[problem];
  if (/aliases\/default|no such secret collection|default (collection|keyring)/i.test(reason))
    return KEYCHAIN_NO_DEFAULT;
  if (/\block(ed)?\b|unlock/i.test(reason)) return KEYCHAIN_LOCKED;
  if (/d-?bus|secret ?service|org\.freedesktop\.secrets|libsecret|\$DISPLAY/i.test(reason)) {
    return NO_KEYCHAIN_SERVICE;
  }
  if (/denied|not allowed|refused|permission|user (interaction|canceled|cancelled)/i.test(reason)) {
    return KEYCHAIN_REFUSED;
  }
  return KEYCHAIN_OTHER;
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
