/**
 * Latchkey's own updates, host-neutral: when to check (at start and every few hours, unless the
 * person turned automatic checks off), what the window is told, and restarting only when the
 * person asks. The Electron host gives it an {@link UpdaterPort} over electron-updater
 * (main/electron/updater.ts); the preview and development runs give none, and updates are
 * `unsupported` there.
 */
import type { UpdateStatus } from '../../common/model.ts';

/** What the controller needs from an updater (electron-updater's autoUpdater, or a fake). */
export interface UpdaterPort {
  /** Checks the feed; resolves with the newer version found, or null when up to date. */
  check(): Promise<{ version: string; notes: string | null } | null>;
  /** Downloads the version `check` found; `progress` gets 0–100; resolves when verified on disk. */
  download(progress: (percent: number) => void): Promise<void>;
  /** Quits and installs the downloaded update (only ever on the person's request). */
  quitAndInstall(): void;
}

/** The update controller the bridge's handlers use. */
export interface UpdateController {
  status(): UpdateStatus;
  /** Checks now (and downloads what it finds); resolves with the status after. */
  check(): Promise<UpdateStatus>;
  /** Restarts into the downloaded update; false when none is ready. */
  restart(): boolean;
  /** Turns automatic checks on or off (kept in the metadata store); resolves with the status. */
  setAutomatic(on: boolean): UpdateStatus;
  onChange(listener: (status: UpdateStatus) => void): () => void;
  dispose(): void;
}
