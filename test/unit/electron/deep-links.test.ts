import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApp, fakeEvent, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const {
  createDeepLinkRouter,
  deepLinkCandidates,
  installDeepLinks,
  isOurScheme,
  registerProtocolClient,
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

  it('picks only URL-shaped arguments out of argv', () => {
    expect(
      deepLinkCandidates(['/usr/bin/electron', '/app', '--inspect', '--x=a:b', REDIRECT, '']),
    ).toEqual([REDIRECT]);
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

  it('routes a second instance argv to the running app and focuses its window', () => {
    const { ready, delivered, focus } = wired();
    ready();
    fakeApp.emit('second-instance', fakeEvent(), ['/usr/bin/latchkey', '--flag', REDIRECT], '/');
    fakeApp.emit('second-instance', fakeEvent(), ['/usr/bin/latchkey', 'http://evil.test/'], '/');
    expect(delivered).toEqual([REDIRECT]);
    expect(focus).toHaveBeenCalledTimes(2);
  });
});

describe('protocol registration', () => {
  it('passes the dev-mode arguments when running unpackaged', () => {
    const process_ = process as NodeJS.Process & { defaultApp: boolean };
    const saved = { defaultApp: process_.defaultApp, argv: process.argv };
    try {
      process_.defaultApp = true;
      process.argv = ['/usr/bin/electron', '.'];
      registerProtocolClient(SCHEME);
      process_.defaultApp = false;
      registerProtocolClient(SCHEME);
    } finally {
      process_.defaultApp = saved.defaultApp;
      process.argv = saved.argv;
    }
    expect(recorded.defaultProtocolClients).toEqual([
      [SCHEME, process.execPath, [process.cwd()]],
      [SCHEME],
    ]);
  });
});
