/**
 * The window's account state: the latest {@link AuthState} pushed by main, the flow the user
 * started from this window and how it ended, and the notices still on screen. Components read it
 * and call its methods; only this module and the views' loaders call the bridge.
 */
import type { Account, AuthState, Notice, PendingFlow } from '../../../common/model.ts';
import type { Feature } from '../../../common/features.ts';
import type { Result } from '../../../common/result.ts';
import { api } from './api.ts';
import { thrownResult } from './errors.ts';
import { featureName } from './features.ts';
import { t } from './i18n.svelte.ts';
import { isTransient, type Toast } from './notices.ts';
import { flowOutcome, type FlowOutcome } from './outcome.ts';

/** Which top-level screen the window shows. */
export type Screen = 'loading' | 'unavailable' | 'signed-out' | 'signing-in' | 'signed-in';

/** What a flow started here is for. */
export type FlowPurpose = PendingFlow['purpose'];

/** The account state of the window. */
export class AuthStore {
  /** The latest state from main; null until the first answer. */
  state = $state.raw<AuthState | null>(null);
  /** Why the first load failed, when it did. */
  loadError = $state<string | null>(null);
  /** A flow this window started and is waiting on (set before main reports it). */
  starting = $state<FlowPurpose | null>(null);
  /**
   * How the last sign-in / add-account flow ended, when it did not succeed and the person did not
   * choose it (Cancel and Deny are told in a toast instead).
   */
  outcome = $state.raw<FlowOutcome | null>(null);
  /** Notices raised by this window itself (failed sign-outs, …). */
  localNotices = $state<Notice[]>([]);
  /** Toasts raised by this window itself (completed sign-outs and disconnects). */
  localToasts = $state<Toast[]>([]);
  /** Notice ids the user dismissed. */
  dismissed = $state<string[]>([]);
  /**
   * The email of the last active account, kept after it is signed out (a session Google ended,
   * say) so "Sign in again" can ask Google for the same account.
   */
  lastEmail = $state<string | null>(null);
  /** The account a toast just named after its sign-in (the window does not say it twice). */
  namedId = $state<string | null>(null);

  /** The active account, or the first one when main names none. */
  readonly active: Account | null = $derived(
    this.state
      ? (this.state.accounts.find((a) => a.id === this.state?.activeId) ??
          this.state.accounts[0] ??
          null)
      : null,
  );

  /** The pending flow as main reports it. */
  readonly flow: PendingFlow | null = $derived(this.state?.flow ?? null);

  /** True while any flow (sign-in, add account, connect) waits for the browser. */
  readonly waiting: boolean = $derived(this.flow !== null || this.starting !== null);

  /**
   * Banners to show (states that need the person to act): main's notices and the window's own,
   * minus the dismissed ones and those that only report a completed action (see {@link toasts}).
   */
  readonly notices: Notice[] = $derived(
    [...(this.state?.notices ?? []), ...this.localNotices].filter(
      (notice) => !this.dismissed.includes(notice.id) && !isTransient(notice),
    ),
  );

  /** Completed actions, shown as toasts that leave by themselves: main's and the window's. */
  readonly toasts: Toast[] = $derived(
    [
      ...(this.state?.notices ?? [])
        .filter(isTransient)
        .map(({ id, message }): Toast => ({ id, message })),
      ...this.localToasts,
    ].filter((toast) => !this.dismissed.includes(toast.id)),
  );

  /** The top-level screen. */
  readonly screen: Screen = $derived.by(() => {
    if (!this.state) return this.loadError ? 'unavailable' : 'loading';
    if (this.state.accounts.length > 0) return 'signed-in';
    // A sign-in that came back partly is said on the signed-out screen, above its one button.
    if (this.waiting || (this.outcome && this.outcome.kind !== 'partial')) return 'signing-in';
    return 'signed-out';
  });

  #localId = 0;

  /** Subscribes to main's state and loads the first one; returns the unsubscribe function. */
  start(): () => void {
    let bridge;
    try {
      bridge = api();
    } catch {
      this.loadError = t('window.noBridge');
      return () => {};
    }
    const off = bridge.auth.onChange((state) => this.#apply(state));
    void bridge.auth.accounts().then(
      (result) => {
        if (result.ok) {
          // A pushed state may already be newer than this answer.
          if (!this.state) this.#apply(result.value);
        } else if (!this.state) {
          this.loadError = result.error.message;
        }
      },
      (error: unknown) => {
        if (!this.state) this.loadError = error instanceof Error ? error.message : String(error);
      },
    );
    return off;
  }

  /** Starts sign-in in the system browser; resolves when the flow ends. */
  signIn(loginHint?: string): Promise<Result<Account>> {
    return this.#runFlow('sign-in', () => api().auth.signIn(loginHint ? { loginHint } : undefined));
  }

  /** Adds another Google account; resolves when the flow ends. */
  addAccount(): Promise<Result<Account>> {
    return this.#runFlow('add-account', () => api().auth.addAccount());
  }

  /**
   * Asks for a feature's scope (incremental consent). The outcome is the caller's to show: the
   * view that asked knows best where to say it.
   */
  async connect(feature: Feature, accountId?: string): Promise<Result<Account>> {
    this.starting = 'connect';
    try {
      return await api().features.connect(accountId ? { feature, accountId } : { feature });
    } catch (error) {
      return thrownResult(error);
    } finally {
      this.starting = null;
    }
  }

  /** "Open again": the waiting flow's page in the browser once more; false if nothing opened. */
  async reopen(): Promise<boolean> {
    const result = await api().auth.reopen();
    return result.ok && result.value;
  }

  /** Cancels the flow waiting for the browser. */
  async cancel(): Promise<void> {
    await api().auth.cancel();
  }

  /** Forgets the last flow's outcome (the "Back" button of the outcome panel). */
  clearOutcome(): void {
    this.outcome = null;
  }

  /** Makes another signed-in account the active one. */
  async setActive(accountId: string): Promise<void> {
    this.namedId = null;
    const result = await api().auth.setActive({ accountId });
    if (result.ok) this.#apply(result.value);
    else this.notify('error', result.error.code, result.error.message);
  }

  /**
   * Signs an account out (main revokes at Google) and tells the user how it went, unless main
   * already says so in a notice of its own (a revocation left pending, say): a toast when Google
   * confirmed it, a banner when the revocation still has to reach Google.
   */
  async signOut(accountId: string): Promise<void> {
    const result = await api().auth.signOut({ accountId });
    await this.refresh();
    if (!result.ok) {
      this.notify('error', result.error.code, result.error.message);
      return;
    }
    const { revoked, message } = result.value;
    const code = revoked ? 'REVOCATION_COMPLETED' : 'REVOCATION_PENDING';
    const told = this.state?.notices.some((n) => n.code === code && n.message === message);
    if (told) return;
    if (revoked) this.toast(message);
    else this.notify('warning', code, message);
  }

  /** Removes a feature's scope from an account; a toast says it is done. */
  async disconnect(feature: Feature, accountId: string): Promise<Result<Account>> {
    const email = this.state?.accounts.find((a) => a.id === accountId)?.email;
    const result = await api().features.disconnect({ feature, accountId });
    if (!result.ok) this.notify('error', result.error.code, result.error.message);
    else {
      const name = featureName(feature);
      this.toast(
        email ? t('toast.disconnectedFrom', { name, email }) : t('toast.disconnected', { name }),
      );
    }
    await this.refresh();
    return result;
  }

  /** Re-reads the state from main (for when a push may not come, e.g. after sign-out). */
  async refresh(): Promise<void> {
    const result = await api().auth.accounts();
    if (result.ok) this.#apply(result.value);
  }

  /**
   * "Sign in again" for the account whose session ended (`email`, from its notice), else the
   * active or last account (or a plain sign-in).
   */
  signInAgain(email?: string): Promise<Result<Account>> {
    return this.signIn(email ?? this.active?.email ?? this.lastEmail ?? undefined);
  }

  /** Hides a notice at once, and tells main so it does not come back with the next state. */
  dismiss(id: string): void {
    if (!this.dismissed.includes(id)) this.dismissed.push(id);
    if (!id.startsWith('local-')) void api().auth.dismissNotice({ noticeId: id });
  }

  /** Shows a toast raised by the window itself (it leaves by itself, see Toasts.svelte). */
  toast(message: string, tone: Toast['tone'] = 'done'): void {
    this.localToasts.push({ id: `local-${++this.#localId}`, message, tone });
  }

  /** Shows a notice raised by the window itself. */
  notify(level: Notice['level'], code: Notice['code'], message: string): void {
    this.localNotices.push({ id: `local-${++this.#localId}`, level, code, message });
  }

  /**
   * Names the account a sign-in or "Add account" ended with, so a person sees which Google
   * account the browser signed in (and notices one that is not theirs). The core signs an account
   * that is already here in again and makes it the active one: said so, not as a new account.
   */
  #named(account: Account, before: AuthState | null): void {
    const known = before?.accounts.some((a) => a.id === account.id) ?? false;
    const { name, email } = account;
    if (!known) this.toast(t('toast.signedIn', { name, email }));
    else if (before?.activeId === account.id) this.toast(t('toast.signedInAgain', { email }));
    else this.toast(t('toast.signedInSwitched', { email }));
    this.namedId = account.id;
  }

  #apply(state: AuthState): void {
    const active = state.accounts.find((a) => a.id === state.activeId) ?? state.accounts[0];
    if (active) this.lastEmail = active.email;
    this.state = state;
  }

  async #runFlow(
    purpose: FlowPurpose,
    run: () => Promise<Result<Account>>,
  ): Promise<Result<Account>> {
    this.outcome = null;
    this.starting = purpose;
    const before = this.state;
    let result: Result<Account>;
    try {
      result = await run();
    } catch (error) {
      result = thrownResult(error);
    } finally {
      this.starting = null;
    }
    if (!result.ok) {
      // Cancel and Deny go back to where the person was, with a toast saying so.
      const outcome = flowOutcome(result.error);
      if (outcome.toast) this.toast(outcome.toast, 'info');
      else this.outcome = outcome;
    } else {
      await this.refresh();
      this.#named(result.value, before);
    }
    return result;
  }
}

/** The window's one account store. */
export const auth = new AuthStore();
