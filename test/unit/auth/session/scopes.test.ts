import { describe, expect, it } from 'vitest';
import { hasAllScopes, missingScopes, parseScopes } from '../../../../main/auth/session/scopes.ts';
import { safePictureUrl } from '../../../../main/auth/session/account-store.ts';

describe('scopes', () => {
  it('normalises Google’s long forms and removes duplicates', () => {
    expect(
      parseScopes(
        'openid https://www.googleapis.com/auth/userinfo.email  https://www.googleapis.com/auth/userinfo.profile email',
      ),
    ).toEqual(['openid', 'email', 'profile']);
    expect(parseScopes(undefined)).toEqual([]);
  });

  it('finds what is missing', () => {
    const granted = ['openid', 'email', 'profile'];
    const calendar = 'https://www.googleapis.com/auth/calendar.readonly';
    expect(hasAllScopes(granted, ['https://www.googleapis.com/auth/userinfo.email'])).toBe(true);
    expect(missingScopes(granted, [calendar, 'email'])).toEqual([calendar]);
  });
});

describe('safePictureUrl', () => {
  it('keeps https and loopback http only', () => {
    expect(safePictureUrl('https://lh3.googleusercontent.com/a/x=s96-c')).toBe(
      'https://lh3.googleusercontent.com/a/x=s96-c',
    );
    expect(safePictureUrl('http://127.0.0.1:4000/avatars/ada.svg')).toBe(
      'http://127.0.0.1:4000/avatars/ada.svg',
    );
    for (const bad of [
      'javascript:alert(1)',
      'data:image/png;base64,AA',
      'http://example.com/a.png',
      'file:///etc/passwd',
      'https://u:p@x.example/',
      '',
      null,
      undefined,
    ]) {
      expect(safePictureUrl(bad)).toBeNull();
    }
  });
});
