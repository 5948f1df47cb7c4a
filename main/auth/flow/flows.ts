/**
 * Authorization flows: starting one (PKCE, state, nonce, its receiver, the browser), receiving
 * its redirect (validated before anything else), cancelling it, and remembering how recent flows
 * ended so a late or replayed redirect gets the right refusal.
 *
 * One flow at a time. What happens with an accepted code is the caller's (`complete`).
 */
import { CodeChallengeMethod, type OAuth2Client } from 'google-auth-library';
import { FEATURE_INFO, type Feature } from '../../../common/features.ts';
import type { PendingFlow } from '../../../common/model.ts';
import { flowFailure, MESSAGES } from '../errors.ts';
import { Flow, type FlowPurpose } from './flow.ts';
import type { FlowEnding, LoopbackAnswer } from './loopback.ts';
import { createNonce, createPkce, createState } from './pkce.ts';
import { checkRedirect, type EndedState, type RedirectContext } from './redirect.ts';
import type { OpenReceiver, ReceiverKind, RedirectReceiver } from './receivers.ts';
import type { Clock, FlowResult, OpenExternal } from '../types.ts';
import type { Logger } from '../../log/log.ts';

/** What a flow is for. */
export interface FlowRequest {
  purpose: FlowPurpose;
  feature?: Feature;
  /** Scopes sent to Google. */
  requestScopes: string[];
  /** Scopes the flow is for (shown in the window; checked in the answer). */
  wantedScopes: string[];
  loginHint?: string;
  expectedSub?: string;
  includeGrantedScopes: boolean;
}

/** The parameters of one authorization request. */
export interface AuthorizationParams {
  request: FlowRequest;
  redirectUri: string;
  state: string;
  nonce: string;
  codeChallenge: string;
}

/** A redirect's verdict, with the refusal's reason (safe to log). */
export type ReceiveAnswer = LoopbackAnswer & { reason?: string };

export interface FlowsDeps {
  clock: Clock;
  timeoutMs: number;
  logger: Logger;
  /** Opens the redirect receiver of a new flow (loopback or custom scheme). */
  openReceiver: OpenReceiver;
  /** The custom-scheme redirect URI, if the client has one (checked on every deep link). */
  customSchemeUri: string | null;
  /** The issuer the `iss` parameter must name (RFC 9207). */
  issuer: string;
  authorizationUrl(params: AuthorizationParams): string;
  openExternal: OpenExternal;
  /** Exchanges an accepted code and completes the account. */
  complete(flow: Flow, code: string): Promise<FlowResult>;
  /** The pending flow changed (started, exchanging, ended). */
  changed(): void;
  /**
   * How long a receiver keeps answering after its flow ended (a browser finishing a cancelled or
   * timed-out sign-in lands on a page saying so); default 0: closed at once.
   */
  lingerMs?: number;
}

/** What a receiver tells a browser about how the flow ended (a connect flow names its product). */
function endingOf(flow: Flow): FlowEnding {
  const outcome = flow.outcome;
  const { purpose, feature } = flow.init;
  const step =
    purpose === 'connect' && feature ? { connecting: FEATURE_INFO[feature].product } : {};
  if (outcome?.ok) return { kind: 'signed-in', email: outcome.account.email, ...step };
  switch (outcome?.code) {
    case 'CANCELLED':
      return { kind: 'cancelled', ...step };
    case 'TIMED_OUT':
      return { kind: 'timed-out', ...step };
    case 'CONSENT_PARTIAL':
      return { kind: 'partial', ...step };
    case 'CONSENT_DENIED':
      return { kind: 'denied', ...step };
    default:
      return { kind: 'ended', ...step };
  }
}

/** How many ended flows are remembered (to tell replayed from unknown states). */
const ENDED_HISTORY = 32;

/** Google's authorization URL through google-auth-library's `generateAuthUrl`. */
export function googleAuthorizationUrl(client: OAuth2Client) {
  return ({ request, redirectUri, state, nonce, codeChallenge }: AuthorizationParams): string =>
    client.generateAuthUrl({
      access_type: 'offline',
      // Always consent: Google returns a refresh token only on a consent, and a second machine
      // or a lost keychain entry must still end with one. Adding an account also asks Google
      // for its account chooser.
      prompt: request.purpose === 'add-account' ? 'select_account consent' : 'consent',
      scope: request.requestScopes,
      state,
      nonce,
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      redirect_uri: redirectUri,
      ...(request.includeGrantedScopes ? { include_granted_scopes: true } : {}),
      ...(request.loginHint ? { login_hint: request.loginHint } : {}),
    });
}

export class Flows {
  readonly #deps: FlowsDeps;
  #flow: Flow | null = null;
  #starting = false;
  #disposed = false;
  /** How flows ended, by state (a later redirect for one is refused with the right reason). */
  readonly #ended = new Map<string, EndedState>();
  /** Flows whose redirect was taken (a later copy of it is a replay, not an expired state). */
  readonly #answered = new WeakSet<Flow>();
  /** Receivers still closing (awaited by dispose). */
  readonly #closing = new Set<Promise<void>>();
  /** Receivers of ended flows still answering, with the timer that closes each. */
  readonly #lingering = new Map<RedirectReceiver, ReturnType<typeof setTimeout>>();

  constructor(deps: FlowsDeps) {
    this.#deps = deps;
  }

  /** The live flow, if any. */
  get current(): Flow | null {
    return this.#flow && this.#flow.phase !== 'settled' ? this.#flow : null;
  }

  /** The window's view of the live flow. */
  view(): PendingFlow | null {
    return this.current?.view() ?? null;
  }

  /** Starts a flow and resolves when it ends (one at a time: else FLOW_IN_PROGRESS). */
  async start(request: FlowRequest): Promise<FlowResult> {
    const { clock, logger } = this.#deps;
    if (this.#disposed) return flowFailure('INTERNAL', MESSAGES.shuttingDown);
    if (this.#starting || this.current) return flowFailure('FLOW_IN_PROGRESS', MESSAGES.inProgress);
    this.#starting = true;
    let receiver: RedirectReceiver | null = null;
    let flow: Flow;
    try {
      receiver = await this.#deps.openReceiver((url, from) => this.receive(url, from));
      const redirectUri = receiver.redirectUri;
      const pkce = createPkce();
      const state = createState();
      const nonce = createNonce();
      const url = this.#deps.authorizationUrl({
        request,
        redirectUri,
        state,
        nonce,
        codeChallenge: pkce.challenge,
      });
      flow = new Flow({
        purpose: request.purpose,
        ...(request.feature ? { feature: request.feature } : {}),
        scopes: request.wantedScopes,
        redirect: receiver.kind,
        redirectUri,
        url,
        state,
        verifier: pkce.verifier,
        nonce,
        ...(request.expectedSub ? { expectedSub: request.expectedSub } : {}),
        ...(request.loginHint ? { loginHint: request.loginHint } : {}),
        startedAt: clock.now(),
        timeoutMs: this.#deps.timeoutMs,
      });
    } catch (error) {
      this.#starting = false;
      await receiver?.close();
      logger.error('could not start the sign-in flow', { error });
      return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
    }
    this.#flow = flow;
    this.#starting = false;
    const opened = receiver;
    flow.onSettled(() => this.#onEnded(flow, opened));
    logger.info('flow started', { purpose: request.purpose, redirect: flow.init.redirect });
    this.#deps.changed();
    // The browser opening is not awaited as part of the flow: if it fails, the flow stays pending
    // and the window offers the URL to copy ("Copy link"). This is the injected port, not
    // Electron's shell: startLatchkey (main/app/start.ts, with authorizationOpener from
    // main/app/external-links.ts) limits it to the configured
    // authorization endpoint.
    void this.#open(flow);
    return flow.result;
  }

  /**
   * "Open again": the waiting flow's URL to the browser once more (the tab was closed, or no
   * browser came up). Same URL and state; false when no flow is waiting for the browser.
   */
  async reopen(): Promise<boolean> {
    const flow = this.current;
    if (!flow || flow.phase !== 'waiting') return false;
    this.#deps.logger.info('flow reopened in the browser', { purpose: flow.init.purpose });
    return this.#open(flow);
  }

  /** Hands the flow's URL to the openExternal port; a failure is logged, never thrown. */
  #open(flow: Flow): Promise<boolean> {
    return Promise.resolve()
      .then(() => this.#deps.openExternal(flow.init.url)) // eng-disable OPEN_EXTERNAL_JS_CHECK the port is allow-listed in main/app/external-links.ts
      .then(
        () => true,
        (error: unknown) => {
          this.#deps.logger.warn('could not open the system browser', { error });
          return false;
        },
      );
  }

  /**
   * A redirect delivered to a receiver. Validated first; only one carrying the live flow's state
   * may end it, and an accepted code goes to `complete`.
   */
  async receive(url: string, receiver: ReceiverKind): Promise<ReceiveAnswer> {
    const { logger } = this.#deps;
    const current = this.current;
    const live = current && current.init.redirect === receiver ? current : null;
    const context: RedirectContext = {
      flow: live
        ? {
            redirectUri: live.init.redirectUri,
            state: live.init.state,
            waiting: live.phase === 'waiting',
          }
        : null,
      staticRedirectUri: receiver === 'custom-scheme' ? this.#deps.customSchemeUri : null,
      issuer: this.#deps.issuer,
      ended: (s) => this.#ended.get(s),
    };
    const verdict = checkRedirect(url, context);
    if (verdict.kind === 'reject') {
      logger.warn('redirect rejected', { receiver, reason: verdict.reason });
      return { accepted: false, reason: verdict.reason };
    }
    const target = live as Flow;
    this.#answered.add(target);
    if (verdict.kind === 'fail') {
      logger.warn('authorization response ended the flow', { reason: verdict.reason });
      target.settle(flowFailure(verdict.code, verdict.message));
      // The browser's answer was Google's (right state); only a wrong issuer is a refusal.
      return verdict.reason === 'issuer-mismatch'
        ? { accepted: false, reason: verdict.reason }
        : { accepted: true, reason: verdict.reason, completed: Promise.resolve(false) };
    }
    target.beginExchange();
    const completed = this.#deps
      .complete(target, verdict.code)
      .catch((error: unknown) => {
        logger.error('sign-in failed unexpectedly', { error });
        return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
      })
      .then((result) => {
        target.settle(result);
        return result.ok;
      });
    // Told once the code exchange is on its way (it runs to its first request synchronously), so
    // building and pushing the state is done while the token endpoint answers, not before.
    this.#deps.changed();
    return { accepted: true, completed };
  }

  /** Ends the live flow as CANCELLED (only if it is for `sub`, when given). */
  cancel(sub?: string): void {
    const flow = this.#flow;
    if (!flow || (sub !== undefined && flow.init.expectedSub !== sub)) return;
    flow.settle(flowFailure('CANCELLED', MESSAGES.cancelled));
  }

  /** Cancels the live flow, refuses new ones, and waits for receivers to close. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    this.cancel();
    for (const [receiver, timer] of this.#lingering) {
      clearTimeout(timer);
      this.#close(receiver);
    }
    await Promise.all(this.#closing);
  }

  #close(receiver: RedirectReceiver): void {
    this.#lingering.delete(receiver);
    const closed = receiver.close().finally(() => this.#closing.delete(closed));
    this.#closing.add(closed);
  }

  #onEnded(flow: Flow, receiver: RedirectReceiver): void {
    const lingerMs = this.#deps.lingerMs ?? 0;
    if (receiver.ended && lingerMs > 0 && !this.#disposed) {
      receiver.ended(endingOf(flow));
      const timer = setTimeout(() => this.#close(receiver), lingerMs);
      (timer as { unref?: () => void }).unref?.();
      this.#lingering.set(receiver, timer);
    } else {
      receiver.ended?.(endingOf(flow));
      this.#close(receiver);
    }
    this.#remember(flow.init.state, this.#answered.has(flow) ? 'replayed' : 'expired');
    if (this.#flow === flow) this.#flow = null;
    const outcome = flow.outcome;
    this.#deps.logger.info('flow ended', {
      purpose: flow.init.purpose,
      outcome: outcome?.ok ? 'signed-in' : (outcome?.code ?? 'unknown'),
    });
    this.#deps.changed();
  }

  #remember(state: string, how: EndedState): void {
    this.#ended.set(state, how);
    if (this.#ended.size > ENDED_HISTORY) {
      const oldest = this.#ended.keys().next().value;
      if (oldest !== undefined) this.#ended.delete(oldest);
    }
  }
}
