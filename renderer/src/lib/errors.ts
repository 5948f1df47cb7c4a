/**
 * Error codes → how a view presents them: a heading and what the person can do. The sentence
 * itself is the one main wrote with the error (main/auth/errors.ts MESSAGES, main/google/errors.ts
 * toApiError) — one place for each sentence; the window adds only the heading and the button,
 * in its language. Data views branch only on {@link ErrorView.action}, never on the code, so
 * every view treats an error the same way.
 */
import type { ApiError, Result } from '../../../common/result.ts';
import type { Feature } from '../../../common/features.ts';
import { featureName } from './features.ts';
import { t } from './i18n.svelte.ts';

/** What the view offers next to the message. */
export type ErrorAction = 'retry' | 'sign-in' | 'connect' | 'none';

/** An error as a view shows it. */
export interface ErrorView {
  title: string;
  /** The sentence main wrote for this error. */
  message: string;
  action: ErrorAction;
  /** The button's text for {@link action}. */
  actionLabel: string;
}

/**
 * How a data view presents `error`. `feature` names the scope SCOPE_REQUIRED asks for; without
 * it (the profile view) SCOPE_REQUIRED reads as a generic failure.
 */
export function errorView(error: ApiError, feature?: Feature): ErrorView {
  const message = error.message || t('errors.noSentence');
  const retry = { message, action: 'retry', actionLabel: t('common.retry') } as const;
  switch (error.code) {
    case 'NETWORK':
      return { title: t('errors.network'), ...retry };
    case 'SESSION_EXPIRED':
    case 'AUTH_REQUIRED':
      return {
        title: t('errors.sessionEnded'),
        message,
        action: 'sign-in',
        actionLabel: t('common.signInAgain'),
      };
    case 'SCOPE_REQUIRED':
      if (feature) {
        const connect = t('errors.connect', { name: featureName(feature) });
        return { title: connect, message, action: 'connect', actionLabel: connect };
      }
      break;
    case 'RATE_LIMITED':
    case 'GOOGLE_API':
      return { title: t('errors.busy'), ...retry };
    case 'KEYCHAIN_UNAVAILABLE':
      return { title: t('errors.keychain'), ...retry };
  }
  return { title: t('errors.other'), ...retry };
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
