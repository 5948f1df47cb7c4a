/**
 * Every bridge method (common/contract.ts `Handlers`) implemented over the auth core and the
 * Google modules. Shared by the Electron shell (main/electron/ipc.ts) and the browser preview.
 *
 * Inputs arrive validated (the bridge checks them against `inputSchemas`); every handler resolves
 * to a `Result`. What a handler throws anyway is caught once, by the bridge (main/bridge/
 * dispatch.ts): an auth error keeps its code, a Google failure gets its contract error, anything
 * else is INTERNAL, never with the error's message (a library error can carry request headers).
 */
import type { Account, AuthState, SecurityInfo } from '../../common/model.ts';
import type { Handlers } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { err, ok } from '../../common/result.ts';
import { FEATURE_SCOPES, FEATURES } from '../../common/features.ts';
import type { AuthCore, FlowResult, MetadataStore } from '../auth/types.ts';
import type { Logger } from '../log/log.ts';
import { FEATURE_LOADERS } from '../google/features.ts';
import { getProfile, ProfileCache } from '../google/profile.ts';
import type { RetryPolicy, Sleep } from '../google/retry.ts';
import { createUpdateController, type UpdateController } from './updates.ts';
import { createLanguageController, type LanguageController } from './language.ts';
import { t } from '../../common/i18n/current.ts';
import type { MessageKey } from '../../common/i18n/index.ts';
import type { ProxySignIn } from './proxy-sign-in.ts';

/** What the service needs besides the core. */
export interface ServiceDeps {
  /** Where cached profiles live (the same non-secret store the core keeps account metadata in). */
  metadata: MetadataStore;
  logger: Logger;
  /** The clock (tests pin it). */
  now?: () => Date;
  /** Retry policy and sleep for Google calls (tests shorten them). */
  policy?: RetryPolicy;
  sleep?: Sleep;
  /** Latchkey's own updates (main/app/updates.ts); none: this build does not update itself. */
  updates?: UpdateController;
  /** The language setting (main/app/language.ts); none: one over `metadata` alone. */
  language?: LanguageController;
  /**
   * Proxy sign-in (main/app/proxy-sign-in.ts), where the host's network reports proxies asking
   * for credentials (the Electron app); none: no question is ever asked, and none is saved.
   */
  proxySignIn?: ProxySignIn;
}

/** The bridge's implementation. */
export interface Service {
  handlers: Handlers;
  /** Calls `listener` with every new {@link AuthState}; returns the unsubscribe function. */
  onChange(listener: (state: AuthState) => void): () => void;
  /** Stops the service's own subscriptions (the core is disposed by its owner). */
  dispose(): void;
}

function fromFlow(result: FlowResult): Result<Account> {
  return result.ok ? ok(result.account) : err(result.code, result.message);
}

/** Creates the bridge implementation over `core`. */
export function createService(core: AuthCore, deps: ServiceDeps): Service {
  const profiles = new ProfileCache(deps.metadata);
  const updates =
    deps.updates ??
    createUpdateController(null, { version: '', metadata: deps.metadata, logger: deps.logger });
  const now = deps.now ?? (() => new Date());
  const language = deps.language ?? createLanguageController({ metadata: deps.metadata });
  const proxySignIn = deps.proxySignIn ?? null;

  // Cached profiles follow the accounts: one signed out (or expired) takes its profile with it.
  const forgetGoneProfiles = (state: AuthState): void => {
    try {
      profiles.retainOnly(state.accounts.map((account) => account.id));
    } catch (error) {
      deps.logger.warn('service: could not tidy cached profiles', { error: errorName(error) });
    }
  };
  forgetGoneProfiles(core.state());
  const unsubscribe = core.onChange(forgetGoneProfiles);

  /** The account a call is for: the given one if signed in, else the active one. */
  const resolveAccount = (accountId: string | undefined): Account | null => {
    const id = accountId ?? core.activeId();
    if (id === null || id === undefined) return null;
    return core.accounts().find((account) => account.id === id) ?? null;
  };

  /** Runs `handler` for the account a call is for; AUTH_REQUIRED when there is none. */
  const forAccount = async <T>(
    accountId: string | undefined,
    handler: (account: Account) => Promise<Result<T>> | Result<T>,
    refusal: MessageKey = 'google.signInFirst',
  ): Promise<Result<T>> => {
    const account = resolveAccount(accountId);
    return account ? handler(account) : err('AUTH_REQUIRED', t(refusal));
  };

  const callContext = (accountId: string) => ({
    core,
    accountId,
    logger: deps.logger,
    ...(deps.policy ? { policy: deps.policy } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });

  /** Each feature's methods (main/google/features.ts), for the account of the call. */
  const featureHandlers = Object.fromEntries(
    FEATURES.map((feature) => [
      feature,
      Object.fromEntries(
        Object.entries(FEATURE_LOADERS[feature]).map(([method, loader]) => [
          method,
          (input: { accountId?: string } | undefined) =>
            forAccount(input?.accountId, (account) =>
              (loader as (context: unknown, input: unknown) => Promise<Result<unknown>>)(
                { call: callContext(account.id), apiRoot: core.config.endpoints.apiRoot, now },
                input,
              ),
            ),
        ]),
      ),
    ]),
  ) as Pick<Handlers, (typeof FEATURES)[number]>;

  const handlers: Handlers = {
    auth: {
      signIn: async (input) =>
        fromFlow(
          await core.signIn({
            purpose: 'sign-in',
            ...(input?.loginHint ? { loginHint: input.loginHint } : {}),
          }),
        ),
      addAccount: async () => fromFlow(await core.signIn({ purpose: 'add-account' })),
      cancel: async () => {
        core.cancel();
        return ok(null);
      },
      reopen: async () => ok(await core.reopen()),
      signOut: ({ accountId }) =>
        forAccount(
          accountId,
          async () => {
            const outcome = await core.signOut(accountId);
            profiles.delete(accountId);
            return ok(outcome);
          },
          'auth.authRequired',
        ),
      accounts: async () => ok(core.state()),
      setActive: ({ accountId }) =>
        forAccount(
          accountId,
          () => {
            core.setActive(accountId);
            return ok(core.state());
          },
          'auth.authRequired',
        ),
      dismissNotice: async ({ noticeId }) => {
        core.dismissNotice(noticeId);
        return ok(core.state());
      },
    },
    profile: {
      get: (input) =>
        forAccount(input?.accountId, (account) =>
          getProfile(callContext(account.id), {
            userinfoUrl: core.config.endpoints.userinfo,
            cache: profiles,
            refresh: input?.refresh ?? false,
            now,
          }),
        ),
    },
    features: {
      connect: ({ feature, accountId }) =>
        forAccount(accountId, async (account) =>
          fromFlow(await core.ensureScopes(account.id, [FEATURE_SCOPES[feature]], feature)),
        ),
      disconnect: ({ feature, accountId }) =>
        forAccount(accountId, (account) =>
          ok(core.dropScopes(account.id, [FEATURE_SCOPES[feature]])),
        ),
    },
    ...featureHandlers,
    settings: {
      security: async () => ok(securityInfo(core)),
      language: async (input) => ok(language.settings(input?.preferred)),
      setLanguage: async ({ choice }) => ok(language.choose(choice)),
    },
    updates: {
      status: async () => ok(updates.status()),
      check: async () => ok(await updates.check()),
      restart: async () => ok(updates.restart()),
      setAutomatic: async ({ automatic }) => ok(updates.setAutomatic(automatic)),
    },
    proxy: {
      prompt: async () => ok(proxySignIn?.current() ?? null),
      answer: async (answer) => ok(proxySignIn?.answer(answer) ?? false),
      saved: async () => ok(proxySignIn ? await proxySignIn.saved() : []),
      forget: async (key) => ok(proxySignIn ? await proxySignIn.forget(key) : []),
    },
  };

  return {
    handlers,
    onChange: (listener) => core.onChange(listener),
    dispose: unsubscribe,
  };
}

/** What the Security view shows, from the core's state. */
function securityInfo(core: AuthCore): SecurityInfo {
  return {
    storage: core.storage(),
    demo: core.config.mode === 'demo',
    issuer: core.config.endpoints.issuer,
    redirect: core.config.clientType === 'ios' ? 'custom-scheme' : 'loopback',
    accounts: core.accounts().map((account) => {
      const expiry = core.accessTokenExpiry(account.id);
      return {
        id: account.id,
        email: account.email,
        grantedScopes: [...account.grantedScopes],
        accessTokenExpiresAt: expiry === null ? null : new Date(expiry).toISOString(),
        boundToThisComputer: core.boundToThisComputer?.(account.id) ?? false,
        signInExpiresAt: account.signInExpiresAt ?? null,
      };
    }),
    pendingRevocations: core.pendingRevocationCount(),
    dpopRefusedAt: core.dpopRefusedAt?.() ?? null,
    dpopEnabled: core.config.dpop !== false,
  };
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
