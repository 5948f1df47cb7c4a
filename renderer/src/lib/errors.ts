/**
 * Error codes → what a person reads and what they can do about it. Data views branch only on
 * {@link ErrorView.action}, never on the code, so every view treats an error the same way.
 */
import type { ApiError, Result } from '../../../common/result.ts';
import type { Feature } from '../../../common/features.ts';
import { featureName } from './features.ts';

/** What the view offers next to the message. */
export type ErrorAction = 'retry' | 'sign-in' | 'connect' | 'none';

/** An error as a view shows it. */
export interface ErrorView {
  title: string;
  message: string;
  action: ErrorAction;
  /** The button's text for {@link action}. */
  actionLabel: string;
  /** What Google or the app said, shown small under the message when it adds something. */
  detail?: string;
}

/**
 * How a data view presents `error`. `feature` names the scope SCOPE_REQUIRED asks for; without
 * it (the profile view) SCOPE_REQUIRED reads as a generic failure.
 */
export function errorView(error: ApiError, feature?: Feature): ErrorView {
  switch (error.code) {
    case 'NETWORK':
      return {
        title: "Can't reach Google",
        message: 'Check your internet connection, then try again.',
        action: 'retry',
        actionLabel: 'Retry',
      };
    case 'SESSION_EXPIRED':
    case 'AUTH_REQUIRED':
      return {
        title: 'Your session has ended',
        message:
          error.code === 'SESSION_EXPIRED'
            ? 'Google no longer accepts this sign-in (it was revoked or expired). Sign in again to continue.'
            : 'This account is signed out. Sign in again to continue.',
        action: 'sign-in',
        actionLabel: 'Sign in again',
      };
    case 'SCOPE_REQUIRED':
      if (feature) {
        const name = featureName(feature);
        return {
          title: `Connect ${name}`,
          message: `Latchkey needs your permission to read ${name}. Google will ask you in your browser.`,
          action: 'connect',
          actionLabel: `Connect ${name}`,
        };
      }
      break;
    case 'RATE_LIMITED':
    case 'GOOGLE_API':
      return {
        title: 'Google is busy',
        message: "Google couldn't answer just now. Wait a moment, then try again.",
        action: 'retry',
        actionLabel: 'Retry',
        ...(error.message ? { detail: error.message } : {}),
      };
    case 'KEYCHAIN_UNAVAILABLE':
      return {
        title: "Can't open the keychain",
        message: error.message,
        action: 'retry',
        actionLabel: 'Retry',
      };
  }
  return {
    title: 'Something went wrong',
    message: error.message || 'Latchkey hit an unexpected problem.',
    action: 'retry',
    actionLabel: 'Retry',
  };
}

/**
 * A bridge call that threw instead of answering: the bridge answers with values, so a throw means
 * the connection to main broke or there is a bug. Shown as INTERNAL rather than swallowed.
 */
export function thrownResult<T>(error: unknown): Result<T> {
  return {
    ok: false,
    error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
  };
}
