/**
 * Incremental consent from a feature view: "Connect Google Calendar" runs a connect flow and
 * keeps how it ended for the view to show on its Connect card (a box left unticked, timed out, …);
 * an ending the person chose (Cancel, Deny) is only said in a toast.
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
      const outcome = flowOutcome(result.error, this.feature);
      if (outcome.toast) auth.toast(outcome.toast, 'info');
      else this.outcome = outcome;
      return false;
    } finally {
      this.busy = false;
    }
  }

  dismiss(): void {
    this.outcome = null;
  }
}
