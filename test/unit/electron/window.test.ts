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

function makeWindow(isPackaged = false) {
  const opener = createExternalOpener({ extraLinkOrigins: () => [] });
  const openLink = vi.fn((url: string) => opener.openLink(url));
  const window = createMainWindow({
    preloadPath: '/app/out/preload/index.cjs',
    url: 'app://app/index.html',
    isPackaged,
    openLink,
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

describe('navigation guards', () => {
  it('prevents a navigation to https://evil.test and opens nothing', () => {
    const { contents, openLink } = makeWindow();
    const event = fakeEvent({ url: 'https://evil.test/' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(openLink).toHaveBeenCalledWith('https://evil.test/');
    expect(recorded.opened).toEqual([]);
  });

  it('prevents a navigation to an allow-listed link and opens it in the system browser', () => {
    const { contents } = makeWindow();
    const event = fakeEvent({ url: 'https://calendar.google.com/calendar/r' });
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(recorded.opened).toEqual(['https://calendar.google.com/calendar/r']);
  });

  it('prevents redirects, frame navigations and webviews', () => {
    const { contents } = makeWindow();
    for (const name of ['will-redirect', 'will-frame-navigate', 'will-attach-webview']) {
      const event = fakeEvent({ url: 'https://evil.test/' });
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

describe('session hardening', () => {
  it('denies every permission request and check', () => {
    const { contents } = makeWindow();
    const session = contents.session;
    const callback = vi.fn();
    session.permissionRequestHandler!(contents, 'media', callback, {});
    session.permissionRequestHandler!(contents, 'notifications', callback, {});
    expect(callback.mock.calls).toEqual([[false], [false]]);
    expect(session.permissionCheckHandler!(contents, 'clipboard-read', 'app://app', {})).toBe(
      false,
    );
    expect(session.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
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
      url: 'http://localhost:5173/',
      isPackaged: false,
      openLink: () => false,
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
