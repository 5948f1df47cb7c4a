/**
 * The auth core: Google sign-in in the system browser with PKCE, the redirect receivers, the code
 * exchange and id_token checks, accounts, authorized clients with single-flight refresh,
 * incremental consent and sign-out with revocation.
 *
 * No `electron` import: the browser, the keychain, the metadata file and the log come in as ports
 * (see {@link AuthCoreOptions}), so this file runs in plain Node, in tests and in the preview.
 */
import { CodeChallengeMethod, OAuth2Client, type OAuth2ClientOptions } from 'google-auth-library';
import type {
  Account,
  AuthState,
  CredentialStorage,
  Feature,
  SignOutOutcome,
} from '../../preload/contract.ts';
import { SIGN_IN_SCOPES } from '../../preload/contract.ts';
import { customSchemeRedirectUri } from '../config.ts';
import type { TokenVault } from '../vault/types.ts';
import { AccountClient } from './account-client.ts';
import { loadSession, safePictureUrl, saveSession, type SessionRecord } from './account-store.ts';
import { AuthError, flowFailure, MESSAGES } from './errors.ts';
import { Flow, type FlowPurpose } from './flow.ts';
import {
  classifyHttpError,
  parseTokenResponse,
  requestJwks,
  requestRefresh,
  withoutCodeRetry,
  requestRevoke,
  requestUserInfo,
  type HttpProblem,
  type TokenResponse,
} from './http.ts';
import { IdTokenError, JwksCache, verifyIdToken, type IdClaims } from './id-token.ts';
import { openLoopback, type LoopbackAnswer, type LoopbackListener } from './loopback.ts';
import { NoticeBoard } from './notices.ts';
import { createNonce, createPkce, createState } from './pkce.ts';
import { checkRedirect, type EndedState, type RedirectContext } from './redirect.ts';
import { missingScopes, parseScopes, unique } from './scopes.ts';
import type {
  AuthConfig,
  AuthCore,
  Clock,
  FlowResult,
  Logger,
  MetadataStore,
  OpenExternal,
} from './types.ts';

/** Everything the core needs from its host. */
export interface AuthCoreOptions {
  /** From `loadConfig()` (main/config.ts). */
  config: AuthConfig;
  /** Opens a URL in the system browser (Electron: the allow-listed `shell.openExternal` wrapper). */
  openExternal: OpenExternal;
  /** From `createVault({ service: config.keychainService ?? config.appId, logger })`. */
  vault: TokenVault;
  /** Non-secret account data (`conf` through main/metadata-store.ts; any get/set/delete store). */
  metadata: MetadataStore;
  logger: Logger;
  /** Default: `Date`. */
  clock?: Clock;
  /** Time limit of a sign-in or consent flow; default 5 minutes. */
  flowTimeoutMs?: number;
  /** Time limit of one HTTP request to Google; default 15 s. */
  httpTimeoutMs?: number;
  /** Refresh an access token this long before it expires (at most half its lifetime); default 60 s. */
  refreshMarginMs?: number;
  /** Allowed clock difference for id_token `exp`/`iat`, seconds; default 60. */
  idTokenSkewSeconds?: number;
  /** `fetch` used for every request to Google (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/** What the core keeps in memory for a signed-in account. Never persisted, never logged. */
interface TokenEntry {
  refreshToken: string;
  accessToken?: string;
  expiresAt?: number;
  lifetimeMs?: number;
  refreshing?: Promise<{ token: string; expiresAt: number }>;
}

interface FlowRequest {
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

const SIGN_IN = [...SIGN_IN_SCOPES] as string[];
const ENDED_HISTORY = 32;

/** Creates the auth core. Call `restore()` once before use. */
export function createAuthCore(options: AuthCoreOptions): AuthCore {
  const { config, vault, metadata, logger } = options;
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const flowTimeoutMs = options.flowTimeoutMs ?? 5 * 60_000;
  const httpTimeoutMs = options.httpTimeoutMs ?? 15_000;
  const refreshMarginMs = options.refreshMarginMs ?? 60_000;
  const customRedirectUri =
    config.clientType === 'ios' && config.redirectScheme
      ? customSchemeRedirectUri(config.redirectScheme)
      : null;
  if (config.clientType === 'ios' && !customRedirectUri) {
    throw new TypeError('an iOS-type client needs config.redirectScheme');
  }

  const clientOptions: OAuth2ClientOptions = {
    clientId: config.clientId,
    endpoints: {
      oauth2AuthBaseUrl: config.endpoints.authorization,
      oauth2TokenUrl: config.endpoints.token,
      oauth2RevokeUrl: config.endpoints.revoke,
      oauth2FederatedSignonJwkCertsUrl: config.endpoints.jwks,
    },
    transporterOptions: {
      timeout: httpTimeoutMs,
      ...(options.fetch ? { fetchImplementation: options.fetch } : {}),
    },
  };
  /** Talks to the authorization server: authorization URL, code exchange, refresh, revoke. */
  const issuerClient = new OAuth2Client({ ...clientOptions, clientSecret: config.clientSecret });
  const transporter = issuerClient.transporter;
  transporter.interceptors.request.add({ resolved: async (request) => withoutCodeRetry(request) });
  const jwks = new JwksCache(
    () => requestJwks(transporter, config.endpoints.jwks, httpTimeoutMs),
    () => clock.now(),
  );

  let session: SessionRecord = { accounts: [], activeId: null };
  const tokens = new Map<string, TokenEntry>();
  const clients = new Map<string, AccountClient>();
  const notices = new NoticeBoard();
  const listeners = new Set<(state: AuthState) => void>();
  const ended = new Map<string, EndedState>();
  let flow: Flow | null = null;
  /** Flows whose redirect was taken (a later copy of it is a replay, not an expired state). */
  const answered = new WeakSet<Flow>();
  /** Loopback listeners still closing (awaited by dispose). */
  const closing = new Set<Promise<void>>();
  let starting = false;
  let pendingRevocations = 0;
  let revocationRun: Promise<void> | null = null;
  let disposed = false;

  // ---- state -------------------------------------------------------------------------------

  const state = (): AuthState => ({
    accounts: session.accounts.map((a) => ({ ...a, grantedScopes: [...a.grantedScopes] })),
    activeId: session.activeId,
    flow: flow && flow.phase !== 'settled' ? flow.view() : null,
    demo: config.mode === 'demo',
    storage: vault.storage(),
    notices: notices.list(),
  });

  const emit = (): void => {
    if (listeners.size === 0) return;
    const snapshot = state();
    for (const listener of listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        logger.error('auth state listener failed', { error });
      }
    }
  };

  const save = (record: SessionRecord): void => {
    try {
      saveSession(metadata, record);
    } catch (error) {
      logger.error('could not save account metadata', { error });
    }
  };

  const persist = (): void => {
    // Without the keychain nothing can be resumed next time; leaving the metadata as it is keeps
    // the accounts whose tokens wait in a keychain that is only locked or missing for now.
    if (vault.storage().kind === 'keychain') save(session);
  };

  const keychainNotice = (storage: CredentialStorage): void => {
    if (storage.kind === 'memory') {
      notices.add('warning', 'KEYCHAIN_UNAVAILABLE', MESSAGES.keychainUnavailable(storage.reason));
    }
  };
  keychainNotice(vault.storage());
  const stopVaultWatch = vault.onStorageChange((storage) => {
    keychainNotice(storage);
    emit();
  });

  const findAccount = (accountId: string): Account | undefined =>
    session.accounts.find((a) => a.id === accountId);

  const requireAccount = (accountId: string): Account => {
    const account = findAccount(accountId);
    if (!account) throw new AuthError('AUTH_REQUIRED', MESSAGES.authRequired);
    return account;
  };

  /** Forgets an account locally: memory, client, keychain entry, metadata. */
  const forget = async (accountId: string): Promise<void> => {
    tokens.delete(accountId);
    const client = clients.get(accountId);
    if (client) client.setCredentials({});
    clients.delete(accountId);
    session = {
      accounts: session.accounts.filter((a) => a.id !== accountId),
      activeId: session.activeId === accountId ? null : session.activeId,
    };
    session.activeId ??= session.accounts[0]?.id ?? null;
    // The secret goes first: interrupted here, the next start finds metadata without a token
    // (signed out cleanly), never a token nobody knows about.
    try {
      await vault.delete(accountId);
    } catch (error) {
      logger.error('could not delete keychain entry', { error });
    }
    if (vault.storage().kind === 'keychain') {
      persist();
      return;
    }
    // Memory-only (keychain locked or gone): the saved metadata is left alone for the accounts
    // waiting on the keychain, but this one was signed out on purpose and must not come back.
    const stored = loadSession(metadata, logger);
    const accounts = stored.accounts.filter((a) => a.id !== accountId);
    save({
      accounts,
      activeId: stored.activeId === accountId ? (accounts[0]?.id ?? null) : stored.activeId,
    });
  };

  // ---- flows -------------------------------------------------------------------------------

  const rememberEnded = (stateValue: string, how: EndedState): void => {
    ended.set(stateValue, how);
    if (ended.size > ENDED_HISTORY) {
      const oldest = ended.keys().next().value;
      if (oldest !== undefined) ended.delete(oldest);
    }
  };

  const startFlow = async (request: FlowRequest): Promise<FlowResult> => {
    if (disposed) return flowFailure('INTERNAL', MESSAGES.shuttingDown);
    if (starting || (flow && flow.phase !== 'settled')) {
      return flowFailure('FLOW_IN_PROGRESS', MESSAGES.inProgress);
    }
    starting = true;
    let loopback: LoopbackListener | null = null;
    let current: Flow;
    try {
      let redirectUri: string;
      if (config.clientType === 'desktop') {
        loopback = await openLoopback({ onRedirect: (url) => receive(url, 'loopback') });
        redirectUri = loopback.redirectUri;
      } else {
        redirectUri = customRedirectUri as string;
      }
      const pkce = createPkce();
      const stateValue = createState();
      const nonce = createNonce();
      const url = issuerClient.generateAuthUrl({
        access_type: 'offline',
        // Always consent: Google returns a refresh token only on a consent, and a second machine
        // or a lost keychain entry must still end with one. Adding an account also asks Google
        // for its account chooser.
        prompt: request.purpose === 'add-account' ? 'select_account consent' : 'consent',
        scope: request.requestScopes,
        state: stateValue,
        nonce,
        code_challenge: pkce.challenge,
        code_challenge_method: CodeChallengeMethod.S256,
        redirect_uri: redirectUri,
        ...(request.includeGrantedScopes ? { include_granted_scopes: true } : {}),
        ...(request.loginHint ? { login_hint: request.loginHint } : {}),
      });
      current = new Flow({
        purpose: request.purpose,
        ...(request.feature ? { feature: request.feature } : {}),
        scopes: request.wantedScopes,
        redirect: config.clientType === 'desktop' ? 'loopback' : 'custom-scheme',
        redirectUri,
        url,
        state: stateValue,
        verifier: pkce.verifier,
        nonce,
        ...(request.expectedSub ? { expectedSub: request.expectedSub } : {}),
        ...(request.loginHint ? { loginHint: request.loginHint } : {}),
        startedAt: clock.now(),
        timeoutMs: flowTimeoutMs,
      });
    } catch (error) {
      starting = false;
      await loopback?.close();
      logger.error('could not start the sign-in flow', { error });
      return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
    }
    flow = current;
    starting = false;
    const listener = loopback;
    current.onSettled(() => {
      if (listener) {
        const closed = listener.close().finally(() => closing.delete(closed));
        closing.add(closed);
      }
      rememberEnded(current.init.state, answered.has(current) ? 'replayed' : 'expired');
      if (flow === current) flow = null;
      const outcome = current.outcome;
      logger.info('flow ended', {
        purpose: current.init.purpose,
        outcome: outcome?.ok ? 'signed-in' : (outcome?.code ?? 'unknown'),
      });
      emit();
    });
    logger.info('flow started', { purpose: request.purpose, redirect: current.init.redirect });
    emit();
    // The browser opening is not awaited as part of the flow: if it fails, the flow stays pending
    // and the window offers the URL to copy ("Copy link"). This is the injected port, not
    // Electron's shell: main/open-external.ts limits it to the configured authorization endpoint.
    Promise.resolve()
      .then(() => options.openExternal(current.init.url)) // eng-disable OPEN_EXTERNAL_JS_CHECK the port is allow-listed in main/open-external.ts
      .catch((error: unknown) => logger.warn('could not open the system browser', { error }));
    return current.result;
  };

  const receive = async (
    url: string,
    receiver: 'loopback' | 'custom-scheme',
  ): Promise<LoopbackAnswer & { reason?: string }> => {
    const live = flow && flow.phase !== 'settled' && flow.init.redirect === receiver ? flow : null;
    const context: RedirectContext = {
      flow: live
        ? {
            redirectUri: live.init.redirectUri,
            state: live.init.state,
            waiting: live.phase === 'waiting',
          }
        : null,
      staticRedirectUri: receiver === 'custom-scheme' ? customRedirectUri : null,
      issuer: config.endpoints.issuer,
      ended: (s) => ended.get(s),
    };
    const verdict = checkRedirect(url, context);
    if (verdict.kind === 'reject') {
      logger.warn('redirect rejected', { receiver, reason: verdict.reason });
      return { accepted: false, reason: verdict.reason };
    }
    const target = live as Flow;
    answered.add(target);
    if (verdict.kind === 'fail') {
      logger.warn('authorization response ended the flow', { reason: verdict.reason });
      target.settle(flowFailure(verdict.code, verdict.message));
      // The browser's answer was Google's (right state); only a wrong issuer is a refusal.
      return verdict.reason === 'issuer-mismatch'
        ? { accepted: false, reason: verdict.reason }
        : { accepted: true, reason: verdict.reason, completed: Promise.resolve(false) };
    }
    target.beginExchange();
    emit();
    const completed = exchange(target, verdict.code)
      .catch((error: unknown) => {
        logger.error('sign-in failed unexpectedly', { error });
        return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
      })
      .then((result) => {
        target.settle(result);
        return result.ok;
      });
    return { accepted: true, completed };
  };

  const problemResult = (problem: HttpProblem, what: string): FlowResult => {
    logger.warn(`${what} failed`, problem);
    if (problem.kind === 'network') return flowFailure('NETWORK', MESSAGES.network);
    if (problem.kind === 'oauth' && problem.status >= 500) {
      return flowFailure('NETWORK', MESSAGES.serviceTrouble);
    }
    return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
  };

  /** Exchanges the code and completes the account; never throws. */
  const exchange = async (target: Flow, code: string): Promise<FlowResult> => {
    const init = target.init;
    let response: TokenResponse;
    try {
      const { tokens: raw } = await issuerClient.getToken({
        code,
        codeVerifier: init.verifier,
        redirect_uri: init.redirectUri,
      });
      response = parseTokenResponse(raw);
    } catch (error) {
      return problemResult(classifyHttpError(error), 'code exchange');
    }
    if (target.outcome) {
      // Cancelled or timed out while the exchange was in flight: drop the tokens. They are not
      // revoked, because revoking would end the whole grant, including an existing session of the
      // same account.
      return target.outcome;
    }
    if (!response.id_token) {
      logger.warn('token response without id_token');
      return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
    }
    let claims: IdClaims;
    try {
      claims = await verifyIdToken({
        idToken: response.id_token,
        verifier: issuerClient,
        keys: jwks,
        clientId: config.clientId,
        issuer: config.endpoints.issuer,
        nonce: init.nonce,
        now: clock.now(),
        ...(options.idTokenSkewSeconds !== undefined
          ? { skewSeconds: options.idTokenSkewSeconds }
          : {}),
      });
    } catch (error) {
      const problem = error instanceof IdTokenError ? error.problem : 'malformed';
      logger.warn('id_token rejected', { problem });
      return problem === 'keys-unavailable'
        ? flowFailure('NETWORK', MESSAGES.network)
        : flowFailure('SIGN_IN_FAILED', MESSAGES.unverified);
    }
    const sub = claims.sub;
    if (init.expectedSub && sub !== init.expectedSub) {
      const expected = findAccount(init.expectedSub);
      logger.warn('consent given by a different account');
      return flowFailure('SIGN_IN_FAILED', MESSAGES.differentAccount(expected?.email));
    }

    let email = claims.email;
    let name = claims.name;
    let picture = claims.picture;
    if (!email || !name) {
      // Issuers may keep profile claims out of the id_token when an access token is issued
      // (OpenID Connect Core §5.4); userinfo has them.
      try {
        const info = await requestUserInfo(
          transporter,
          config.endpoints.userinfo,
          response.access_token,
          httpTimeoutMs,
        );
        if (info.sub !== sub) throw new Error('userinfo subject mismatch');
        email ??= info.email;
        name ??= info.name;
        picture ??= info.picture;
      } catch (error) {
        logger.warn('userinfo unavailable', { problem: classifyHttpError(error).kind });
      }
    }
    if (!email) {
      logger.warn('no email for the account');
      return flowFailure('SIGN_IN_FAILED', MESSAGES.noEmail);
    }

    const granted = response.scope
      ? parseScopes(response.scope)
      : unique(init.purpose === 'connect' ? init.scopes : SIGN_IN);
    const existing = findAccount(sub);
    const previous = tokens.get(sub);
    const refreshToken = response.refresh_token ?? previous?.refreshToken;
    if (!refreshToken) {
      logger.warn('token response without refresh_token');
      return flowFailure('SIGN_IN_FAILED', MESSAGES.noOfflineAccess);
    }

    let grantedScopes: string[];
    if (init.purpose === 'connect' && existing) {
      // Only what this flow asked for is added: a scope the user disconnected locally stays off
      // even though Google's include_granted_scopes answer still lists it.
      const wanted = new Set(init.scopes);
      grantedScopes = unique([...existing.grantedScopes, ...granted.filter((s) => wanted.has(s))]);
    } else {
      grantedScopes = granted;
    }

    const account: Account = {
      id: sub,
      email,
      name: name ?? email,
      pictureUrl: safePictureUrl(picture),
      grantedScopes,
      lastSignIn: new Date(clock.now()).toISOString(),
    };

    if (target.outcome) return target.outcome;

    // The account is listed before its secret is written: interrupted in between, the next start
    // finds an account without a token (signed out cleanly), never a token nobody knows about.
    const before = session;
    const listedInKeychain = vault.storage().kind === 'keychain';
    const index = session.accounts.findIndex((a) => a.id === sub);
    session = {
      accounts:
        index >= 0
          ? session.accounts.map((a) => (a.id === sub ? account : a))
          : [...session.accounts, account],
      activeId: init.purpose === 'connect' ? (session.activeId ?? sub) : sub,
    };
    persist();
    if (refreshToken !== previous?.refreshToken) {
      try {
        await vault.set(sub, refreshToken);
      } catch (error) {
        logger.error('could not store the refresh token', { error });
        session = before;
        if (listedInKeychain) save(before);
        return flowFailure('SIGN_IN_FAILED', MESSAGES.failed);
      }
      // The keychain refused and the vault fell back to memory: the saved metadata goes back to
      // what it was, since this account's token is not in the keychain.
      if (listedInKeychain && vault.storage().kind === 'memory') save(before);
    }

    const expiresAt = response.expiry_date ?? clock.now() + (response.expires_in ?? 3600) * 1000;
    tokens.set(sub, {
      refreshToken,
      accessToken: response.access_token,
      expiresAt,
      lifetimeMs: Math.max(0, expiresAt - clock.now()),
    });
    clients
      .get(sub)
      ?.setCredentials({ access_token: response.access_token, expiry_date: expiresAt });
    notices.remove({ code: 'SESSION_EXPIRED' });
    logger.info('account ready', { purpose: init.purpose, scopes: grantedScopes.length });
    if (pendingRevocations > 0) void retryPendingRevocations();

    if (init.purpose === 'connect') {
      const missing = missingScopes(grantedScopes, init.scopes);
      if (missing.length > 0) return flowFailure('CONSENT_DENIED', MESSAGES.scopeDenied);
    }
    return { ok: true, account: { ...account, grantedScopes: [...account.grantedScopes] } };
  };

  // ---- tokens ------------------------------------------------------------------------------

  const stillValid = (entry: TokenEntry): boolean => {
    if (!entry.accessToken || entry.expiresAt === undefined) return false;
    const margin = Math.min(refreshMarginMs, (entry.lifetimeMs ?? 0) / 2);
    return entry.expiresAt - clock.now() > margin;
  };

  /** The refresh: one per account at a time, whoever asks. */
  const accessToken = (
    accountId: string,
    force: boolean,
  ): Promise<{ token: string; expiresAt: number }> => {
    const entry = tokens.get(accountId);
    if (!entry || !findAccount(accountId)) {
      return Promise.reject(new AuthError('AUTH_REQUIRED', MESSAGES.authRequired));
    }
    if (entry.refreshing) return entry.refreshing;
    if (!force && stillValid(entry)) {
      return Promise.resolve({
        token: entry.accessToken as string,
        expiresAt: entry.expiresAt as number,
      });
    }
    const run = refresh(accountId, entry).finally(() => {
      if (entry.refreshing === run) delete entry.refreshing;
    });
    entry.refreshing = run;
    return run;
  };

  const refresh = async (
    accountId: string,
    entry: TokenEntry,
  ): Promise<{ token: string; expiresAt: number }> => {
    const used = entry.refreshToken;
    let response: TokenResponse;
    try {
      response = await requestRefresh(transporter, {
        tokenUrl: config.endpoints.token,
        clientId: config.clientId,
        ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
        refreshToken: used,
        timeoutMs: httpTimeoutMs,
      });
    } catch (error) {
      const problem = classifyHttpError(error);
      logger.warn('token refresh failed', problem);
      if (problem.kind === 'oauth' && problem.error === 'invalid_grant') {
        const account = findAccount(accountId);
        // Only if nothing replaced this session meanwhile (a new sign-in of the same account).
        if (account && tokens.get(accountId) === entry && entry.refreshToken === used) {
          await forget(accountId);
          notices.add('error', 'SESSION_EXPIRED', MESSAGES.sessionExpired(account.email));
          emit();
        }
        throw new AuthError(
          'SESSION_EXPIRED',
          MESSAGES.sessionExpired(account?.email ?? 'this account'),
        );
      }
      if (problem.kind === 'network') throw new AuthError('NETWORK', MESSAGES.network, true);
      if (problem.kind === 'malformed' || problem.status >= 500 || problem.status === 429) {
        throw new AuthError('NETWORK', MESSAGES.serviceTrouble, true);
      }
      throw new AuthError('INTERNAL', MESSAGES.refreshRefused);
    }
    if (tokens.get(accountId) !== entry) {
      // Signed out while the refresh was in flight (AUTH_REQUIRED), or signed in again: then the
      // new session's token is the one to use.
      if (!tokens.has(accountId)) throw new AuthError('AUTH_REQUIRED', MESSAGES.authRequired);
      return accessToken(accountId, false);
    }
    if (response.refresh_token && response.refresh_token !== used) {
      // A rotated refresh token replaces the stored one in a single keychain write.
      await vault.set(accountId, response.refresh_token);
      entry.refreshToken = response.refresh_token;
    }
    const now = clock.now();
    const expiresAt = now + (response.expires_in ?? 3600) * 1000;
    entry.accessToken = response.access_token;
    entry.expiresAt = expiresAt;
    entry.lifetimeMs = expiresAt - now;
    logger.info('access token refreshed');
    if (pendingRevocations > 0) void retryPendingRevocations();
    return { token: response.access_token, expiresAt };
  };

  // ---- revocation --------------------------------------------------------------------------

  const revocable = (problem: HttpProblem): boolean =>
    problem.kind === 'network' ||
    problem.kind === 'malformed' ||
    problem.status >= 500 ||
    problem.status === 429;

  const retryPendingRevocations = (): Promise<void> => {
    revocationRun ??= (async () => {
      let done = 0;
      try {
        const pending = await vault.pendingRevocations();
        pendingRevocations = pending.length;
        for (const item of pending) {
          try {
            await requestRevoke(transporter, config.endpoints.revoke, item.token, httpTimeoutMs);
          } catch (error) {
            const problem = classifyHttpError(error);
            if (revocable(problem)) {
              logger.warn('pending revocation still failing', problem);
              continue;
            }
            logger.warn('revocation refused; dropping it', problem);
          }
          await vault.deletePendingRevocation(item.id);
          pendingRevocations = Math.max(0, pendingRevocations - 1);
          done += 1;
        }
      } catch (error) {
        logger.error('could not retry pending revocations', { error });
      }
      if (done > 0) {
        if (pendingRevocations === 0) notices.remove({ code: 'REVOCATION_PENDING' });
        notices.add('info', 'REVOCATION_COMPLETED', MESSAGES.revocationCompleted);
        logger.info('pending revocations completed', { count: done });
        emit();
      }
    })().finally(() => {
      revocationRun = null;
    });
    return revocationRun;
  };

  // ---- the interface -----------------------------------------------------------------------

  const core: AuthCore = {
    config,

    async restore() {
      session = loadSession(metadata, logger);
      tokens.clear();
      if (vault.storage().kind === 'memory') {
        // Without the keychain no saved session can be resumed. The metadata is kept, so the
        // accounts come back once the keychain works again.
        session = { accounts: [], activeId: null };
        emit();
        return;
      }
      const lost: Account[] = [];
      for (const account of session.accounts) {
        const refreshToken = await vault.get(account.id).catch(() => null);
        if (refreshToken) tokens.set(account.id, { refreshToken });
        else lost.push(account);
      }
      for (const account of lost) {
        await forget(account.id);
        notices.add('warning', 'SESSION_EXPIRED', MESSAGES.entryLost(account.email));
      }
      persist();
      logger.info('session restored', { accounts: session.accounts.length, lost: lost.length });
      emit();
      // Revocations owed from an earlier offline sign-out: tried in the background, so an offline
      // start is not held up by them.
      void retryPendingRevocations();
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
      const account = findAccount(accountId);
      if (!account) return flowFailure('AUTH_REQUIRED', MESSAGES.authRequired);
      const missing = missingScopes(account.grantedScopes, scopes);
      if (missing.length === 0) return { ok: true, account: { ...account } };
      // `openid` rides along so the answer carries an id_token naming who consented.
      return startFlow({
        purpose: 'connect',
        ...(feature ? { feature } : {}),
        requestScopes: unique(['openid', ...missing]),
        wantedScopes: missing,
        loginHint: account.email,
        expectedSub: accountId,
        includeGrantedScopes: true,
      });
    },

    cancel() {
      flow?.settle(flowFailure('CANCELLED', MESSAGES.cancelled));
    },

    pendingFlow: () => (flow && flow.phase !== 'settled' ? flow.view() : null),

    async handleRedirect(url) {
      const answer = await receive(url, 'custom-scheme');
      return answer.reason === undefined
        ? { accepted: answer.accepted }
        : { accepted: answer.accepted, reason: answer.reason };
    },

    accounts: () => state().accounts,
    activeId: () => session.activeId,

    setActive(accountId) {
      requireAccount(accountId);
      session = { ...session, activeId: accountId };
      persist();
      emit();
    },

    async clientFor(accountId) {
      requireAccount(accountId);
      if (!tokens.has(accountId)) throw new AuthError('AUTH_REQUIRED', MESSAGES.authRequired);
      let client = clients.get(accountId);
      if (!client) {
        client = new AccountClient(
          { ...clientOptions, eagerRefreshThresholdMillis: refreshMarginMs },
          { accessToken: (force) => accessToken(accountId, force) },
        );
        const entry = tokens.get(accountId);
        if (entry?.accessToken && entry.expiresAt) {
          client.setCredentials({ access_token: entry.accessToken, expiry_date: entry.expiresAt });
        }
        clients.set(accountId, client);
      }
      return client;
    },

    dropScopes(accountId, scopes) {
      const account = requireAccount(accountId);
      const drop = new Set(scopes.filter((s) => !SIGN_IN.includes(s)));
      const updated: Account = {
        ...account,
        grantedScopes: account.grantedScopes.filter((s) => !drop.has(s)),
      };
      session = {
        ...session,
        accounts: session.accounts.map((a) => (a.id === accountId ? updated : a)),
      };
      persist();
      emit();
      return { ...updated, grantedScopes: [...updated.grantedScopes] };
    },

    async signOut(accountId) {
      const account = requireAccount(accountId);
      // A consent flow for this account must not bring it back when it completes.
      if (flow && flow.init.expectedSub === accountId) {
        flow.settle(flowFailure('CANCELLED', MESSAGES.cancelled));
      }
      const refreshToken = tokens.get(accountId)?.refreshToken;
      // The revocation is recorded before anything is wiped, so a crash or an offline network
      // can never lose a token that Google still honours.
      let pendingId: string | null = null;
      if (refreshToken) {
        try {
          pendingId = await vault.addPendingRevocation(refreshToken, new Date(clock.now()));
          pendingRevocations += 1;
        } catch (error) {
          logger.error('could not record the pending revocation', { error });
        }
      }
      await forget(accountId);
      emit();
      if (!refreshToken) {
        return { revoked: false, message: MESSAGES.signedOutLocally(account.email) };
      }
      try {
        await requestRevoke(transporter, config.endpoints.revoke, refreshToken, httpTimeoutMs);
      } catch (error) {
        const problem = classifyHttpError(error);
        if (revocable(problem)) {
          logger.warn('revocation failed; kept for retry', problem);
          const message = MESSAGES.revocationPending(account.email);
          notices.add('warning', 'REVOCATION_PENDING', message);
          emit();
          return { revoked: false, message } satisfies SignOutOutcome;
        }
        logger.warn('revocation refused', problem);
      }
      if (pendingId) {
        await vault.deletePendingRevocation(pendingId).catch(() => undefined);
        pendingRevocations = Math.max(0, pendingRevocations - 1);
      }
      logger.info('signed out and revoked');
      emit();
      return { revoked: true, message: MESSAGES.signedOutRevoked(account.email) };
    },

    retryPendingRevocations,

    accessTokenExpiry(accountId) {
      return tokens.get(accountId)?.expiresAt ?? null;
    },

    pendingRevocationCount: () => pendingRevocations,
    storage: () => vault.storage(),
    state,

    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    dismissNotice(noticeId) {
      if (notices.remove({ id: noticeId })) emit();
    },

    async dispose() {
      disposed = true;
      flow?.settle(flowFailure('CANCELLED', MESSAGES.cancelled));
      stopVaultWatch();
      await revocationRun?.catch(() => undefined);
      await Promise.all(closing);
      listeners.clear();
    },
  };
  return core;
}
