/** How a finished sign-in / add-account / connect flow reads to a person. */
import type { Feature } from '../../../common/features.ts';
import type { MessageKey } from '../../../common/i18n/index.ts';
import type { ApiError } from '../../../common/result.ts';
import { featureName } from './features.ts';
import { t } from './i18n.svelte.ts';

/** The kinds of unsuccessful endings a flow can have. */
export type OutcomeKind = 'denied' | 'timed-out' | 'cancelled' | 'busy' | 'failed';

/**
 * An unsuccessful flow's ending, as shown with a "Try again" button. `title` and `message` are
 * worded when read, so an outcome on screen follows a change of language.
 */
export interface FlowOutcome {
  kind: OutcomeKind;
  readonly title: string;
  readonly message: string;
}

/** The title when signing in, and when connecting `{name}`. */
const TITLES: Record<OutcomeKind, [MessageKey, MessageKey]> = {
  denied: ['outcome.deniedTitle', 'outcome.deniedConnectTitle'],
  'timed-out': ['outcome.timedOutTitle', 'outcome.timedOutConnectTitle'],
  cancelled: ['outcome.cancelledTitle', 'outcome.cancelledConnectTitle'],
  busy: ['outcome.busyTitle', 'outcome.busyTitle'],
  failed: ['outcome.failedTitle', 'outcome.failedConnectTitle'],
};

/** The sentence of each ending; a failure says main's own sentence. */
const MESSAGES: Record<Exclude<OutcomeKind, 'failed'>, MessageKey> = {
  denied: 'outcome.denied',
  'timed-out': 'outcome.timedOut',
  cancelled: 'outcome.cancelled',
  busy: 'outcome.busy',
};

function kindOf(error: ApiError): OutcomeKind {
  switch (error.code) {
    case 'CONSENT_DENIED':
      return 'denied';
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
  return {
    kind,
    get title() {
      const [signIn, connect] = TITLES[kind];
      return connecting ? t(connect, { name: featureName(connecting) }) : t(signIn);
    },
    get message() {
      if (kind === 'failed') return error.message || t('outcome.failed');
      return t(MESSAGES[kind]);
    },
  };
}
