/**
 * Incremental consent from a feature view: "Connect Google Calendar" runs a connect flow and
 * keeps how it ended for the view to show (denied, timed out, …) next to a "Try again".
 */
import type { Feature } from '../../../common/features.ts';
import { auth } from './auth.svelte.ts';
import { flowOutcome, type FlowOutcome } from './outcome.ts';

/** One feature's connect button state. */
export class FeatureConnection {
  busy = $state(false);
  outcome = $state.raw<FlowOutcome | null>(null);

  readonly feature: Feature;

  constructor(feature: Feature) {
    this.feature = feature;
  }

  /** Asks for the feature's scope; true when Google granted it. */
  async connect(accountId: string): Promise<boolean> {
    this.busy = true;
    this.outcome = null;
    try {
      const result = await auth.connect(this.feature, accountId);
      if (result.ok) return true;
      this.outcome = flowOutcome(result.error, this.feature);
      return false;
    } finally {
      this.busy = false;
    }
  }

  dismiss(): void {
    this.outcome = null;
  }
}
