/**
 * The auth core: Google sign-in in the system browser with PKCE, accounts, authorized clients
 * with single-flight refresh, incremental consent and sign-out with revocation.
 *
 * This file only composes the rooms that do the work (each module takes its dependencies as
 * parameters, so a test can build it with fakes): flow/ (the browser hand-off and its
 * receivers), issuer/ (HTTP to Google, the code exchange, the id_token check), tokens/ (access
 * tokens, refresh, DPoP, revocation) and session/ (accounts, completion, restore, sign-out,
 * consent, and the state pushed to the window). Each room's README says its job and the RFC
 * sections it implements.
 *
 * No `electron` import: the browser, the keychain, the metadata file and the log come in as ports
 * (see {@link AuthCoreOptions}), so this file runs in plain Node, in tests and in the preview.
 */
import type { NetworkPort } from '../net/network.ts';
import type { AuthState } from '../../common/model.ts';
import { SIGN_IN_SCOPES } from '../../common/features.ts';
import type { TokenVault } from '../vault/types.ts';
import { completeSignIn } from './session/complete.ts';
import { DpopSignIn } from './tokens/dpop-sign-in.ts';
import { flowFailure, MESSAGES } from './errors.ts';
import { exchangeCode } from './issuer/exchange.ts';
import type { Flow } from './flow/flow.ts';
import { Flows, type FlowRequest } from './flow/flows.ts';
import { createIssuer } from './issuer/issuer.ts';
import { customSchemeUriFor, receiverFor } from './flow/receivers.ts';
import { restoreAccounts } from './session/restore.ts';
import { Revocations } from './tokens/revocations.ts';
import { consentRequest, dropScopes } from './session/consent.ts';
import { signOut } from './session/sign-out.ts';
import { SessionStore } from './session/session.ts';
import { StateFeed } from './session/state-feed.ts';
import { TokenKeeper } from './tokens/tokens.ts';
import type {
  AuthConfig,
  AuthCore,
  Clock,
  FlowResult,
  MetadataStore,
  OpenExternal,
} from './types.ts';
import type { Logger } from '../log/log.ts';

/** Everything the core needs from its host. */
export interface AuthCoreOptions {
  /** From `loadConfig()` (main/app/config.ts). */
  config: AuthConfig;
  /** Opens a URL in the system browser (Electron: the allow-listed `shell.openExternal` wrapper). */
  openExternal: OpenExternal;
  /** From `createVault({ service: config.keychainService ?? config.appId, logger })`. */
  vault: TokenVault;
  /** Non-secret account data (electron-store or conf, see main/electron/metadata-store.ts and main/app/metadata-store.ts; any get/set/delete store). */
  metadata: MetadataStore;
  logger: Logger;
  /** Default: `Date`. */
  clock?: Clock;
  /** Time limit of a sign-in or consent flow; default 5 minutes. */
  flowTimeoutMs?: number;
  /**
   * How long the loopback listener keeps answering after its flow ended, with a page saying how
   * (cancelled, timed out, finished); default 10 minutes — as long as Google's consent page can
   * still send the browser back (its authorization codes live about 10 minutes). 0 closes it
   * with the flow.
   */
  flowLingerMs?: number;
  /** Time limit of one HTTP request to Google; default 15 s. */
  httpTimeoutMs?: number;
  /** Refresh an access token this long before it expires (at most half its lifetime); default 60 s. */
  refreshMarginMs?: number;
  /** Allowed clock difference for id_token `exp`/`iat`, seconds; default 60. */
  idTokenSkewSeconds?: number;
  /** The host's network port, for every request to Google (main/net/network.ts; default: the global fetch). */
  fetch?: NetworkPort;
  /**
   * Demo mode: whether the demo Google came back with its saved grants ('kept'), or started
   * afresh ('moved': its port was taken; 'new': nothing saved), so saved demo sign-ins are gone.
   */
  demoGoogle?: 'kept' | 'moved' | 'new';
}

const SIGN_IN = [...SIGN_IN_SCOPES] as string[];

/** Creates the auth core. Call `restore()` once before use. */
export function createAuthCore(options: AuthCoreOptions): AuthCore {
  const { config, vault, metadata, logger } = options;
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const customSchemeUri = customSchemeUriFor(config);
  const issuer = createIssuer({
    config,
    clock,
    httpTimeoutMs: options.httpTimeoutMs ?? 15_000,
    ...(options.idTokenSkewSeconds !== undefined
      ? { idTokenSkewSeconds: options.idTokenSkewSeconds }
      : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const state = (): AuthState => ({
    accounts: session.accounts(),
    activeId: session.activeId,
    flow: flows.view(),
    demo: config.mode === 'demo',
    storage: vault.storage(),
    notices: feed.notices.list(),
  });
  const feed = new StateFeed(state, logger);
  const session = new SessionStore({ vault, metadata, logger });

  /** Signs an account out locally: its tokens and client, its keychain entry, its metadata. */
  const forget = async (accountId: string): Promise<void> => {
    tokens.forget(accountId);
    await session.forget(accountId);
  };

  const revocations = new Revocations({
    vault,
    revoke: issuer.revoke,
    logger,
    onCompleted(_count, nonePending) {
      if (nonePending) feed.notices.remove({ code: 'REVOCATION_PENDING' });
      feed.notices.add('info', 'REVOCATION_COMPLETED', MESSAGES.revocationCompleted);
      feed.emit();
    },
  });

  const tokens = new TokenKeeper({
    refresh: issuer.refresh,
    vault,
    clock,
    refreshMarginMs,
    clientOptions: issuer.clientOptions,
    logger,
    isSignedIn: (accountId) => session.find(accountId) !== undefined,
    verifyIdToken: (idToken) => issuer.verifyIdToken(idToken, null),
    async onInvalidGrant(accountId, current, reason) {
      const account = session.find(accountId);
      if (account && current) {
        await forget(accountId);
        const message =
          reason === 'unverified'
            ? MESSAGES.sessionUnverified(account.email)
            : reason === 'admin_policy'
              ? MESSAGES.adminPolicy(account.email)
              : MESSAGES.sessionExpired(account.email);
        feed.notices.add('error', 'SESSION_EXPIRED', message, account.email);
        feed.emit();
      }
      return account?.email;
    },
    onRefreshed: () => revocations.retryIfPending(),
    onSignInEnd(accountId, endsAt) {
      const account = session.find(accountId);
      if (!account || account.signInExpiresAt === endsAt) return;
      session.update({ ...account, signInExpiresAt: endsAt });
      session.persist();
      feed.emit();
    },
  });

  const dpop = new DpopSignIn({ config, metadata, clock, logger });

  /**
   * The DPoP key of a flow's code exchange: the account's own when a consent flow adds scopes to a
   * bound sign-in (whatever comes back stays bound to it), else a new one (made while the person
   * was in the browser) unless DPoP is off or this client's token endpoint refused it.
   */
  const ownKey = (flow: Flow) =>
    flow.init.expectedSub ? tokens.dpopKeyOf(flow.init.expectedSub) : undefined;
  const flowKey = (flow: Flow) => ownKey(flow) ?? dpop.take();

  /** An accepted code: exchanged and checked, then the account completed (flows.ts catches throws). */
  const complete = async (flow: Flow, code: string): Promise<FlowResult> => {
    const ended = (): FlowResult | null => flow.outcome;
    const dpopKey = flowKey(flow);
    const exchanged = await exchangeCode(
      {
        requestTokens: (c, verifier, redirectUri) =>
          issuer.requestTokens(c, verifier, redirectUri, dpopKey),
        verifyIdToken: issuer.verifyIdToken,
        requestUserInfo: issuer.requestUserInfo,
        emailOf: (sub) => session.find(sub)?.email,
        // A refused proof is told once and remembered. An account's own key (a consent flow of a
        // bound sign-in) is never dropped this way: bound stays bound.
        ...(dpopKey && dpopKey !== ownKey(flow) ? { onDpopRefused: () => dpop.remember() } : {}),
        logger,
      },
      flow.init,
      code,
      ended,
    );
    if (!exchanged.ok) return exchanged.result;
    const deps = { session, tokens, vault, clock, logger, onSignedIn };
    return completeSignIn(deps, flow.init, exchanged.signIn, ended, dpopKey);
  };
  const onSignedIn = (): void => {
    feed.notices.remove({ code: 'SESSION_EXPIRED' });
    revocations.retryIfPending();
  };

  const flows = new Flows({
    clock,
    timeoutMs: options.flowTimeoutMs ?? 5 * 60_000,
    logger,
    openReceiver: receiverFor(config),
    customSchemeUri,
    issuer: config.endpoints.issuer,
    authorizationUrl: issuer.authorizationUrl,
    openExternal: options.openExternal,
    complete,
    changed: () => feed.emit(),
    lingerMs: options.flowLingerMs ?? 10 * 60_000,
  });

  /**
   * Starts a flow; the issuer's keys are fetched, and a sign-in's DPoP key pair made, while the
   * user is on the consent screen.
   */
  const startFlow = (request: FlowRequest): Promise<FlowResult> => {
    issuer.prefetchKeys();
    if (!request.expectedSub) dpop.prepare();
    return flows.start(request);
  };

  feed.noteStorage(vault.storage());
  const stopVaultWatch = vault.onStorageChange((storage) => {
    feed.noteStorage(storage);
    feed.emit();
  });

  return {
    config,

    async restore() {
      session.load();
      tokens.clear();
      if (vault.storage().kind === 'memory') {
        // Without the keychain no saved session can be resumed. The metadata is kept, so the
        // accounts come back once the keychain works again.
        session.replace({ accounts: [], activeId: null });
        feed.emit();
        return;
      }
      await restoreAccounts(
        { session, tokens, vault, feed, logger, forget },
        {
          mode: config.mode === 'demo',
          ...(options.demoGoogle ? { demoGoogle: options.demoGoogle } : {}),
        },
      );
      // Revocations owed from an earlier offline sign-out: tried in the background, so an offline
      // start is not held up by them.
      void revocations.retry();
    },

    signIn(opts = {}) {
      return startFlow({
        purpose: opts.purpose ?? 'sign-in',
        requestScopes: SIGN_IN,
        wantedScopes: SIGN_IN,
        ...(opts.loginHint ? { loginHint: opts.loginHint } : {}),
        includeGrantedScopes: false,
      });
    },

    async ensureScopes(accountId, scopes, feature) {
      const account = session.find(accountId);
      if (!account) return flowFailure('AUTH_REQUIRED', MESSAGES.authRequired);
      const request = consentRequest(account, scopes, feature);
      return request ? startFlow(request) : { ok: true, account: { ...account } };
    },

    cancel: () => flows.cancel(),
    reopen: () => flows.reopen(),
    pendingFlow: () => flows.view(),

    async handleRedirect(url) {
      const answer = await flows.receive(url, 'custom-scheme');
      return answer.reason === undefined
        ? { accepted: answer.accepted }
        : { accepted: answer.accepted, reason: answer.reason };
    },

    accounts: () => session.accounts(),
    activeId: () => session.activeId,

    setActive(accountId) {
      session.setActive(accountId);
      session.persist();
      feed.emit();
    },

    async clientFor(accountId) {
      session.require(accountId);
      return tokens.clientFor(accountId);
    },

    dropScopes(accountId, scopes) {
      const account = dropScopes(session, accountId, scopes, SIGN_IN);
      feed.emit();
      return account;
    },

    signOut: (accountId) =>
      signOut(
        {
          session,
          cancelFlowsOf: (id) => flows.cancel(id),
          refreshTokenOf: (id) => tokens.refreshTokenOf(id),
          revocations,
          forget,
          feed,
          clock,
          logger,
        },
        accountId,
      ),

    retryPendingRevocations: () => revocations.retry(),
    accessTokenExpiry: (accountId) => tokens.expiryOf(accountId),
    boundToThisComputer: (accountId) => tokens.dpopKeyOf(accountId) !== undefined,
    dpopRefusedAt: () => dpop.refusedAt(),
    pendingRevocationCount: () => revocations.count(),
    storage: () => vault.storage(),
    state,
    onChange: (listener) => feed.onChange(listener),
    dismissNotice: (noticeId) => feed.dismiss(noticeId),

    async dispose() {
      const closed = flows.dispose();
      stopVaultWatch();
      await revocations.settled();
      await closed;
      feed.clear();
    },
  };
}
