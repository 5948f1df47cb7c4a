import { beforeEach, describe, expect, it, vi } from 'vitest';
import { captureLog } from '../../helpers/memory.ts';
import { recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const { allowedAuthorizationUrl, allowedExternalLink, authorizationOpener } =
  await import('../../../main/app/external-links.ts');
const { createExternalOpener } = await import('../../../main/electron/open-external.ts');

const GOOGLE_AUTH = 'https://accounts.google.com/o/oauth2/v2/auth';

beforeEach(() => resetElectronMock());

describe('links from the window', () => {
  it.each([
    'https://calendar.google.com/calendar/r/day',
    'https://www.google.com/calendar/event?eid=abc',
    'https://drive.google.com/file/d/1/view',
    'https://docs.google.com/spreadsheets/d/1/edit',
    'https://myaccount.google.com/permissions',
    'https://accounts.google.com/SignOutOptions',
  ])('allows %s', (url) => {
    expect(allowedExternalLink(url)).toBe(url);
  });

  it.each([
    'https://evil.test/',
    'http://drive.google.com/file/d/1/view',
    'https://drive.google.com.evil.test/',
    'https://evil.test/?https://drive.google.com',
    'https://drive.google.com@evil.test/',
    'https://user:pass@drive.google.com/',
    'https://drive.google.com:8443/',
    'https://www.google.com/search?q=x',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://app/index.html',
    'com.googleusercontent.apps.1-a:/oauth2redirect',
    'not a url',
    `https://drive.google.com/${'a'.repeat(5000)}`,
  ])('refuses %s', (url) => {
    expect(allowedExternalLink(url)).toBeNull();
  });

  it('allows the emulator origin only when given (demo mode)', () => {
    expect(allowedExternalLink('http://127.0.0.1:4000/calendar/event')).toBeNull();
    expect(
      allowedExternalLink('http://127.0.0.1:4000/calendar/event', ['http://127.0.0.1:4000']),
    ).toBe('http://127.0.0.1:4000/calendar/event');
  });
});

describe('the authorization URL', () => {
  it('must be exactly the configured endpoint', () => {
    expect(allowedAuthorizationUrl(`${GOOGLE_AUTH}?client_id=x&state=y`, GOOGLE_AUTH)).toBe(
      `${GOOGLE_AUTH}?client_id=x&state=y`,
    );
    expect(allowedAuthorizationUrl(`${GOOGLE_AUTH}?a=b`, null)).toBeNull();
    expect(
      allowedAuthorizationUrl('https://accounts.google.com/o/oauth2/auth?a=b', GOOGLE_AUTH),
    ).toBeNull();
    expect(allowedAuthorizationUrl('https://evil.test/o/oauth2/v2/auth', GOOGLE_AUTH)).toBeNull();
    expect(allowedAuthorizationUrl('https://drive.google.com/', GOOGLE_AUTH)).toBeNull();
  });

  it('may be http only on loopback (the local emulator)', () => {
    const local = 'http://127.0.0.1:4000/o/oauth2/v2/auth';
    expect(allowedAuthorizationUrl(`${local}?a=b`, local)).toBe(`${local}?a=b`);
    const remote = 'http://example.test/o/oauth2/v2/auth';
    expect(allowedAuthorizationUrl(`${remote}?a=b`, remote)).toBeNull();
  });
});

describe('the shell.openExternal wrapper', () => {
  it('opens allowed links, refuses the rest', () => {
    const refused = vi.fn();
    const opener = createExternalOpener({ extraLinkOrigins: () => [], onRefused: refused });
    expect(opener.openLink('https://drive.google.com/file/d/1/view')).toBe(true);
    expect(opener.openLink('https://evil.test/path?secret=1')).toBe(false);
    expect(recorded.opened).toEqual(['https://drive.google.com/file/d/1/view']);
    // Refusals are reported by origin only: paths and queries can carry user data.
    expect(refused.mock.calls).toEqual([['link', 'https://evil.test']]);
  });

  it('opens the authorization URL behind the shared endpoint check', async () => {
    const { logger, lines } = captureLog();
    const opener = createExternalOpener({ extraLinkOrigins: () => [] });
    const open = authorizationOpener(
      GOOGLE_AUTH,
      (url) => opener.openAuthorizationUrl(url),
      logger,
    );
    await open(`${GOOGLE_AUTH}?state=s`);
    await expect(open('https://drive.google.com/')).rejects.toThrow();
    await expect(open('https://evil.test/o/oauth2/v2/auth?secret=1')).rejects.toThrow();
    expect(recorded.opened).toEqual([`${GOOGLE_AUTH}?state=s`]);
    expect(lines).toEqual([
      'refused to open an external URL {"kind":"authorization","origin":"https://drive.google.com"}',
      'refused to open an external URL {"kind":"authorization","origin":"https://evil.test"}',
    ]);
  });
});
