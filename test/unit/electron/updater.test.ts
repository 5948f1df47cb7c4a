/**
 * main/electron/updater.ts with the `electron` module and electron-updater mocked: which copies
 * update themselves (packaged Windows, macOS, AppImage) and which do not (development, deb, rpm,
 * an unpacked folder), the options set on electron-updater, and how its results and events map
 * onto the controller's port.
 */
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApp, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

/** A stand-in for electron-updater's AppUpdater: records what the port sets and calls. */
class FakeUpdater extends EventEmitter {
  static created: Array<{ kind: string; updater: FakeUpdater }> = [];
  /** Reads of electron-updater's `autoUpdater` (it picks DebUpdater from package-type). */
  static singletonReads = 0;
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowPrerelease = true;
  allowDowngrade = true;
  fullChangelog = true;
  logger: unknown = console;
  checkResult: unknown = null;
  checkError: unknown = null;
  downloadError: unknown = null;
  progressSteps: number[] = [];
  calls: string[] = [];
  constructor(kind = 'direct') {
    super();
    FakeUpdater.created.push({ kind, updater: this });
  }
  checkForUpdates() {
    this.calls.push('checkForUpdates');
    return this.checkError ? Promise.reject(this.checkError) : Promise.resolve(this.checkResult);
  }
  downloadUpdate() {
    this.calls.push('downloadUpdate');
    for (const percent of this.progressSteps)
      this.emit('download-progress', {
        percent,
        total: 100,
        transferred: percent,
        delta: 1,
        bytesPerSecond: 1,
      });
    return this.downloadError ? Promise.reject(this.downloadError) : Promise.resolve(['/tmp/x']);
  }
  quitAndInstall(...args: unknown[]) {
    this.calls.push(`quitAndInstall(${args.join(',')})`);
  }
}

vi.mock('electron-updater', () => {
  const kind = (name: string) =>
    class extends FakeUpdater {
      constructor() {
        super(name);
      }
    };
  const module = {
    NsisUpdater: kind('nsis'),
    MacUpdater: kind('mac'),
    AppImageUpdater: kind('appimage'),
    DebUpdater: kind('deb'),
    get autoUpdater(): FakeUpdater {
      FakeUpdater.singletonReads += 1;
      return new FakeUpdater('singleton');
    },
  };
  return { default: module };
});

const {
  electronUpdaterPort,
  unsupportedReason,
  releaseNotesText,
  plainText,
  NOTE_DEB,
  NOTE_DEVELOPMENT,
  NOTE_OTHER_PACKAGE,
  NOTE_UNPACKED,
  NOTE_PLATFORM,
} = await import('../../../main/electron/updater.ts');

type Host = Parameters<typeof unsupportedReason>[0] & object;

function host(fields: Partial<Host> & { type?: string | null } = {}): Host {
  const { type = null, ...rest } = fields;
  return {
    isPackaged: true,
    platform: 'linux',
    env: {},
    packageType: () => type,
    ...rest,
  };
}

function logger() {
  const lines: string[] = [];
  return {
    lines,
    info: (message: string) => void lines.push(`info ${message}`),
    warn: (message: string) => void lines.push(`warn ${message}`),
    error: (message: string) => void lines.push(`error ${message}`),
  };
}

beforeEach(() => {
  resetElectronMock();
  FakeUpdater.created.length = 0;
  FakeUpdater.singletonReads = 0;
});

afterEach(() => {
  expect(FakeUpdater.singletonReads).toBe(0);
});

describe('which copies update themselves', () => {
  it('a development run does not', () => {
    expect(unsupportedReason(host({ isPackaged: false, platform: 'win32' }))).toBe(
      NOTE_DEVELOPMENT,
    );
    expect(electronUpdaterPort({ host: host({ isPackaged: false }) })).toBeNull();
    expect(FakeUpdater.created).toEqual([]);
  });

  it('packaged Windows and macOS do, with NSIS and Squirrel.Mac', () => {
    for (const [platform, kind] of [
      ['win32', 'nsis'],
      ['darwin', 'mac'],
    ] as const) {
      FakeUpdater.created.length = 0;
      expect(unsupportedReason(host({ platform }))).toBeNull();
      expect(electronUpdaterPort({ host: host({ platform }) })).not.toBeNull();
      expect(FakeUpdater.created.map((c) => c.kind)).toEqual([kind]);
    }
  });

  it('an AppImage does, even when electron-builder left `deb` in its package-type file', () => {
    const appImage = host({ env: { APPIMAGE: '/home/me/Latchkey.AppImage' }, type: 'deb' });
    expect(unsupportedReason(appImage)).toBeNull();
    expect(electronUpdaterPort({ host: appImage })).not.toBeNull();
    expect(FakeUpdater.created.map((c) => c.kind)).toEqual(['appimage']);
  });

  it('a deb does not, and says to use the package manager or the Releases page', () => {
    expect(unsupportedReason(host({ type: 'deb' }))).toBe(NOTE_DEB);
    expect(NOTE_DEB()).toMatch(/deb/);
    expect(NOTE_DEB()).toMatch(/package manager/);
    expect(NOTE_DEB()).toMatch(/Releases page/);
    expect(electronUpdaterPort({ host: host({ type: 'deb' }) })).toBeNull();
    expect(FakeUpdater.created).toEqual([]);
  });

  it('rpm or pacman, an unpacked folder, another system: do not', () => {
    expect(unsupportedReason(host({ type: 'rpm' }))).toBe(NOTE_OTHER_PACKAGE);
    expect(unsupportedReason(host({ type: null }))).toBe(NOTE_UNPACKED);
    expect(unsupportedReason(host({ platform: 'freebsd' }))).toBe(NOTE_PLATFORM);
  });

  describe('the real host', () => {
    let resources: string;
    const savedResources = process.resourcesPath;
    const savedAppImage = process.env.APPIMAGE;
    beforeEach(async () => {
      resources = await mkdtemp(join(tmpdir(), 'latchkey-resources-'));
      Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
      delete process.env.APPIMAGE;
    });
    afterEach(async () => {
      Object.defineProperty(process, 'resourcesPath', {
        value: savedResources,
        configurable: true,
      });
      if (savedAppImage === undefined) delete process.env.APPIMAGE;
      else process.env.APPIMAGE = savedAppImage;
      await rm(resources, { recursive: true, force: true });
    });

    it('reads app.isPackaged and resources/package-type where electron-updater does', async () => {
      expect(unsupportedReason()).toBe(NOTE_DEVELOPMENT);
      fakeApp.isPackaged = true;
      if (process.platform !== 'linux') return;
      expect(unsupportedReason()).toBe(NOTE_UNPACKED);
      await writeFile(join(resources, 'package-type'), 'deb\n');
      expect(unsupportedReason()).toBe(NOTE_DEB);
      process.env.APPIMAGE = join(resources, 'Latchkey.AppImage');
      expect(unsupportedReason()).toBeNull();
    });
  });
});

describe('the port over electron-updater', () => {
  function make() {
    const updater = new FakeUpdater();
    const log = logger();
    const port = electronUpdaterPort({
      host: host({ platform: 'win32' }),
      logger: log,
      updater: updater as never,
    });
    if (!port) throw new Error('expected a port');
    return { updater, port, log };
  }

  it('switches everything automatic off: the controller drives, the person restarts', () => {
    const { updater } = make();
    expect(updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowPrerelease: false,
      allowDowngrade: false,
      fullChangelog: false,
    });
    // Built by the port when none is given, with the same options.
    electronUpdaterPort({ host: host({ platform: 'darwin' }) });
    expect(FakeUpdater.created.at(-1)?.updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowPrerelease: false,
    });
  });

  it('its log goes to the app’s logger, except errors (the controller logs those once)', () => {
    const { updater, log } = make();
    const to = updater.logger as {
      info(m: unknown): void;
      warn(m: unknown): void;
      error(m: unknown): void;
    };
    to.info('Checking for update');
    to.warn('something odd');
    to.error('Error: boom');
    expect(log.lines).toEqual(['info updater: Checking for update', 'warn updater: something odd']);
    // Without a logger it is silent.
    const quiet = new FakeUpdater();
    electronUpdaterPort({ host: host({ platform: 'win32' }), updater: quiet as never });
    expect(() => (quiet.logger as { info(m: unknown): void }).info('x')).not.toThrow();
  });

  it('check: a newer version with its notes as text; none, or an inactive updater: null', async () => {
    const { updater, port } = make();
    updater.checkResult = {
      isUpdateAvailable: true,
      updateInfo: { version: '1.2.0', releaseNotes: '<p>Faster <b>sign-in</b>.</p>', files: [] },
    };
    await expect(port.check()).resolves.toEqual({ version: '1.2.0', notes: 'Faster sign-in.' });
    updater.checkResult = {
      isUpdateAvailable: false,
      updateInfo: { version: '1.0.0', files: [] },
    };
    await expect(port.check()).resolves.toBeNull();
    updater.checkResult = null;
    await expect(port.check()).resolves.toBeNull();
    expect(updater.calls).toEqual(['checkForUpdates', 'checkForUpdates', 'checkForUpdates']);
  });

  it('check: electron-updater’s failure comes through as it is (the controller sorts it)', async () => {
    const { updater, port } = make();
    updater.checkError = Object.assign(new Error('x'), {
      code: 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
    });
    await expect(port.check()).rejects.toMatchObject({
      code: 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
    });
  });

  it('download: progress events become percentages, the listener is removed after', async () => {
    const { updater, port } = make();
    updater.progressSteps = [10, 55.5];
    const seen: number[] = [];
    await port.download((percent) => seen.push(percent));
    expect(seen).toEqual([10, 55.5, 100]);
    expect(updater.calls).toEqual(['downloadUpdate']);
    expect(updater.listenerCount('download-progress')).toBe(0);
    updater.downloadError = Object.assign(new Error('sha512 checksum mismatch'), {
      code: 'ERR_CHECKSUM_MISMATCH',
    });
    await expect(port.download(() => undefined)).rejects.toMatchObject({
      code: 'ERR_CHECKSUM_MISMATCH',
    });
    expect(updater.listenerCount('download-progress')).toBe(0);
  });

  it('quitAndInstall only when called', () => {
    const { updater, port } = make();
    expect(updater.calls).toEqual([]);
    port.quitAndInstall();
    expect(updater.calls).toEqual(['quitAndInstall()']);
  });
});

describe('release notes as text', () => {
  it('strips tags, keeps lines and list items, decodes entities', () => {
    expect(
      plainText(
        '<h2>What&#39;s new</h2><ul><li>Tasks &amp; lists</li><li>Fix &lt;crash&gt;</li></ul><p>Thanks!<br>— the team</p><script>alert(1)</script>',
      ),
    ).toBe("What's new\n\n• Tasks & lists\n• Fix <crash>\n\nThanks!\n— the team");
  });

  it('a list of {version, note} (fullChangelog) becomes one text', () => {
    expect(
      releaseNotesText([
        { version: '1.2.0', note: '<p>B</p>' },
        { version: '1.1.0', note: null },
      ]),
    ).toBe('1.2.0\nB\n\n1.1.0');
    expect(releaseNotesText(null)).toBeNull();
    expect(releaseNotesText(undefined)).toBeNull();
    expect(releaseNotesText('<p></p>')).toBeNull();
  });
});
