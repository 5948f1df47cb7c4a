/** How a finished sign-in / add-account / connect flow reads to a person. */
import type { ApiError } from '../../../common/result.ts';

/** The kinds of unsuccessful endings a flow can have. */
export type OutcomeKind = 'denied' | 'partial' | 'timed-out' | 'cancelled' | 'busy' | 'failed';

/** An unsuccessful flow's ending. */
export interface FlowOutcome {
  kind: OutcomeKind;
  title: string;
  message: string;
  /**
   * For an ending the person chose (Cancel in the window, Deny at Google): the one sentence a
   * toast says while the window goes back to where they were. Absent: the window shows the
   * ending with a button that asks again.
   */
  toast?: string;
}

/**
 * Maps the error a flow ended with to its {@link FlowOutcome}. `connecting` names the feature a
 * connect flow was for ("Google Calendar"); without it the words are about signing in.
 */
export function flowOutcome(error: ApiError, connecting?: string): FlowOutcome {
  switch (error.code) {
    case 'CONSENT_DENIED':
      return {
        kind: 'denied',
        title: connecting ? `${connecting} was not connected` : 'You chose not to allow access',
        message: 'Google reports that you pressed Deny, so nothing was shared with Latchkey.',
        toast: connecting
          ? `${connecting} was not connected: you pressed Deny on Google's page.`
          : "Not signed in: you pressed Deny on Google's page, so nothing was shared.",
      };
    case 'CONSENT_PARTIAL':
      // Main's sentence says which box was left unticked.
      return {
        kind: 'partial',
        title: connecting ? `${connecting} was not connected` : 'Not everything was allowed',
        message: error.message,
      };
    case 'TIMED_OUT':
      return {
        kind: 'timed-out',
        title: connecting ? `Connecting ${connecting} timed out` : 'Sign-in timed out',
        message:
          "Your browser didn't come back to Latchkey in time. Start again and finish in the browser within a few minutes.",
      };
    case 'CANCELLED':
      return {
        kind: 'cancelled',
        title: connecting ? `Connecting ${connecting} cancelled` : 'Sign-in cancelled',
        message: 'You cancelled before Google finished. Nothing was shared with Latchkey.',
        toast: connecting
          ? `Connecting ${connecting} cancelled. Nothing was shared.`
          : 'Sign-in cancelled. Nothing was shared with Latchkey.',
      };
    case 'FLOW_IN_PROGRESS':
      return {
        kind: 'busy',
        title: 'Another sign-in is still open',
        message: 'Finish or cancel the sign-in waiting in your browser, then try again.',
      };
    default:
      return {
        kind: 'failed',
        title: connecting ? `Couldn't connect ${connecting}` : "Sign-in didn't work",
        message: error.message || 'Something went wrong while talking to Google.',
      };
  }
}
