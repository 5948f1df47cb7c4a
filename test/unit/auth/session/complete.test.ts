import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../common/model.ts';
import { METADATA_KEY } from '../../../../main/auth/session/account-store.ts';
import {
  completeSignIn,
  grantedScopesAfter,
  signInEnd,
} from '../../../../main/auth/session/complete.ts';
import type { VerifiedSignIn } from '../../../../main/auth/issuer/exchange.ts';
import type { FlowInit } from '../../../../main/auth/flow/flow.ts';
import { SessionStore } from '../../../../main/auth/session/session.ts';
import { TokenKeeper } from '../../../../main/auth/tokens/tokens.ts';
import type { FlowResult } from '../../../../main/auth/types.ts';
import { captureLog, CLIENT_ID, fakeClock, keychainVault, memoryStore } from '../fakes.ts';

const CALENDAR = 'https://www.googleapis.com/auth/calendar.readonly';
const DRIVE = 'https://www.googleapis.com/auth/drive.metadata.readonly';

const signInInit: FlowInit = {
  purpose: 'sign-in',
  scopes: ['openid', 'email', 'profile'],
  redirect: 'custom-scheme',
  redirectUri: 'com.googleusercontent.apps.1-unit:/oauth2redirect',
  url: 'http://127.0.0.1:4000/auth',
  state: 's',
  verifier: 'v'.repeat(43),
  nonce: 'n',
  startedAt: 0,
  timeoutMs: 60_000,
};
const connectInit: FlowInit = {
  ...signInInit,
  purpose: 'connect',
  scopes: [CALENDAR],
  expectedSub: '1001',
};

function verified(fields: Partial<VerifiedSignIn['tokens']> = {}): VerifiedSignIn {
  return {
    sub: '1001',
    email: 'ada@example.com',
    name: 'Ada',
    picture: 'javascript:alert(1)',
    tokens: {
      access_token: 'ya29.a',
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: '1//r',
      scope:
        'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      ...fields,
    },
  };
}

async function setup() {
  const clock = fakeClock();
  const { vault, keytar } = await keychainVault();
  const metadata = memoryStore();
  const { logger } = captureLog();
  const session = new SessionStore({ vault, metadata, logger });
  const tokens = new TokenKeeper({
    refresh: async () => Promise.reject(new Error('no refresh in this test')),
    vault,
    clock,
    refreshMarginMs: 60_000,
    clientOptions: { clientId: CLIENT_ID },
    logger,
    isSignedIn: (id) => session.find(id) !== undefined,
    onInvalidGrant: async () => undefined,
    onRefreshed: () => {},
  });
  let signedIn = 0;
  const deps = { session, tokens, vault, clock, logger, onSignedIn: () => void (signedIn += 1) };
  return { deps, session, tokens, vault, keytar, metadata, clock, signedIn: () => signedIn };
}

const running = (): FlowResult | null => null;

describe('completeSignIn', () => {
  it('lists the account, writes its metadata and its refresh token, and holds the access token', async () => {
    const { deps, session, tokens, vault, metadata, clock, signedIn } = await setup();
    const result = await completeSignIn(deps, signInInit, verified(), running);
    expect(result).toMatchObject({
      ok: true,
      account: {
        id: '1001',
        email: 'ada@example.com',
        pictureUrl: null,
        grantedScopes: ['openid', 'email', 'profile'],
      },
    });
    expect(session.activeId).toBe('1001');
    expect(metadata.get(METADATA_KEY)).toMatchObject({ accounts: [{ id: '1001' }] });
    expect(await vault.get('1001')).toBe('1//r');
    expect(tokens.expiryOf('1001')).toBe(clock.now() + 3_600_000);
    expect(signedIn()).toBe(1);
  });

  it('a consent flow adds only the scopes it asked for and keeps the active account', async () => {
    const { deps, session } = await setup();
    const other: Account = {
      ...(
        (await completeSignIn(deps, signInInit, { ...verified(), sub: '2002' }, running)) as {
          account: Account;
        }
      ).account,
    };
    await completeSignIn(deps, signInInit, verified(), running);
    session.setActive(other.id);
    // Google's include_granted_scopes answer lists Drive too; this flow asked for Calendar only.
    const result = await completeSignIn(
      deps,
      connectInit,
      verified({ refresh_token: undefined, scope: `openid ${CALENDAR} ${DRIVE}` }),
      running,
    );
    expect(result).toMatchObject({
      ok: true,
      account: { grantedScopes: ['openid', 'email', 'profile', CALENDAR] },
    });
    expect(session.activeId).toBe('2002');
  });

  it('a consent that left the wanted scope unticked is CONSENT_PARTIAL, naming the feature', async () => {
    const { deps } = await setup();
    await completeSignIn(deps, signInInit, verified(), running);
    const result = await completeSignIn(deps, connectInit, verified({ scope: 'openid' }), running);
    expect(result).toEqual({
      ok: false,
      code: 'CONSENT_PARTIAL',
      message:
        'You allowed Latchkey in, but not to see your Google Calendar events — tick the box next ' +
        'to Google Calendar when Google asks again.',
    });
  });

  it('connecting a feature keeps "Last signed in"; signing in again moves it', async () => {
    const { deps, session, clock } = await setup();
    await completeSignIn(deps, signInInit, verified(), running);
    const signedInAt = session.find('1001')?.lastSignIn;
    clock.advance(60_000);
    await completeSignIn(deps, connectInit, verified({ scope: `openid ${CALENDAR}` }), running);
    expect(session.find('1001')?.lastSignIn).toBe(signedInAt);
    clock.advance(60_000);
    await completeSignIn(deps, signInInit, verified(), running);
    expect(session.find('1001')?.lastSignIn).toBe(new Date(clock.now()).toISOString());
    expect(session.find('1001')?.lastSignIn).not.toBe(signedInAt);
  });

  it('without any refresh token nothing is stored', async () => {
    const { deps, session, vault } = await setup();
    const result = await completeSignIn(
      deps,
      signInInit,
      verified({ refresh_token: undefined }),
      running,
    );
    expect(result).toMatchObject({
      ok: false,
      code: 'SIGN_IN_FAILED',
      message: expect.stringContaining('offline access'),
    });
    expect(session.accounts()).toEqual([]);
    expect(await vault.get('1001')).toBeNull();
  });

  it('a refused keychain write puts the session and the metadata back as they were', async () => {
    const { deps, session, metadata, keytar } = await setup();
    await completeSignIn(
      deps,
      signInInit,
      { ...verified(), sub: '2002', email: 'grace@example.com' },
      running,
    );
    const saved = metadata.get(METADATA_KEY);
    keytar.failSets = true;
    const result = await completeSignIn(deps, signInInit, verified(), running);
    // The vault fell back to memory: the sign-in completes there, but the saved metadata does not
    // name an account whose token is not in the keychain.
    expect(result.ok).toBe(true);
    expect(metadata.get(METADATA_KEY)).toEqual(saved);
    expect(session.accounts().map((a) => a.id)).toEqual(['2002', '1001']);
  });

  it('a flow that ended meanwhile stores nothing', async () => {
    const { deps, session } = await setup();
    const timedOut: FlowResult = { ok: false, code: 'TIMED_OUT', message: 'late' };
    expect(await completeSignIn(deps, signInInit, verified(), () => timedOut)).toBe(timedOut);
    expect(session.accounts()).toEqual([]);
  });

  it('a sign-out during the keychain write leaves no entry and no token behind', async () => {
    const { deps, session, tokens, vault, keytar } = await setup();
    await completeSignIn(deps, signInInit, verified(), running);
    let outcome: FlowResult | null = null;
    const write = keytar.setPassword;
    let signedOut: Promise<void> = Promise.resolve();
    keytar.setPassword = async (service, accountId, password) => {
      // What signOut does meanwhile: the flow ends and the account is forgotten (its delete
      // reaches the keychain after this write).
      outcome = { ok: false, code: 'CANCELLED', message: 'Sign-in was cancelled.' };
      tokens.forget('1001');
      signedOut = session.forget('1001');
      await write(service, accountId, password);
    };
    const result = await completeSignIn(
      deps,
      connectInit,
      verified({ refresh_token: '1//newer', scope: `openid ${CALENDAR}` }),
      () => outcome,
    );
    await signedOut;
    expect(result).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(session.find('1001')).toBeUndefined();
    expect(await vault.getEntry('1001')).toBeNull();
    expect(tokens.expiryOf('1001')).toBeNull();
  });

  it('grantedScopesAfter falls back to what was asked when Google names no scope', () => {
    expect(grantedScopesAfter(signInInit, undefined, undefined)).toEqual([
      'openid',
      'email',
      'profile',
    ]);
    expect(grantedScopesAfter(connectInit, undefined, undefined)).toEqual([CALENDAR]);
  });
});

describe('signInEnd', () => {
  const now = Date.UTC(2026, 11, 1);
  const known = { signInExpiresAt: '2026-12-05T00:00:00.000Z' } as Account;
  it('a new refresh token with refresh_token_expires_in (Testing mode): now + that', () => {
    expect(
      signInEnd({ refresh_token: '1//r', refresh_token_expires_in: 604_800 }, known, now),
    ).toBe('2026-12-08T00:00:00.000Z');
  });
  it('a new refresh token without it: no end; no new refresh token: the known end stays', () => {
    expect(signInEnd({ refresh_token: '1//r' }, known, now)).toBeUndefined();
    expect(signInEnd({}, known, now)).toBe(known.signInExpiresAt);
    expect(signInEnd({}, undefined, now)).toBeUndefined();
  });
});
