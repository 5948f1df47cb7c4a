/**
 * The service over a scripted in-memory auth core: argument routing, defaults, and that every
 * handler answers a Result whatever the core does. The real core against the emulator is
 * exercised in test/integration/service.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Account, AuthState } from '../../../common/model.ts';
import type { Handlers } from '../../../common/contract.ts';
import type { Result } from '../../../common/result.ts';
import { FEATURE_SCOPES } from '../../../common/features.ts';
import { methodList } from '../../../common/contract.ts';
import type { AuthConfig, AuthCore, FlowResult } from '../../../main/auth/types.ts';
import { PROFILE_CACHE_KEY } from '../../../main/google/profile.ts';
import { createService } from '../../../main/app/service.ts';
import { captureLog, memoryStore } from '../../helpers/memory.ts';
import { dispatch } from '../../../main/bridge/dispatch.ts';
import { explainThrown } from '../../../main/google/errors.ts';
import { createProxySignIn } from '../../../main/app/proxy-sign-in.ts';
import { createProxyCredentialStore } from '../../../main/vault/proxy-credentials.ts';
import { createMemoryBackend } from '../../../main/vault/memory-backend.ts';

const CONFIG: AuthConfig = {
  mode: 'demo',
  appId: 'dev.latchkey.app',
  clientId: '1-abc.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-abcdefghijklmnopqrstuvwx',
  clientType: 'desktop',
  endpoints: {
    issuer: 'http://127.0.0.1:9',
    authorization: 'http://127.0.0.1:9/o/oauth2/v2/auth',
    token: 'http://127.0.0.1:9/token',
    revoke: 'http://127.0.0.1:9/revoke',
    userinfo: 'http://127.0.0.1:9/v1/userinfo',
    jwks: 'http://127.0.0.1:9/oauth2/v3/certs',
    apiRoot: 'http://127.0.0.1:9/',
  },
};

function account(id: string, email: string, scopes: string[] = []): Account {
  return {
    id,
    email,
    name: email,
    pictureUrl: null,
    grantedScopes: ['openid', 'email', 'profile', ...scopes],
    lastSignIn: '2026-11-25T07:00:00.000Z',
  };
}

interface FakeCore extends AuthCore {
  calls: Array<[string, ...unknown[]]>;
  list: Account[];
  active: string | null;
  emit(): void;
}

/** A scripted core: methods record their calls; `throwing` makes every method throw. */
function fakeCore(options: { throwing?: unknown } = {}): FakeCore {
  const listeners = new Set<(state: AuthState) => void>();
  const boom = (): void => {
    if (options.throwing !== undefined) throw options.throwing;
  };
  const core: FakeCore = {
    config: CONFIG,
    calls: [],
    list: [],
    active: null,
    emit() {
      for (const listener of listeners) listener(core.state());
    },
    restore: async () => undefined,
    signIn: async (opts) => {
      core.calls.push(['signIn', opts]);
      boom();
      return { ok: false, code: 'CONSENT_DENIED', message: 'You declined.' };
    },
    ensureScopes: async (id, scopes, feature) => {
      core.calls.push(['ensureScopes', id, scopes, feature]);
      boom();
      const found = core.list.find((a) => a.id === id)!;
      const updated = { ...found, grantedScopes: [...found.grantedScopes, ...scopes] };
      return { ok: true, account: updated } satisfies FlowResult;
    },
    cancel: () => {
      core.calls.push(['cancel']);
      boom();
    },
    reopen: async () => {
      core.calls.push(['reopen']);
      boom();
      return true;
    },
    pendingFlow: () => null,
    handleRedirect: async () => ({ accepted: false }),
    accounts: () => {
      boom();
      return core.list;
    },
    activeId: () => core.active,
    setActive: (id) => {
      core.calls.push(['setActive', id]);
      boom();
      core.active = id;
    },
    clientFor: async () => {
      boom();
      throw Object.assign(new Error('The keychain is locked.'), {
        name: 'AuthError',
        code: 'KEYCHAIN_UNAVAILABLE',
      });
    },
    dropScopes: (id, scopes) => {
      core.calls.push(['dropScopes', id, scopes]);
      boom();
      const found = core.list.find((a) => a.id === id)!;
      return { ...found, grantedScopes: found.grantedScopes.filter((s) => !scopes.includes(s)) };
    },
    signOut: async (id) => {
      core.calls.push(['signOut', id]);
      boom();
      core.list = core.list.filter((a) => a.id !== id);
      core.emit();
      return { revoked: true, message: 'Signed out.' };
    },
    retryPendingRevocations: async () => undefined,
    accessTokenExpiry: (id) => (id === '1' ? Date.parse('2026-11-25T08:00:00Z') : null),
    pendingRevocationCount: () => 2,
    storage: () => ({ kind: 'memory', reason: 'No Secret Service' }),
    state: () => ({
      accounts: core.list,
      activeId: core.active,
      flow: null,
      demo: true,
      storage: { kind: 'memory', reason: 'No Secret Service' },
      notices: [],
    }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dismissNotice: () => undefined,
    dispose: async () => undefined,
  };
  return core;
}

const { logger } = captureLog();

/** Calls a handler by namespace and method with a loosely typed input. */
function call(handlers: Handlers, namespace: string, method: string, input: unknown) {
  const ns = handlers[namespace as keyof Handlers] as unknown as Record<
    string,
    (input: unknown) => Promise<Result<unknown>>
  >;
  return ns[method]!(input);
}

/** An input the contract accepts for each method. */
const INPUTS: Record<string, unknown> = {
  'auth.signOut': { accountId: '1' },
  'auth.setActive': { accountId: '1' },
  'features.connect': { feature: 'calendar' },
  'features.disconnect': { feature: 'drive' },
};

describe('createService', () => {
  it('implements every method of the contract', () => {
    const { handlers } = createService(fakeCore(), { metadata: memoryStore(), logger });
    for (const { namespace, method } of methodList()) {
      expect(typeof (handlers[namespace] as Record<string, unknown>)[method]).toBe('function');
    }
  });

  it('with no account signed in, every account-bound handler answers AUTH_REQUIRED', async () => {
    const { handlers } = createService(fakeCore(), { metadata: memoryStore(), logger });
    for (const key of [
      'auth.signOut',
      'auth.setActive',
      'profile.get',
      'features.connect',
      'features.disconnect',
      'calendar.upcoming',
      'drive.recent',
    ]) {
      const [namespace, method] = key.split('.') as [string, string];
      const result = await call(handlers, namespace, method, INPUTS[key]);
      expect(result, key).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    }
  });

  it('through the bridge, a core that throws anything gives a Result for every method', async () => {
    for (const thrown of [
      new TypeError('undefined is not a function'),
      Object.assign(new Error('Your session has ended.'), {
        name: 'AuthError',
        code: 'SESSION_EXPIRED',
      }),
      'a string',
    ]) {
      const core = fakeCore({ throwing: thrown });
      core.list = [account('1', 'ada@example.com', Object.values(FEATURE_SCOPES))];
      core.active = '1';
      const throwingHandlers = createService(core, { metadata: memoryStore(), logger }).handlers;
      for (const { namespace, method } of methodList()) {
        // The one catch on the way to the window: the bridge's dispatch, with the app's mapping.
        const result = await dispatch(
          throwingHandlers,
          { namespace, method, input: INPUTS[`${namespace}.${method}`] },
          () => {},
          explainThrown,
        );
        expect(typeof result.ok, `${namespace}.${method}`).toBe('boolean');
        if (!result.ok && thrown instanceof TypeError) {
          expect(result.error.message).not.toContain('undefined is not a function');
        }
      }
    }
  });

  it('keeps the contract code of an AuthError the core throws, through the bridge', async () => {
    const core = fakeCore({
      throwing: Object.assign(new Error('Your session for ada@example.com has ended.'), {
        name: 'AuthError',
        code: 'SESSION_EXPIRED',
      }),
    });
    core.list = [account('x', 'ada@example.com', [])];
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    const call = { namespace: 'auth', method: 'setActive', input: { accountId: 'x' } };
    expect(await dispatch(handlers, call, () => {}, explainThrown)).toEqual({
      ok: false,
      error: { code: 'SESSION_EXPIRED', message: 'Your session for ada@example.com has ended.' },
    });
  });

  it('routes sign-in, add-account and cancel to the core and passes flow failures on', async () => {
    const core = fakeCore();
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    expect(await handlers.auth.signIn({ loginHint: 'ada@example.com' })).toEqual({
      ok: false,
      error: { code: 'CONSENT_DENIED', message: 'You declined.' },
    });
    await handlers.auth.addAccount(undefined);
    expect(await handlers.auth.cancel(undefined)).toEqual({ ok: true, value: null });
    expect(await handlers.auth.reopen(undefined)).toEqual({ ok: true, value: true });
    expect(core.calls).toEqual([
      ['signIn', { purpose: 'sign-in', loginHint: 'ada@example.com' }],
      ['signIn', { purpose: 'add-account' }],
      ['cancel'],
      ['reopen'],
    ]);
  });

  it('defaults to the active account and uses the feature scope from the contract', async () => {
    const core = fakeCore();
    core.list = [account('1', 'ada@example.com'), account('2', 'grace@example.com')];
    core.active = '2';
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    const connected = await handlers.features.connect({ feature: 'calendar' });
    expect(connected.ok && connected.value.grantedScopes).toContain(FEATURE_SCOPES.calendar);
    await handlers.features.disconnect({ feature: 'drive', accountId: '1' });
    expect(core.calls).toEqual([
      ['ensureScopes', '2', [FEATURE_SCOPES.calendar], 'calendar'],
      ['dropScopes', '1', [FEATURE_SCOPES.drive]],
    ]);
  });

  it('answers SCOPE_REQUIRED for Calendar and Drive before touching the client', async () => {
    const core = fakeCore();
    core.list = [account('1', 'ada@example.com')];
    core.active = '1';
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    expect(await handlers.calendar.upcoming(undefined)).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    expect(await handlers.drive.recent({ query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    // With the scope, the (locked) client's failure comes back as the core's code.
    core.list = [account('1', 'ada@example.com', [FEATURE_SCOPES.calendar])];
    expect(await handlers.calendar.upcoming({ days: 3 })).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' },
    });
  });

  it('describes security from the core and the configuration', async () => {
    const core = fakeCore();
    core.list = [
      account('1', 'ada@example.com', [FEATURE_SCOPES.drive]),
      account('2', 'g@example.com'),
    ];
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    expect(await handlers.settings.security(undefined)).toEqual({
      ok: true,
      value: {
        storage: { kind: 'memory', reason: 'No Secret Service' },
        demo: true,
        issuer: 'http://127.0.0.1:9',
        redirect: 'loopback',
        accounts: [
          {
            id: '1',
            email: 'ada@example.com',
            grantedScopes: ['openid', 'email', 'profile', FEATURE_SCOPES.drive],
            accessTokenExpiresAt: '2026-11-25T08:00:00.000Z',
            boundToThisComputer: false,
            signInExpiresAt: null,
          },
          {
            id: '2',
            email: 'g@example.com',
            grantedScopes: ['openid', 'email', 'profile'],
            accessTokenExpiresAt: null,
            boundToThisComputer: false,
            signInExpiresAt: null,
          },
        ],
        pendingRevocations: 2,
        dpopRefusedAt: null,
        dpopEnabled: true,
      },
    });
  });

  it('says per account whether its sign-in is bound to this computer (DPoP)', async () => {
    const core = fakeCore();
    core.list = [account('1', 'ada@example.com'), account('2', 'g@example.com')];
    core.boundToThisComputer = (id) => id === '1';
    const { handlers } = createService(core, { metadata: memoryStore(), logger });
    const result = await handlers.settings.security(undefined);
    if (!result.ok) throw new Error('security failed');
    expect(result.value.accounts.map((a) => [a.id, a.boundToThisComputer])).toEqual([
      ['1', true],
      ['2', false],
    ]);
  });

  it('serves a cached profile without the client, and forgets it when the account leaves', async () => {
    const core = fakeCore();
    core.list = [account('1', 'ada@example.com')];
    core.active = '1';
    const metadata = memoryStore();
    const cached = {
      id: '1',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      pictureUrl: null,
      fetchedAt: '2026-11-25T07:00:00.000Z',
    };
    metadata.set(PROFILE_CACHE_KEY, { '1': cached, '9': { ...cached, id: '9' } });
    const { handlers } = createService(core, { metadata, logger });
    // An entry for an account that is no longer signed in is dropped at start.
    expect(metadata.get(PROFILE_CACHE_KEY)).toEqual({ '1': cached });
    expect(await handlers.profile.get(undefined)).toEqual({
      ok: true,
      value: { ...cached, cached: true },
    });
    // refresh: true goes to Google (here: the locked client).
    expect(await handlers.profile.get({ refresh: true })).toMatchObject({
      ok: false,
      error: { code: 'KEYCHAIN_UNAVAILABLE' },
    });
    expect(await handlers.auth.signOut({ accountId: '1' })).toEqual({
      ok: true,
      value: { revoked: true, message: 'Signed out.' },
    });
    expect(metadata.get(PROFILE_CACHE_KEY)).toEqual({});
  });

  it('onChange passes the core state through and unsubscribes', () => {
    const core = fakeCore();
    const service = createService(core, { metadata: memoryStore(), logger });
    const seen: AuthState[] = [];
    const off = service.onChange((state) => seen.push(state));
    core.emit();
    off();
    core.emit();
    expect(seen).toHaveLength(1);
  });

  it('without a proxy sign-in (the preview) no question waits and none is saved', async () => {
    const { handlers } = createService(fakeCore(), { metadata: memoryStore(), logger });
    expect(await handlers.proxy.prompt(undefined)).toEqual({ ok: true, value: null });
    expect(await handlers.proxy.saved(undefined)).toEqual({ ok: true, value: [] });
    expect(
      await handlers.proxy.answer({
        id: 'c'.repeat(32),
        username: 'a',
        password: 'b',
        remember: true,
      }),
    ).toEqual({ ok: true, value: false });
    expect(await handlers.proxy.forget({ proxy: 'p:1', realm: '' })).toEqual({
      ok: true,
      value: [],
    });
  });

  it('passes the proxy questions, answers and saved sign-ins to the proxy sign-in', async () => {
    const store = createProxyCredentialStore({
      service: 'Latchkey.proxy',
      logger,
      backend: createMemoryBackend(),
    });
    const proxySignIn = createProxySignIn({ store, logger });
    const { handlers } = createService(fakeCore(), {
      metadata: memoryStore(),
      logger,
      proxySignIn,
    });
    const answer = proxySignIn.attempt().credentials({
      proxy: 'proxy.corp.example:3128',
      realm: 'Corp',
      scheme: 'basic',
      host: 'oauth2.googleapis.com',
    });
    await vi.waitFor(() => expect(proxySignIn.current()).not.toBeNull());
    const waiting = await handlers.proxy.prompt(undefined);
    expect(waiting).toMatchObject({ ok: true, value: { proxy: 'proxy.corp.example:3128' } });
    const id = (waiting as { value: { id: string } }).value.id;
    expect(await handlers.proxy.answer({ id, cancel: true })).toEqual({ ok: true, value: true });
    expect(await answer).toBeNull();
    await store.save(
      { proxy: 'proxy.corp.example:3128', realm: 'Corp' },
      {
        username: 'ada',
        password: 'pw',
      },
    );
    expect(await handlers.proxy.saved(undefined)).toEqual({
      ok: true,
      value: [{ proxy: 'proxy.corp.example:3128', realm: 'Corp', username: 'ada' }],
    });
    expect(
      await handlers.proxy.forget({ proxy: 'proxy.corp.example:3128', realm: 'Corp' }),
    ).toEqual({ ok: true, value: [] });
  });
});
