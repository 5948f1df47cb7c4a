import { beforeEach, describe, expect, it } from 'vitest';
import type { Account, Profile } from '../../common/model.ts';
import { AuthStore } from '../../renderer/src/lib/auth.svelte.ts';
import { Resource } from '../../renderer/src/lib/resource.svelte.ts';
import {
  ADA,
  authState,
  createFakeApi,
  deferred,
  fail,
  GRACE,
  installApi,
  ok,
  profileOf,
  settle,
  type FakeApi,
} from './fake-api.ts';

describe('AuthStore', () => {
  let fake: FakeApi;
  let store: AuthStore;

  beforeEach(() => {
    fake = createFakeApi(authState());
    installApi(fake);
    store = new AuthStore();
  });

  it('is loading until main answers, then signed out without accounts', async () => {
    expect(store.screen).toBe('loading');
    store.start();
    await settle();
    expect(store.screen).toBe('signed-out');
    expect(fake.api.auth.onChange).toHaveBeenCalledOnce();
  });

  it('is unavailable when the page has no bridge', () => {
    delete (window as unknown as { api?: unknown }).api;
    store.start();
    expect(store.screen).toBe('unavailable');
    expect(store.loadError).toMatch(/window\.api is missing/);
  });

  it('moves signed out → signing in → signed in as main reports the flow', async () => {
    store.start();
    await settle();
    const pending = deferred<Awaited<ReturnType<typeof fake.api.auth.signIn>>>();
    fake.api.auth.signIn.mockReturnValueOnce(pending.promise);
    const done = store.signIn();
    // Signing in shows at once, before main pushes the flow.
    expect(store.screen).toBe('signing-in');
    expect(store.flow).toBeNull();
    const flow = {
      purpose: 'sign-in' as const,
      url: 'https://accounts.google.com/o/oauth2/v2/auth?x=1',
      redirect: 'loopback' as const,
      scopes: ['openid'],
      expiresAt: '2026-11-25T10:00:00Z',
    };
    fake.emit(authState({ flow }));
    expect(store.flow?.url).toBe(flow.url);
    const signedIn = authState({ accounts: [ADA], activeId: ADA.id });
    fake.api.auth.accounts.mockResolvedValue(ok(signedIn));
    fake.emit(signedIn);
    pending.resolve(ok(ADA));
    await done;
    expect(store.screen).toBe('signed-in');
    expect(store.active?.email).toBe('ada@example.com');
    expect(store.outcome).toBeNull();
  });

  it.each([
    ['TIMED_OUT', 'timed-out'],
    ['SIGN_IN_FAILED', 'failed'],
  ])('keeps the outcome of a flow that ended with %s', async (code, kind) => {
    store.start();
    await settle();
    fake.api.auth.signIn.mockResolvedValueOnce(fail<Account>(code));
    await store.signIn();
    expect(store.outcome?.kind).toBe(kind);
    expect(store.screen).toBe('signing-in');
    store.clearOutcome();
    expect(store.screen).toBe('signed-out');
  });

  it.each([
    ['CANCELLED', 'Sign-in cancelled. Nothing was shared with Latchkey.'],
    ['CONSENT_DENIED', "Not signed in: you pressed Deny on Google's page, so nothing was shared."],
  ])('goes back to where the person was after %s, with a toast saying so', async (code, said) => {
    store.start();
    await settle();
    fake.api.auth.signIn.mockResolvedValueOnce(fail<Account>(code));
    await store.signIn();
    expect(store.outcome).toBeNull();
    expect(store.screen).toBe('signed-out');
    expect(store.toasts.map((t) => t.message)).toEqual([said]);
  });

  it("keeps a sign-in that came back partly on the signed-out screen, in main's words", async () => {
    store.start();
    await settle();
    fake.api.auth.signIn.mockResolvedValueOnce(
      fail<Account>(
        'CONSENT_PARTIAL',
        'You allowed Latchkey in, but not to see your email address.',
      ),
    );
    await store.signIn();
    expect(store.outcome).toMatchObject({
      kind: 'partial',
      message: 'You allowed Latchkey in, but not to see your email address.',
    });
    expect(store.screen).toBe('signed-out');
    expect(store.toasts).toEqual([]);
  });

  it('names the account a sign-in ended with, and says when it was already signed in', async () => {
    fake.api.auth.accounts.mockResolvedValue(ok(authState({ accounts: [ADA], activeId: ADA.id })));
    store.start();
    await settle();
    fake.api.auth.addAccount.mockResolvedValueOnce(ok(GRACE));
    fake.api.auth.accounts.mockResolvedValue(
      ok(authState({ accounts: [ADA, GRACE], activeId: GRACE.id })),
    );
    await store.addAccount();
    expect(store.toasts.at(-1)?.message).toBe('Signed in as Grace Hopper (grace@example.com).');
    // Adding Ada, who is signed in but not active: the core signs her in again and switches.
    fake.api.auth.addAccount.mockResolvedValueOnce(ok(ADA));
    fake.api.auth.accounts.mockResolvedValue(
      ok(authState({ accounts: [ADA, GRACE], activeId: ADA.id })),
    );
    await store.addAccount();
    expect(store.toasts.at(-1)?.message).toBe(
      'ada@example.com was already signed in: signed in again and switched to it.',
    );
    fake.api.auth.addAccount.mockResolvedValueOnce(ok(ADA));
    await store.addAccount();
    expect(store.toasts.at(-1)?.message).toBe(
      'ada@example.com was already signed in: it is signed in again.',
    );
  });

  it('passes the login hint and picks the active account', async () => {
    fake.api.auth.accounts.mockResolvedValue(
      ok(authState({ accounts: [ADA, GRACE], activeId: GRACE.id })),
    );
    store.start();
    await settle();
    expect(store.active?.id).toBe(GRACE.id);
    await store.signIn('grace@example.com');
    expect(fake.api.auth.signIn).toHaveBeenCalledWith({ loginHint: 'grace@example.com' });
  });

  it('falls back to the first account when main names none active', async () => {
    fake.api.auth.accounts.mockResolvedValue(ok(authState({ accounts: [ADA, GRACE] })));
    store.start();
    await settle();
    expect(store.active?.id).toBe(ADA.id);
  });

  it('does not let the first answer overwrite a newer pushed state', async () => {
    const first = deferred<ReturnType<typeof ok<ReturnType<typeof authState>>>>();
    fake.api.auth.accounts.mockReturnValueOnce(first.promise);
    store.start();
    fake.emit(authState({ accounts: [ADA], activeId: ADA.id }));
    first.resolve(ok(authState()));
    await settle();
    expect(store.screen).toBe('signed-in');
  });

  it('switches accounts with the state main returns', async () => {
    fake.api.auth.accounts.mockResolvedValue(
      ok(authState({ accounts: [ADA, GRACE], activeId: ADA.id })),
    );
    fake.api.auth.setActive.mockResolvedValue(
      ok(authState({ accounts: [ADA, GRACE], activeId: GRACE.id })),
    );
    store.start();
    await settle();
    await store.setActive(GRACE.id);
    expect(fake.api.auth.setActive).toHaveBeenCalledWith({ accountId: GRACE.id });
    expect(store.active?.id).toBe(GRACE.id);
  });

  it('reports sign-out as a notice, pending when Google was not reached', async () => {
    store.start();
    await settle();
    fake.api.auth.signOut.mockResolvedValueOnce(
      ok({ revoked: false, message: 'Signed out here; Google will be told when you are online.' }),
    );
    await store.signOut(ADA.id);
    expect(store.notices).toEqual([
      expect.objectContaining({ level: 'warning', code: 'REVOCATION_PENDING' }),
    ]);
    store.dismiss(store.notices[0]!.id);
    expect(store.notices).toEqual([]);
  });

  it('does not repeat a sign-out result main already reports as a notice', async () => {
    const message = 'Signed out; Google will be told when you are back online.';
    fake.api.auth.signOut.mockResolvedValueOnce(ok({ revoked: false, message }));
    fake.api.auth.accounts.mockResolvedValue(
      ok(
        authState({
          notices: [{ id: 'm1', level: 'warning', code: 'REVOCATION_PENDING', message }],
        }),
      ),
    );
    store.start();
    await settle();
    await store.signOut(ADA.id);
    expect(store.notices.map((n) => n.id)).toEqual(['m1']);
  });

  it("shows main's notices until dismissed", async () => {
    const notice = {
      id: 'n1',
      level: 'error' as const,
      code: 'SESSION_EXPIRED' as const,
      message: 'Signed out: Google no longer accepts the sign-in.',
    };
    fake.api.auth.accounts.mockResolvedValue(ok(authState({ notices: [notice] })));
    store.start();
    await settle();
    expect(store.notices.map((n) => n.id)).toEqual(['n1']);
    store.dismiss('n1');
    expect(store.notices).toEqual([]);
    expect(fake.api.auth.dismissNotice).toHaveBeenCalledWith({ noticeId: 'n1' });
  });
});

describe('Resource', () => {
  it('goes idle → loading → ready and keeps data while refreshing', async () => {
    const resource = new Resource<Profile>();
    expect(resource.status).toBe('idle');
    const first = deferred<ReturnType<typeof ok<Profile>>>();
    const load = resource.load(() => first.promise);
    expect(resource.status).toBe('loading');
    expect(resource.refreshing).toBe(false);
    first.resolve(ok(profileOf(ADA)));
    await load;
    expect(resource.status).toBe('ready');
    expect(resource.data?.email).toBe(ADA.email);
    const again = deferred<ReturnType<typeof ok<Profile>>>();
    const reload = resource.load(() => again.promise);
    expect(resource.refreshing).toBe(true);
    expect(resource.data?.email).toBe(ADA.email);
    again.resolve(fail('NETWORK'));
    await reload;
    expect(resource.status).toBe('error');
    expect(resource.error?.code).toBe('NETWORK');
    expect(resource.data).toBeNull();
  });

  it('ignores an older answer that arrives after a newer one', async () => {
    const resource = new Resource<string>();
    const slow = deferred<ReturnType<typeof ok<string>>>();
    const a = resource.load(() => slow.promise);
    const b = resource.load(async () => ok('new'));
    await b;
    slow.resolve(ok('old'));
    await a;
    expect(resource.data).toBe('new');
  });

  it('turns a thrown bridge call into an INTERNAL error instead of an unhandled rejection', async () => {
    const resource = new Resource<string>();
    await resource.load(async () => {
      throw new Error('socket closed');
    });
    expect(resource.error).toEqual({ code: 'INTERNAL', message: 'socket closed' });
  });
});
