/**
 * Latchkey's own updates in the Electron shell: an {@link UpdaterPort} over electron-updater,
 * or null (with the reason the window shows) where this copy cannot update itself.
 *
 * The controller (main/app/updates.ts) decides when to check and download, and restarts only on
 * the person's request, so electron-updater runs with everything automatic switched off:
 * `autoDownload`, `autoInstallOnAppQuit` and `allowPrerelease` false, `allowDowngrade` false.
 *
 * Which updater: electron-updater's `autoUpdater` getter picks one by platform and, on Linux, by
 * `resources/package-type` (written by electron-builder's deb/rpm/pacman targets). That file is
 * written into the unpacked app the AppImage is built from too, so an AppImage may carry `deb`
 * and would get the DebUpdater. The port therefore builds its updater itself: NSIS on Windows,
 * Squirrel.Mac on macOS, the AppImage updater when the AppImage runtime set `APPIMAGE`. A deb
 * (no `APPIMAGE`, `package-type` deb) is not updated in place: electron-updater's DebUpdater
 * runs `dpkg` as root through pkexec under the running app; the package manager or the next deb
 * from the Releases page updates it instead. rpm, pacman and an unpacked folder: likewise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app } from 'electron';
import electronUpdater from 'electron-updater';
import type {
  AppUpdater,
  Logger as UpdaterLogger,
  ProgressInfo,
  UpdateInfo,
} from 'electron-updater';
import type { UpdaterPort } from '../app/updates.ts';
import type { Logger } from '../log/log.ts';
import { t } from '../../common/i18n/current.ts';

/** What decides whether this copy can update itself (the real process by default). */
export interface UpdaterHost {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** `resources/package-type` as electron-builder wrote it (deb, rpm, pacman), or null. */
  packageType(): string | null;
}

/** Why this copy does not update itself, worded in the main process's language when shown. */
export type UnsupportedNote = () => string;

export const NOTE_DEVELOPMENT: UnsupportedNote = () => t('updates.unsupported.development');
export const NOTE_DEB: UnsupportedNote = () => t('updates.unsupported.deb');
export const NOTE_OTHER_PACKAGE: UnsupportedNote = () => t('updates.unsupported.otherPackage');
export const NOTE_UNPACKED: UnsupportedNote = () => t('updates.unsupported.unpacked');
export const NOTE_PLATFORM: UnsupportedNote = () => t('updates.unsupported.platform');

function realHost(): UpdaterHost {
  return {
    isPackaged: app.isPackaged,
    platform: process.platform,
    env: process.env,
    packageType() {
      // Where electron-updater itself looks (main.js, doLoadAutoUpdater).
      const file = join(process.resourcesPath, 'package-type');
      try {
        return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
      } catch {
        return null;
      }
    },
  };
}

/** Why this copy cannot update itself (one sentence for the window), or null when it can. */
export function unsupportedReason(host: UpdaterHost = realHost()): UnsupportedNote | null {
  if (!host.isPackaged) return NOTE_DEVELOPMENT;
  if (host.platform === 'win32' || host.platform === 'darwin') return null;
  if (host.platform !== 'linux') return NOTE_PLATFORM;
  if (host.env.APPIMAGE) return null;
  const type = host.packageType();
  if (type === 'deb') return NOTE_DEB;
  if (type) return NOTE_OTHER_PACKAGE;
  return NOTE_UNPACKED;
}

/** electron-updater's own updater for the platform (see the file comment for why not `autoUpdater`). */
function createUpdater(platform: NodeJS.Platform): AppUpdater {
  if (platform === 'win32') return new electronUpdater.NsisUpdater();
  if (platform === 'darwin') return new electronUpdater.MacUpdater();
  return new electronUpdater.AppImageUpdater();
}

/**
 * electron-updater's logger: its info and warnings go to the app's (redacting) logger; its errors
 * do not, since the controller logs each failure once, with its kind.
 */
function updaterLogger(logger: Logger | undefined): UpdaterLogger {
  const text = (message: unknown): string =>
    `updater: ${message instanceof Error ? message.message : String(message)}`;
  return {
    info: (message?: unknown) => logger?.info(text(message)),
    warn: (message?: unknown) => logger?.warn(text(message)),
    error: () => undefined,
  };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Release notes as plain text: HTML (GitHub's release body) without its tags. */
export function plainText(html: string): string {
  return html
    .replace(/<\s*(script|style)\b[^>]*>[\s\S]*?<\s*\/\s*\1\s*>/gi, '')
    .replace(/<\s*br\s*\/?\s*>/gi, '\n')
    .replace(/<\s*li\b[^>]*>/gi, '\n• ')
    .replace(/<\s*\/\s*(p|div|h[1-6]|ul|ol|pre|blockquote|table)\s*>/gi, '\n\n')
    .replace(/<\s*\/\s*tr\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#')) {
        const code =
          name[1]?.toLowerCase() === 'x'
            ? parseInt(name.slice(2), 16)
            : parseInt(name.slice(1), 10);
        return Number.isInteger(code) && code > 0 && code <= 0x10ffff
          ? String.fromCodePoint(code)
          : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `releaseNotes` (a string, or a list of {version, note} with `fullChangelog`) as text, or null. */
export function releaseNotesText(notes: UpdateInfo['releaseNotes']): string | null {
  if (notes == null) return null;
  const text =
    typeof notes === 'string'
      ? plainText(notes)
      : notes
          .map((item) => {
            const note = item.note ? plainText(item.note) : '';
            return note ? `${item.version}\n${note}` : item.version;
          })
          .join('\n\n');
  return text.length > 0 ? text : null;
}

export interface UpdaterPortOptions {
  /** The app's logger (redacting); absent: electron-updater says nothing. */
  logger?: Logger;
  host?: UpdaterHost;
  /** The updater to drive (tests); default: electron-updater's for the platform. */
  updater?: AppUpdater;
}

/** The port over electron-updater, or null where {@link unsupportedReason} gives a reason. */
export function electronUpdaterPort(options: UpdaterPortOptions = {}): UpdaterPort | null {
  const host = options.host ?? realHost();
  if (unsupportedReason(host) !== null) return null;
  const updater = options.updater ?? createUpdater(host.platform);
  updater.logger = updaterLogger(options.logger);
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.allowPrerelease = false;
  updater.allowDowngrade = false;
  updater.fullChangelog = false;

  return {
    async check() {
      const result = await updater.checkForUpdates();
      // null: the updater is inactive (not packaged, or not an AppImage); nothing to get.
      if (!result?.isUpdateAvailable) return null;
      // isUpdateAvailable (AppUpdater.isUpdateAvailable): the feed's semver is greater than the
      // running one (equal never, lower only with allowDowngrade, off here).
      return {
        version: result.updateInfo.version,
        notes: releaseNotesText(result.updateInfo.releaseNotes),
      };
    },
    async download(progress) {
      const onProgress = (info: ProgressInfo): void => progress(info.percent);
      updater.on('download-progress', onProgress);
      try {
        // Resolves once the file is on disk and its sha512 (and, on Windows, its publisher
        // signature) is verified; rejects otherwise.
        await updater.downloadUpdate();
      } finally {
        updater.off('download-progress', onProgress);
      }
      progress(100);
    },
    quitAndInstall() {
      updater.quitAndInstall();
    },
  };
}
