/**
 * Latchkey's own updates, host-neutral: when to check (at start and every few hours, unless the
 * person turned automatic checks off), what the window is told, and restarting only when the
 * person asks. The Electron host gives it an {@link UpdaterPort} over electron-updater
 * (main/electron/updater.ts); the preview and development runs give none, and updates are
 * `unsupported` there.
 */
import type { UpdateStatus } from '../../common/model.ts';
import type { MetadataStore } from '../auth/types.ts';
import type { Logger } from '../log/log.ts';
import { t } from '../../common/i18n/current.ts';

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

/** The metadata key of the "check automatically" setting (a boolean; absent means on). */
export const AUTOMATIC_KEY = 'updates.automatic';
/** The first automatic check waits this long after start, so the start is not slowed. */
export const FIRST_CHECK_DELAY_MS = 10_000;
/** Automatic checks repeat this often. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * A sentence of the status: fixed text, or a function that words it in the main process's
 * language of the moment (so the window follows a change of language).
 */
export type NoteText = string | (() => string);

/** What the window says when the host gives no updater and no reason. */
export const defaultUnsupportedNote = (): string => t('updates.unsupported');

/** A timer port: runs `fn` once after `ms`; returns the function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface UpdateControllerDeps {
  /** The running version (app.getVersion()). */
  version: string;
  /** Where the "check automatically" setting is kept ({@link AUTOMATIC_KEY}). */
  metadata: MetadataStore;
  logger: Logger;
  /** Milliseconds since the epoch (for `lastCheck` and the next check after turning checks on). */
  clock?: { now(): number };
  /** The timer (default setTimeout, unref'd so it never keeps a process alive). */
  schedule?: Schedule;
  /** Why updates are unsupported, shown when `port` is null. */
  unsupportedNote?: NoteText;
}

/**
 * How an update failed, for the one sentence the window shows: `network` (the server could not be
 * reached), `refused` (the download did not match its published checksum or signature), `feed`
 * (the server answered without usable update information), `other`.
 */
export type UpdateFailure = 'network' | 'refused' | 'feed' | 'other';

/**
 * The sentence per failure, in the main process's language: never the library's message (it can
 * carry URLs and their queries).
 */
export const FAILURE_NOTES: Readonly<Record<UpdateFailure, string>> = {
  get network() {
    return t('updates.failure.network');
  },
  get refused() {
    return t('updates.failure.refused');
  },
  get feed() {
    return t('updates.failure.feed');
  },
  get other() {
    return t('updates.failure.other');
  },
};

/** electron-updater's (and builder-util-runtime's) codes for a download it refused to trust. */
const REFUSED_CODES = new Set([
  'ERR_CHECKSUM_MISMATCH',
  'ERR_UPDATER_INVALID_SIGNATURE',
  'ERR_UPDATER_NO_CHECKSUM',
]);
/** Codes of a feed that answered without what the updater needs. */
const FEED_CODES = new Set([
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
  'ERR_UPDATER_NO_PUBLISHED_VERSIONS',
  'ERR_UPDATER_RELEASE_NOT_FOUND',
  'ERR_UPDATER_ASSET_NOT_FOUND',
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_INVALID_RELEASE_FEED',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_ZIP_FILE_NOT_FOUND',
]);
/** Node's socket and DNS failures, and Chromium's net::ERR_* (electron-updater's executor). */
const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
// Not "timeout": wrapped messages carry stacks, and Node's stack frames say listOnTimeout.
// i18n-ignore: a regular expression over library messages
const NETWORK_TEXT = new RegExp(`net::ERR_|\\b(${[...NETWORK_CODES].join('|')})\\b|socket hang up`);
/** Squirrel.Mac refuses an update whose code signature differs from the running app's. */
const REFUSED_TEXT = /code ?signature|did not pass validation|not signed by|checksum mismatch/i;

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[name]
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sorts a failure from electron-updater (or the network under it) into an {@link UpdateFailure}:
 * its `code` first, then the text (GitHub's provider wraps a network failure in
 * ERR_UPDATER_LATEST_VERSION_NOT_FOUND with the cause in its message).
 */
export function classifyUpdateError(error: unknown): UpdateFailure {
  const code = field(error, 'code');
  const text = messageOf(error);
  if (typeof code === 'string' && REFUSED_CODES.has(code)) return 'refused';
  if (REFUSED_TEXT.test(text)) return 'refused';
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'network';
  if (NETWORK_TEXT.test(text)) return 'network';
  if (typeof code === 'string' && FEED_CODES.has(code)) return 'feed';
  const status = field(error, 'statusCode');
  if (typeof status === 'number') return status >= 500 ? 'network' : 'feed';
  return 'other';
}

const defaultSchedule: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
};

/**
 * The update controller: keeps the {@link UpdateStatus}, runs one check (and the download of
 * what it finds) at a time, checks by itself when the setting says so, and restarts only on
 * request. With a null `port` everything answers `unsupported` with `deps.unsupportedNote`.
 */
export function createUpdateController(
  port: UpdaterPort | null,
  deps: UpdateControllerDeps,
): UpdateController {
  const { metadata, logger } = deps;
  const clock = deps.clock ?? { now: () => Date.now() };
  const schedule = deps.schedule ?? defaultSchedule;
  const listeners = new Set<(status: UpdateStatus) => void>();
  let disposed = false;
  let cancelTimer: (() => void) | null = null;
  let running: Promise<UpdateStatus> | null = null;
  let lastCheckMs: number | null = null;

  const stored = metadata.get(AUTOMATIC_KEY);
  /** The status; its note is kept unworded in `note` and worded by {@link snapshot}. */
  let current: Omit<UpdateStatus, 'note'> = {
    version: deps.version,
    automatic: typeof stored === 'boolean' ? stored : true,
    state: port ? 'idle' : 'unsupported',
    lastCheck: null,
    available: null,
    progress: null,
  };
  let note: NoteText | null = port ? null : (deps.unsupportedNote ?? defaultUnsupportedNote);

  const snapshot = (): UpdateStatus => ({
    ...current,
    available: current.available ? { ...current.available } : null,
    note: typeof note === 'function' ? note() : note,
  });

  function update(patch: Partial<Omit<UpdateStatus, 'note'>> & { note?: NoteText | null }): void {
    const { note: nextNote, ...rest } = patch;
    if (nextNote !== undefined) note = nextNote;
    current = { ...current, ...rest };
    if (disposed) return;
    const status = snapshot();
    for (const listener of listeners) {
      try {
        listener(status);
      } catch (error) {
        logger.error('an update status listener failed', { error });
      }
    }
  }

  function fail(phase: 'check' | 'download', error: unknown): void {
    const kind = classifyUpdateError(error);
    const code = field(error, 'code');
    logger.warn(phase === 'check' ? 'update check failed' : 'update download failed', {
      kind,
      ...(typeof code === 'string' ? { code } : {}),
      // The redacting logger strips token-like text; the stack-laden messages are cut short.
      error: messageOf(error).slice(0, 300),
    });
    update({ state: 'error', progress: null, note: () => FAILURE_NOTES[kind] });
  }

  async function run(updater: UpdaterPort): Promise<UpdateStatus> {
    update({ state: 'checking', note: null, progress: null });
    let found: { version: string; notes: string | null } | null;
    try {
      found = await updater.check();
    } catch (error) {
      fail('check', error);
      return snapshot();
    }
    lastCheckMs = clock.now();
    const lastCheck = new Date(lastCheckMs).toISOString();
    if (!found) {
      update({ state: 'idle', lastCheck, available: null, progress: null, note: null });
      return snapshot();
    }
    const available = { version: found.version, notes: found.notes };
    logger.info('update found, downloading', { version: found.version });
    update({ state: 'downloading', lastCheck, available, progress: 0, note: null });
    try {
      await updater.download((percent) => {
        if (!Number.isFinite(percent)) return;
        const progress = Math.min(100, Math.max(0, Math.round(percent)));
        if (current.state === 'downloading' && progress !== current.progress) update({ progress });
      });
    } catch (error) {
      fail('download', error);
      return snapshot();
    }
    logger.info('update ready; it installs when the person restarts', { version: found.version });
    update({ state: 'ready', available, progress: null, note: null });
    return snapshot();
  }

  function check(): Promise<UpdateStatus> {
    // Nothing to do without an updater, and a downloaded update waits for the restart.
    if (!port || disposed || current.state === 'ready') return Promise.resolve(snapshot());
    running ??= run(port).finally(() => {
      running = null;
    });
    return running;
  }

  function plan(ms: number): void {
    cancelTimer?.();
    cancelTimer = schedule(() => {
      cancelTimer = null;
      // Whatever the outcome, the next one is planned: an error is retried at the next check.
      void check().finally(() => {
        if (!disposed && current.automatic && port) plan(CHECK_INTERVAL_MS);
      });
    }, ms);
  }

  function stopPlan(): void {
    cancelTimer?.();
    cancelTimer = null;
  }

  if (port && current.automatic) plan(FIRST_CHECK_DELAY_MS);

  return {
    status: snapshot,
    check,
    restart() {
      if (!port || disposed || current.state !== 'ready') return false;
      logger.info('restarting into the downloaded update', { version: current.available?.version });
      port.quitAndInstall();
      return true;
    },
    setAutomatic(on) {
      metadata.set(AUTOMATIC_KEY, on);
      if (on === current.automatic) return snapshot();
      update({ automatic: on });
      if (!port || disposed) return snapshot();
      if (!on) stopPlan();
      else {
        // Turned back on: the next check falls due 4 h after the last one, but not right now.
        const due = lastCheckMs === null ? 0 : lastCheckMs + CHECK_INTERVAL_MS - clock.now();
        plan(Math.max(FIRST_CHECK_DELAY_MS, due));
      }
      return snapshot();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      stopPlan();
      listeners.clear();
    },
  };
}
