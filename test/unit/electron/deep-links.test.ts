import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApp, fakeEvent, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const {
  createDeepLinkRouter,
  deepLinkFromArgv,
  installDeepLinks,
  isOurScheme,
  registerRedirectScheme,
  unregisterRedirectScheme,
  MAX_DEEP_LINK_LENGTH,
  MAX_QUEUED_DEEP_LINKS,
} = await import('../../../main/electron/deep-links.ts');

const SCHEME = 'com.googleusercontent.apps.123-abc';
const REDIRECT = `${SCHEME}:/oauth2redirect?code=c&state=s`;

beforeEach(() => resetElectronMock());

function wired(argv: string[] = ['/usr/bin/latchkey']) {
  const router = createDeepLinkRouter();
  const focus = vi.fn();
  const installed = installDeepLinks(router, focus, argv);
  const delivered: string[] = [];
  return {
    router,
    focus,
    installed,
    delivered,
    ready: () => router.ready(SCHEME, (url) => delivered.push(url)),
  };
}

describe('the router', () => {
  it('queues URLs until the core is ready, then delivers ours only', () => {
    const router = createDeepLinkRouter();
    const delivered: string[] = [];
    router.push(REDIRECT);
    router.push('https://evil.test/?code=x');
    router.push('file:///etc/passwd');
    router.push('javascript:alert(1)');
    router.push(42);
    expect(delivered).toEqual([]);
    router.ready(SCHEME, (url) => delivered.push(url));
    expect(delivered).toEqual([REDIRECT]);
    router.push(REDIRECT.toUpperCase().replace('OAUTH2REDIRECT', 'oauth2redirect'));
    router.push('com.googleusercontent.apps.999-other:/oauth2redirect?code=c');
    expect(delivered).toHaveLength(2);
  });

  it('drops URLs over the length cap', () => {
    const router = createDeepLinkRouter();
    const delivered: string[] = [];
    router.ready(SCHEME, (url) => delivered.push(url));
    router.push(`${REDIRECT}&pad=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`);
    expect(delivered).toEqual([]);
  });

  it('caps the queue', () => {
    const router = createDeepLinkRouter();
    const delivered: string[] = [];
    for (let i = 0; i < 100; i++) router.push(`${REDIRECT}&n=${i}`);
    router.ready(SCHEME, (url) => delivered.push(url));
    expect(delivered).toHaveLength(MAX_QUEUED_DEEP_LINKS);
  });

  it('ignores everything when there is no custom scheme (loopback client)', () => {
    const router = createDeepLinkRouter();
    const delivered: string[] = [];
    router.push(REDIRECT);
    router.ready(null, (url) => delivered.push(url));
    router.push(REDIRECT);
    expect(delivered).toEqual([]);
  });

  it('matches the scheme exactly', () => {
    expect(isOurScheme(REDIRECT, SCHEME)).toBe(true);
    expect(isOurScheme(`${SCHEME}x:/oauth2redirect`, SCHEME)).toBe(false);
    expect(isOurScheme(`x${SCHEME}:/oauth2redirect`, SCHEME)).toBe(false);
    expect(isOurScheme('not a url', SCHEME)).toBe(false);
  });

  it('picks only a URL-shaped argument out of argv', () => {
    expect(
      deepLinkFromArgv(['/usr/bin/electron', '/app', '--inspect', '--x=a:b', REDIRECT, '']),
    ).toBe(REDIRECT);
    expect(deepLinkFromArgv(['C:\\Latchkey\\Latchkey.exe', 'C:\\app', REDIRECT])).toBe(REDIRECT);
    expect(deepLinkFromArgv(['/usr/bin/latchkey'])).toBeNull();
  });

  it('takes only the argument after the -- sentinel the OS was told to pass', () => {
    expect(deepLinkFromArgv(['latchkey', '--', REDIRECT])).toBe(REDIRECT);
    expect(deepLinkFromArgv(['electron', '/app', '--', REDIRECT])).toBe(REDIRECT);
    // Before the sentinel nothing counts; after it, only the very next argument.
    expect(deepLinkFromArgv(['latchkey', `${SCHEME}:/x`, '--', REDIRECT])).toBe(REDIRECT);
    expect(deepLinkFromArgv(['latchkey', '--', '--gpu-launcher=calc', REDIRECT])).toBeNull();
    expect(deepLinkFromArgv(['latchkey', '--'])).toBeNull();
  });

  it('ignores every argument after the deep link', () => {
    const second = `${SCHEME}:/oauth2redirect?code=other&state=s`;
    expect(deepLinkFromArgv(['latchkey', '--', REDIRECT, second])).toBe(REDIRECT);
    expect(deepLinkFromArgv(['latchkey', REDIRECT, second, '--flag'])).toBe(REDIRECT);
  });
});

describe('wiring into Electron', () => {
  it('quits when another instance holds the lock', () => {
    recorded.singleInstanceLock = false;
    const { installed } = wired();
    expect(installed).toBe(false);
    expect(fakeApp.listenerCount('second-instance')).toBe(0);
  });

  it('takes the URL from argv on a cold start (Windows, Linux)', () => {
    const { ready, delivered, installed } = wired(['C:\\Latchkey\\Latchkey.exe', REDIRECT]);
    expect(installed).toBe(true);
    expect(delivered).toEqual([]);
    ready();
    expect(delivered).toEqual([REDIRECT]);
  });

  it('registers open-url in will-finish-launching and routes it (macOS)', () => {
    const { ready, delivered, focus } = wired();
    expect(fakeApp.listenerCount('open-url')).toBe(0);
    fakeApp.emit('will-finish-launching');
    expect(fakeApp.listenerCount('open-url')).toBe(1);
    const event = fakeEvent();
    fakeApp.emit('open-url', event, REDIRECT);
    expect(event.defaultPrevented).toBe(true);
    fakeApp.emit('open-url', fakeEvent(), 'https://evil.test/');
    expect(focus).toHaveBeenCalledTimes(2);
    ready();
    expect(delivered).toEqual([REDIRECT]);
  });

  it('takes one URL after the sentinel on a cold start and ignores the rest', () => {
    const second = `${SCHEME}:/oauth2redirect?code=other&state=s`;
    const { ready, delivered } = wired(['/opt/Latchkey/latchkey', '--', REDIRECT, second]);
    ready();
    expect(delivered).toEqual([REDIRECT]);
  });

  it('routes a second instance argv to the running app and focuses its window', () => {
    const { ready, delivered, focus } = wired();
    ready();
    fakeApp.emit(
      'second-instance',
      fakeEvent(),
      ['/usr/bin/latchkey', '--flag', '--', REDIRECT],
      '/',
    );
    fakeApp.emit('second-instance', fakeEvent(), ['/usr/bin/latchkey', 'http://evil.test/'], '/');
    expect(delivered).toEqual([REDIRECT]);
    expect(focus).toHaveBeenCalledTimes(2);
  });
});

describe('protocol registration', () => {
  const process_ = process as NodeJS.Process & { defaultApp: boolean };
  let saved: { defaultApp: boolean; argv: string[] };
  beforeEach(() => {
    saved = { defaultApp: process_.defaultApp, argv: process.argv };
  });
  afterEach(() => {
    process_.defaultApp = saved.defaultApp;
    process.argv = saved.argv;
  });

  it('leaves a package alone: its installer or bundle registered the scheme', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(registerRedirectScheme(SCHEME, platform, true)).toEqual({ by: 'package' });
    }
    expect(recorded.defaultProtocolClients).toEqual([]);
  });

  it('registers in development on Windows with the app path and the -- sentinel, and removes it', () => {
    process_.defaultApp = true;
    process.argv = ['C:\\electron.exe', '.'];
    expect(registerRedirectScheme(SCHEME, 'win32', false)).toEqual({ by: 'runtime', ok: true });
    expect(unregisterRedirectScheme(SCHEME)).toBe(true);
    const args = [SCHEME, process.execPath, [process.cwd(), '--']];
    expect(recorded.defaultProtocolClients).toEqual([args]);
    expect(recorded.removedProtocolClients).toEqual([args]);
  });

  it('says what to do instead in development on macOS and Linux, registering nothing', () => {
    const mac = registerRedirectScheme(SCHEME, 'darwin', false);
    const linux = registerRedirectScheme(SCHEME, 'linux', false);
    expect(mac).toMatchObject({ by: 'nobody', advice: expect.stringMatching(/Info\.plist/) });
    expect(linux).toMatchObject({
      by: 'nobody',
      advice: expect.stringContaining(`MimeType=x-scheme-handler/${SCHEME}`),
    });
    for (const answer of [mac, linux]) {
      expect(answer).toMatchObject({ advice: expect.stringMatching(/"Desktop app" client/) });
    }
    expect(recorded.defaultProtocolClients).toEqual([]);
  });
});
