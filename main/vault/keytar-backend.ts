/**
 * The OS keychain through keytar (Secret Service on Linux, Keychain on macOS, Credential Manager
 * on Windows). keytar is imported lazily so a missing or mis-built native module is an ordinary,
 * catchable failure (→ memory-only fallback) instead of a crash at start.
 */
import type { KeytarLike, SecretBackend } from './types.ts';

/** Loads keytar; tests and other shells may pass their own loader. */
export type KeytarLoader = () => Promise<KeytarLike>;

export const loadKeytar: KeytarLoader = async () => {
  const module = (await import('@github/keytar')) as unknown as {
    default?: KeytarLike;
  } & KeytarLike;
  return module.default ?? module;
};

/** A keychain call that did not answer in time (a hung Secret Service, a prompt left open). */
export class KeychainTimeoutError extends Error {
  constructor() {
    // i18n-ignore: the raw reason behind the window's "Details", like the OS's own error text
    super('the keychain did not answer in time');
    this.name = 'KeychainTimeoutError';
  }
}

/**
 * How long a keychain call may take. The OS may be asking the person first — macOS's "Latchkey
 * wants to use your confidential information" after an update, a Linux keyring's unlock prompt —
 * and people take longer than a program to answer: after `promptAfterMs` the caller is told
 * (`onWaiting`) so the window can say what it waits for, and the call goes on waiting until
 * `timeoutMs`.
 */
export interface KeychainTiming {
  /** After this long without an answer, a prompt is probably open (default 5 s). */
  promptAfterMs: number;
  /** No answer by then: {@link KeychainTimeoutError} (default 3 minutes). */
  timeoutMs: number;
  /** Called once a call has waited `promptAfterMs`; what it returns runs when the call ends. */
  onWaiting?: () => () => void;
}

/** The defaults of {@link KeychainTiming}. */
export const KEYCHAIN_TIMING: KeychainTiming = { promptAfterMs: 5_000, timeoutMs: 180_000 };

function withTiming<T>(promise: Promise<T>, timing: KeychainTiming): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let waited: (() => void) | null = null;
    const prompt = setTimeout(() => {
      waited = timing.onWaiting?.() ?? null;
    }, timing.promptAfterMs);
    const timer = setTimeout(
      () => settle(() => reject(new KeychainTimeoutError())),
      timing.timeoutMs,
    );
    prompt.unref?.();
    timer.unref?.();
    let settled = false;
    function settle(done: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(prompt);
      clearTimeout(timer);
      done();
      waited?.();
    }
    promise.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) =>
        settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

/**
 * Every keytar call in the process, one at a time. keytar runs each call on a libuv worker
 * thread, and libsecret is not safe under concurrent use: parallel calls have been seen to return
 * stale answers and to crash the process. A call that hangs releases the line at its time limit.
 */
let line: Promise<unknown> = Promise.resolve();

/** Runs `call` after every keytar call queued before it has settled (or timed out). */
export function serialized<T>(
  call: () => Promise<T>,
  timing: KeychainTiming = KEYCHAIN_TIMING,
): Promise<T> {
  const result = line.then(() => withTiming(call(), timing));
  line = result.catch(() => undefined);
  return result;
}

/** A {@link SecretBackend} over keytar for one service name. Every call is time-limited. */
export function createKeytarBackend(
  keytar: KeytarLike,
  service: string,
  timing: KeychainTiming = KEYCHAIN_TIMING,
): SecretBackend {
  return {
    get: (account) => serialized(() => keytar.getPassword(service, account), timing),
    set: (account, value) => serialized(() => keytar.setPassword(service, account, value), timing),
    delete: async (account) => {
      await serialized(() => keytar.deletePassword(service, account), timing);
    },
  };
}
