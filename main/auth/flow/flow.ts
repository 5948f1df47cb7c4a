/**
 * One pending authorization flow: its secrets, its time limit, and a single `settle` that ends
 * it exactly once (success, cancel, timeout, denial, failure — whichever comes first wins).
 */
import type { Feature } from '../../../common/features.ts';
import type { PendingFlow } from '../../../common/model.ts';
import { MESSAGES } from '../errors.ts';
import type { FlowResult } from '../types.ts';

export type FlowPurpose = PendingFlow['purpose'];

export interface FlowInit {
  purpose: FlowPurpose;
  feature?: Feature;
  /** Scopes shown to the window (what this flow is for). */
  scopes: string[];
  redirect: PendingFlow['redirect'];
  redirectUri: string;
  /** The authorization URL (contains no secret: only the state, nonce and S256 challenge). */
  url: string;
  state: string;
  verifier: string;
  nonce: string;
  /** For consent flows: the account (`sub`) the user must consent as. */
  expectedSub?: string;
  /** The login_hint sent, if any. */
  loginHint?: string;
  startedAt: number;
  timeoutMs: number;
}

/** Where a flow is: waiting for the browser, exchanging the code, or over. */
export type FlowPhase = 'waiting' | 'exchanging' | 'settled';

export class Flow {
  readonly init: FlowInit;
  readonly expiresAt: number;
  /** Resolves once, with the flow's outcome. */
  readonly result: Promise<FlowResult>;
  #phase: FlowPhase = 'waiting';
  #resolve!: (result: FlowResult) => void;
  #timer: ReturnType<typeof setTimeout>;
  #cleanups: Array<() => void> = [];
  #outcome: FlowResult | null = null;

  constructor(init: FlowInit) {
    this.init = init;
    this.expiresAt = init.startedAt + init.timeoutMs;
    this.result = new Promise<FlowResult>((resolve) => {
      this.#resolve = resolve;
    });
    this.#timer = setTimeout(
      () => this.settle({ ok: false, code: 'TIMED_OUT', message: MESSAGES.timedOut }),
      init.timeoutMs,
    );
  }

  get phase(): FlowPhase {
    return this.#phase;
  }

  /** The outcome once settled, else null. */
  get outcome(): FlowResult | null {
    return this.#outcome;
  }

  /** Moves from waiting to exchanging; false if a redirect was already taken or the flow ended. */
  beginExchange(): boolean {
    if (this.#phase !== 'waiting') return false;
    this.#phase = 'exchanging';
    return true;
  }

  /** Ends the flow with `result`; only the first call counts. Returns whether this call won. */
  settle(result: FlowResult): boolean {
    if (this.#phase === 'settled') return false;
    this.#phase = 'settled';
    this.#outcome = result;
    clearTimeout(this.#timer);
    for (const cleanup of this.#cleanups.splice(0)) {
      try {
        cleanup();
      } catch {
        // Cleanup failures (a listener already closed) must not stop the others.
      }
    }
    this.#resolve(result);
    return true;
  }

  /** Runs `cleanup` when the flow settles (at once if it already has). */
  onSettled(cleanup: () => void): void {
    if (this.#phase === 'settled') cleanup();
    else this.#cleanups.push(cleanup);
  }

  /** The window's view of this flow: no state, verifier or nonce. */
  view(): PendingFlow {
    const view: PendingFlow = {
      purpose: this.init.purpose,
      url: this.init.url,
      redirect: this.init.redirect,
      scopes: [...this.init.scopes],
      expiresAt: new Date(this.expiresAt).toISOString(),
    };
    if (this.init.feature) view.feature = this.init.feature;
    return view;
  }
}
