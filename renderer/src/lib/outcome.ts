/** How a finished sign-in / add-account / connect flow reads to a person. */
import type { Feature } from '../../../common/features.ts';
import type { MessageKey } from '../../../common/i18n/index.ts';
import type { ApiError } from '../../../common/result.ts';
import { featureName } from './features.ts';
import { t } from './i18n.svelte.ts';

/** The kinds of unsuccessful endings a flow can have. */
export type OutcomeKind = 'denied' | 'partial' | 'timed-out' | 'cancelled' | 'busy' | 'failed';

/**
 * An unsuccessful flow's ending. Its words are worded when read, so an outcome on screen follows
 * a change of language.
 */
export interface FlowOutcome {
  kind: OutcomeKind;
  readonly title: string;
  readonly message: string;
  /**
   * For an ending the person chose (Cancel in the window, Deny at Google): the one sentence a
   * toast says while the window goes back to where they were. Absent: the window shows the
   * ending with a button that asks again.
   */
  readonly toast?: string;
}

/** The words of each ending: when signing in, and when connecting `{name}`. */
type Words = [signIn: MessageKey, connect: MessageKey];

const TITLES: Record<OutcomeKind, Words> = {
  denied: ['outcome.deniedTitle', 'outcome.deniedConnectTitle'],
  partial: ['outcome.partialTitle', 'outcome.deniedConnectTitle'],
  'timed-out': ['outcome.timedOutTitle', 'outcome.timedOutConnectTitle'],
  cancelled: ['outcome.cancelledTitle', 'outcome.cancelledConnectTitle'],
  busy: ['outcome.busyTitle', 'outcome.busyTitle'],
  failed: ['outcome.failedTitle', 'outcome.failedConnectTitle'],
};

/** The sentence of each ending the window words itself (the others say main's sentence). */
const MESSAGES: Partial<Record<OutcomeKind, MessageKey>> = {
  denied: 'outcome.denied',
  'timed-out': 'outcome.timedOut',
  cancelled: 'outcome.cancelled',
  busy: 'outcome.busy',
};

/** The toast of each ending the person chose. */
const TOASTS: Partial<Record<OutcomeKind, Words>> = {
  denied: ['outcome.deniedToast', 'outcome.deniedConnectToast'],
  cancelled: ['outcome.cancelledToast', 'outcome.cancelledConnectToast'],
};

function kindOf(error: ApiError): OutcomeKind {
  switch (error.code) {
    case 'CONSENT_DENIED':
      return 'denied';
    case 'CONSENT_PARTIAL':
      return 'partial';
    case 'TIMED_OUT':
      return 'timed-out';
    case 'CANCELLED':
      return 'cancelled';
    case 'FLOW_IN_PROGRESS':
      return 'busy';
    default:
      return 'failed';
  }
}

/**
 * Maps the error a flow ended with to its {@link FlowOutcome}. `connecting` is the feature a
 * connect flow was for; without it the words are about signing in.
 */
export function flowOutcome(error: ApiError, connecting?: Feature): FlowOutcome {
  const kind = kindOf(error);
  const say = ([signIn, connect]: Words): string =>
    connecting ? t(connect, { name: featureName(connecting) }) : t(signIn);
  const toast = TOASTS[kind];
  return {
    kind,
    get title() {
      return say(TITLES[kind]);
    },
    get message() {
      const own = MESSAGES[kind];
      if (own) return t(own);
      // Main's sentence: which box was left unticked, or what failed.
      return error.message || (kind === 'failed' ? t('outcome.failed') : '');
    },
    ...(toast
      ? {
          get toast() {
            return say(toast);
          },
        }
      : {}),
  };
}
