/** session/consent.ts: the consent flow for a feature's missing scopes, and dropping one. */
import { describe, expect, it } from 'vitest';
import { FEATURE_SCOPES } from '../../../../common/features.ts';
import { consentRequest, dropScopes } from '../../../../main/auth/session/consent.ts';
import { SessionStore } from '../../../../main/auth/session/session.ts';
import { captureLog, keychainVault, memoryStore } from '../fakes.ts';
import { ADA } from '../../../helpers/accounts.ts';

const SIGN_IN = ['openid', 'email', 'profile'];

describe('consentRequest', () => {
  it('asks this account for the missing scope only, with openid, on top of what it granted', () => {
    expect(consentRequest(ADA, [FEATURE_SCOPES.calendar], 'calendar')).toEqual({
      purpose: 'connect',
      feature: 'calendar',
      requestScopes: ['openid', FEATURE_SCOPES.calendar],
      wantedScopes: [FEATURE_SCOPES.calendar],
      loginHint: 'ada@example.com',
      expectedSub: '1001',
      includeGrantedScopes: true,
    });
  });

  it('is null when every scope is granted already (long or short forms)', () => {
    const granted = { ...ADA, grantedScopes: [...SIGN_IN, FEATURE_SCOPES.drive] };
    expect(consentRequest(granted, [FEATURE_SCOPES.drive], 'drive')).toBeNull();
    expect(
      consentRequest(ADA, ['https://www.googleapis.com/auth/userinfo.email', 'profile']),
    ).toBeNull();
  });
});

describe('dropScopes', () => {
  it('drops a feature scope, never a sign-in scope, and keeps the change', async () => {
    const { vault } = await keychainVault();
    const metadata = memoryStore();
    const session = new SessionStore({ vault, metadata, logger: captureLog().logger });
    session.put({ ...ADA, grantedScopes: [...SIGN_IN, FEATURE_SCOPES.calendar] }, false);
    const updated = dropScopes(session, '1001', [FEATURE_SCOPES.calendar, 'email'], SIGN_IN);
    expect(updated.grantedScopes).toEqual(SIGN_IN);
    expect(session.find('1001')?.grantedScopes).toEqual(SIGN_IN);
    const reloaded = new SessionStore({ vault, metadata, logger: captureLog().logger });
    reloaded.load();
    expect(reloaded.find('1001')?.grantedScopes).toEqual(SIGN_IN);
  });
});
