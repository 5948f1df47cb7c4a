import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  fakeApp,
  fakeEvent,
  FakeBrowserWindow,
  FakeWebContents,
  recorded,
  resetElectronMock,
} from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const {
  createMainWindow,
  enableProcessSandbox,
  guardAllWebContents,
  restoreAndFocus,
  MIN_WIDTH,
  MIN_HEIGHT,
} = await import('../../../main/electron/window.ts');
const { createExternalOpener } = await import('../../../main/electron/open-external.ts');
const { isAppUrl } = await import('../../../main/electron/app-protocol.ts');

function makeWindow(isPackaged = false) {
  const opener = createExternalOpener({ extraLinkOrigins: () => [] });
  const openLink = vi.fn((url: string) => opener.openLink(url));
  const window = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    iconPath: '/app/resources/icon.png',
    url: 'app://app/index.html',
    isPackaged,
    openLink,
    isAppPage: isAppUrl,
  }) as unknown as FakeBrowserWindow;
  return { window, contents: window.webContents, openLink };
}

beforeEach(() => resetElectronMock());

describe('the window factory', () => {
  it('creates one window with every isolation option set', () => {
    const { window } = makeWindow();
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.devTools).toBe(true);
    expect(window.options.icon).toBe('/app/resources/icon.png');
    expect(window.options.minWidth).toBe(800);
    expect(window.options.minHeight).toBe(600);
    expect([MIN_WIDTH, MIN_HEIGHT]).toEqual([800, 600]);
    expect(window.loadedUrl).toBe('app://app/index.html');
  });

  it('turns devtools off when packaged', () => {
    const { window } = makeWindow(true);
    expect((window.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });

  it('shows the window only when it has something to show', () => {
    const { window } = makeWindow();
    expect(window.options.show).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });
});

/**
 * A navigation as Electron emits it (ElectronNavigationThrottle): `will-frame-navigate` for any
 * frame first; only if that was not prevented, `will-navigate` for the main frame. Returns
 * whether the navigation would go ahead.
 */
function navigate(contents: FakeWebContents, url: string, isMainFrame = true): boolean {
  const frameEvent = fakeEvent({ url, isMainFrame, isSameDocument: false });
  contents.emit('will-frame-navigate', frameEvent);
  if (frameEvent.defaultPrevented) return false;
  if (!isMainFrame) return true;
  const event = fakeEvent({ url, isMainFrame, isSameDocument: false });
  contents.emit('will-navigate', event);
  return !event.defaultPrevented;
}

describe('navigation guards', () => {
  it('prevents a navigation to https://evil.test and opens nothing', () => {
    const { contents, openLink } = makeWindow();
    expect(navigate(contents, 'https://evil.test/')).toBe(false);
    expect(openLink).toHaveBeenCalledExactlyOnceWith('https://evil.test/');
    expect(recorded.opened).toEqual([]);
  });

  it('opens an allow-listed link clicked in the window in the system browser, once', () => {
    const { contents, openLink } = makeWindow();
    expect(navigate(contents, 'https://calendar.google.com/calendar/r')).toBe(false);
    expect(openLink).toHaveBeenCalledTimes(1);
    expect(recorded.opened).toEqual(['https://calendar.google.com/calendar/r']);
  });

  it('applies the link policy in will-frame-navigate, the event that fires first', () => {
    const { contents } = makeWindow();
    const event = fakeEvent({ url: 'https://calendar.google.com/', isMainFrame: true });
    contents.emit('will-frame-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(recorded.opened).toEqual(['https://calendar.google.com/']);
  });

  it('prevents a subframe navigation without opening anything', () => {
    const { contents, openLink } = makeWindow();
    expect(navigate(contents, 'https://calendar.google.com/', false)).toBe(false);
    expect(openLink).not.toHaveBeenCalled();
    expect(recorded.opened).toEqual([]);
  });

  it('prevents redirects, webviews, and a will-navigate on its own', () => {
    const { contents } = makeWindow();
    for (const name of ['will-redirect', 'will-navigate', 'will-attach-webview']) {
      const event = fakeEvent({ url: 'https://evil.test/', isMainFrame: true });
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
    expect(recorded.opened).toEqual([]);
  });

  it('denies window.open, and opens only allow-listed https links externally', () => {
    const { contents } = makeWindow();
    const handler = contents.windowOpenHandler;
    expect(handler).not.toBeNull();
    expect(handler!({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'http://drive.google.com/file' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(recorded.opened).toEqual([]);
    expect(handler!({ url: 'https://docs.google.com/document/d/1/edit' })).toEqual({
      action: 'deny',
    });
    expect(handler!({ url: 'https://myaccount.google.com/permissions' })).toEqual({
      action: 'deny',
    });
    expect(recorded.opened).toEqual([
      'https://docs.google.com/document/d/1/edit',
      'https://myaccount.google.com/permissions',
    ]);
  });
});

describe('a renderer that does not load', () => {
  function failing() {
    const onLoadFailed = vi.fn();
    const window = createMainWindow({
      preloadPath: '/p.cjs',
      iconPath: '/i.png',
      url: 'app://app/index.html',
      isPackaged: true,
      openLink: () => false,
      isAppPage: isAppUrl,
      onLoadFailed,
    }) as unknown as FakeBrowserWindow;
    return { window, onLoadFailed };
  }

  it('reports a main-frame load failure once (did-fail-load and the loadURL rejection)', async () => {
    const error = Object.assign(new Error('ERR_FILE_NOT_FOUND (-6)'), { errno: -6 });
    recorded.loadResult = () => Promise.reject(error);
    const { window, onLoadFailed } = failing();
    window.webContents.emit(
      'did-fail-load',
      fakeEvent(),
      -6,
      'ERR_FILE_NOT_FOUND',
      'app://app/index.html',
      true,
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(onLoadFailed).toHaveBeenCalledTimes(1);
    expect((onLoadFailed.mock.calls[0]![0] as Error).message).toBe(
      'ERR_FILE_NOT_FOUND (-6) loading app://app/index.html',
    );
    expect(window.visible).toBe(false);
  });

  it('reports a rejected loadURL on its own', async () => {
    recorded.loadResult = () => Promise.reject(new Error('ERR_FAILED (-2)'));
    const { onLoadFailed } = failing();
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledTimes(1));
  });

  it('ignores subframes and aborted loads', async () => {
    recorded.loadResult = () =>
      Promise.reject(Object.assign(new Error('ERR_ABORTED'), { errno: -3 }));
    const { window, onLoadFailed } = failing();
    window.webContents.emit('did-fail-load', fakeEvent(), -6, 'ERR_FILE_NOT_FOUND', 'x', false);
    window.webContents.emit('did-fail-load', fakeEvent(), -3, 'ERR_ABORTED', 'x', true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(onLoadFailed).not.toHaveBeenCalled();
  });
});

describe('session hardening', () => {
  const APP_PAGE = { isMainFrame: true, requestingUrl: 'app://app/index.html' };

  it('denies every permission request and check but writing the clipboard', () => {
    const { contents } = makeWindow();
    const session = contents.session;
    const callback = vi.fn();
    session.permissionRequestHandler!(contents, 'media', callback, APP_PAGE);
    session.permissionRequestHandler!(contents, 'notifications', callback, APP_PAGE);
    session.permissionRequestHandler!(contents, 'clipboard-read', callback, APP_PAGE);
    expect(callback.mock.calls).toEqual([[false], [false], [false]]);
    expect(session.permissionCheckHandler!(contents, 'clipboard-read', 'app://app', APP_PAGE)).toBe(
      false,
    );
    expect(session.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
  });

  it("lets the app's own page, and only it, write the clipboard (Copy link)", () => {
    const { contents } = makeWindow();
    const session = contents.session;
    const callback = vi.fn();
    const write = 'clipboard-sanitized-write';
    session.permissionRequestHandler!(contents, write, callback, APP_PAGE);
    session.permissionRequestHandler!(contents, write, callback, {
      isMainFrame: true,
      requestingUrl: 'https://evil.example/',
    });
    session.permissionRequestHandler!(contents, write, callback, {
      ...APP_PAGE,
      isMainFrame: false,
    });
    expect(callback.mock.calls).toEqual([[true], [false], [false]]);
    expect(session.permissionCheckHandler!(contents, write, 'app://app', APP_PAGE)).toBe(true);
    // A check made for no document names only the origin.
    expect(
      session.permissionCheckHandler!(contents, write, 'app://app', { isMainFrame: true }),
    ).toBe(true);
    expect(
      session.permissionCheckHandler!(contents, write, 'https://evil.example', {
        isMainFrame: true,
        requestingUrl: 'https://evil.example/',
      }),
    ).toBe(false);
  });

  it('cancels downloads', () => {
    const { contents } = makeWindow();
    const event = fakeEvent();
    contents.session.emit('will-download', event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('CSP for the dev server', () => {
  it('is added to http responses only when asked for', () => {
    const { contents } = makeWindow();
    expect(contents.session.headersReceived).toBeNull();
    resetElectronMock();
    const window = createMainWindow({
      preloadPath: '/p.cjs',
      iconPath: '/i.png',
      url: 'http://localhost:5173/',
      isPackaged: false,
      openLink: () => false,
      isAppPage: isAppUrl,
      httpCsp: "default-src 'self'",
    }) as unknown as FakeBrowserWindow;
    const callback = vi.fn();
    window.webContents.session.headersReceived!(
      { responseHeaders: { 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': ["default-src 'self'"],
      },
    });
  });
});

describe('process-wide guards', () => {
  it('enables the sandbox for every renderer', () => {
    enableProcessSandbox();
    expect(recorded.sandboxEnabled).toBe(1);
  });

  it('denies webviews and new windows in any web contents the app creates', () => {
    guardAllWebContents();
    const other = new FakeWebContents();
    fakeApp.emit('web-contents-created', fakeEvent(), other);
    const event = fakeEvent();
    other.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
    expect(other.windowOpenHandler!({ url: 'https://calendar.google.com/' })).toEqual({
      action: 'deny',
    });
    expect(recorded.opened).toEqual([]);
  });

  it('restores, shows and focuses an existing window', () => {
    const { window } = makeWindow();
    window.minimized = true;
    restoreAndFocus(window as never);
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(1);
    restoreAndFocus(null);
  });
});
