/**
 * main/app/updates.ts: the update controller with a fake updater port, a fake timer and a fake
 * clock (no sleeping): each state, the schedule (10 s after start, every 4 h, none when off),
 * restarting only when asked and ready, the failure sentences, one run at a time, and the
 * setting kept in the metadata store.
 */
import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../common/model.ts';
import {
  AUTOMATIC_KEY,
  CHECK_INTERVAL_MS,
  classifyUpdateError,
  createUpdateController,
  defaultUnsupportedNote,
  FAILURE_NOTES,
  FIRST_CHECK_DELAY_MS,
  type UpdaterPort,
} from '../../../main/app/updates.ts';
import { deferred } from '../../helpers/deferred.ts';

/** A fake timer: `advance(ms)` runs what falls due, in order. */
function fakeTime(start = Date.parse('2026-12-03T12:00:00.000Z')) {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    clock: { now: () => now },
    schedule: (fn: () => void, ms: number) => {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return () => timers.delete(id);
    },
    /** Delays of the timers still pending, from now. */
    pending: () => [...timers.values()].map((timer) => timer.at - now),
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function memoryMetadata(initial: Record<string, unknown> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: (key: string) => data.get(key),
    set: (key: string, value: unknown) => void data.set(key, value),
    delete: (key: string) => void data.delete(key),
  };
}

function recordingLogger() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void =>
      void lines.push({ level, message, ...(fields ? { fields } : {}) });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

type Found = { version: string; notes: string | null } | null;

interface FakePort extends UpdaterPort {
  checks: number;
  downloads: number;
  installs: number;
  next: () => Promise<Found>;
  downloadWith: (progress: (percent: number) => void) => Promise<void>;
}

/** A fake updater: answers from `next`, counts calls, lets a test feed progress. */
function fakePort(): FakePort {
  const port: FakePort = {
    checks: 0,
    downloads: 0,
    installs: 0,
    next: () => Promise.resolve(null),
    downloadWith: (progress) => {
      progress(50);
      progress(100);
      return Promise.resolve();
    },
    check() {
      port.checks += 1;
      return port.next();
    },
    download(progress) {
      port.downloads += 1;
      return port.downloadWith(progress);
    },
    quitAndInstall() {
      port.installs += 1;
    },
  };
  return port;
}

function setup(options: { port?: UpdaterPort | null; metadata?: Record<string, unknown> } = {}) {
  const time = fakeTime();
  const metadata = memoryMetadata(options.metadata);
  const logger = recordingLogger();
  const port = fakePort();
  const controller = createUpdateController(options.port === undefined ? port : options.port, {
    version: '1.0.0',
    metadata,
    logger,
    clock: time.clock,
    schedule: time.schedule,
  });
  const seen: UpdateStatus[] = [];
  controller.onChange((status) => seen.push(status));
  return { time, metadata, logger, port, controller, seen };
}

const NEWER = { version: '1.1.0', notes: 'Fixes.' };

describe('createUpdateController: states', () => {
  it('starts idle, automatic, never checked', () => {
    const { controller } = setup();
    expect(controller.status()).toEqual({
      version: '1.0.0',
      automatic: true,
      state: 'idle',
      lastCheck: null,
      available: null,
      progress: null,
      note: null,
    });
  });

  it('is unsupported with the caller’s reason when there is no updater, and stays so', async () => {
    const time = fakeTime();
    const metadata = memoryMetadata();
    const controller = createUpdateController(null, {
      version: '1.0.0',
      metadata,
      logger: recordingLogger(),
      clock: time.clock,
      schedule: time.schedule,
      unsupportedNote: 'This copy of Latchkey does not update itself: it was installed from a deb.',
    });
    expect(controller.status()).toMatchObject({
      state: 'unsupported',
      note: 'This copy of Latchkey does not update itself: it was installed from a deb.',
    });
    expect(time.pending()).toEqual([]);
    expect(await controller.check()).toMatchObject({ state: 'unsupported' });
    expect(controller.restart()).toBe(false);
    // The setting is still kept (the window shows it), but nothing is scheduled.
    expect(controller.setAutomatic(false)).toMatchObject({
      automatic: false,
      state: 'unsupported',
    });
    expect(controller.setAutomatic(true)).toMatchObject({ automatic: true });
    expect(time.pending()).toEqual([]);
    expect(metadata.data.get(AUTOMATIC_KEY)).toBe(true);
  });

  it('says something plain when the host gives no reason', () => {
    const controller = createUpdateController(null, {
      version: '1.0.0',
      metadata: memoryMetadata(),
      logger: recordingLogger(),
    });
    expect(controller.status().note).toBe(defaultUnsupportedNote());
    controller.dispose();
  });

  it('up to date: checking, then idle with the time of the check', async () => {
    const { controller, seen, port } = setup();
    const status = await controller.check();
    expect(port.checks).toBe(1);
    expect(port.downloads).toBe(0);
    expect(seen.map((s) => s.state)).toEqual(['checking', 'idle']);
    expect(status).toMatchObject({
      state: 'idle',
      lastCheck: '2026-12-03T12:00:00.000Z',
      available: null,
      note: null,
    });
  });

  it('a newer version: downloading with progress 0–100, then ready with version and notes', async () => {
    const { controller, seen, port } = setup();
    port.next = () => Promise.resolve(NEWER);
    port.downloadWith = (progress) => {
      progress(0);
      progress(12.4);
      progress(12.6);
      progress(Number.NaN);
      progress(140);
      return Promise.resolve();
    };
    const status = await controller.check();
    expect(seen.map((s) => [s.state, s.progress])).toEqual([
      ['checking', null],
      ['downloading', 0],
      ['downloading', 12],
      ['downloading', 13],
      ['downloading', 100],
      ['ready', null],
    ]);
    expect(status).toMatchObject({ state: 'ready', available: NEWER, progress: null });
    expect(status.lastCheck).toBe('2026-12-03T12:00:00.000Z');
    expect(port.installs).toBe(0);
  });

  it('once ready, a check neither checks again nor downloads again', async () => {
    const { controller, port } = setup();
    port.next = () => Promise.resolve(NEWER);
    await controller.check();
    expect(await controller.check()).toMatchObject({ state: 'ready' });
    expect(port.checks).toBe(1);
    expect(port.downloads).toBe(1);
  });

  it('status() and listeners get copies: changing them changes nothing', async () => {
    const { controller, port } = setup();
    port.next = () => Promise.resolve(NEWER);
    const status = await controller.check();
    status.available!.version = '9.9.9';
    status.state = 'idle';
    expect(controller.status()).toMatchObject({ state: 'ready', available: NEWER });
  });
});

describe('createUpdateController: restart', () => {
  it('never restarts by itself, nor when asked before an update is ready', async () => {
    const { controller, port, time } = setup();
    const download = deferred<void>();
    port.next = () => Promise.resolve(NEWER);
    port.downloadWith = () => download.promise;
    expect(controller.restart()).toBe(false);
    const checked = controller.check();
    await flush();
    expect(controller.status().state).toBe('downloading');
    expect(controller.restart()).toBe(false);
    download.resolve();
    await checked;
    // Ready, and a day passes with automatic checks on: still no restart.
    await time.advance(24 * 60 * 60 * 1000);
    expect(port.installs).toBe(0);
    expect(controller.restart()).toBe(true);
    expect(port.installs).toBe(1);
  });

  it('does not restart after a failed download', async () => {
    const { controller, port } = setup();
    port.next = () => Promise.resolve(NEWER);
    port.downloadWith = () => Promise.reject(new Error('boom'));
    await controller.check();
    expect(controller.restart()).toBe(false);
    expect(port.installs).toBe(0);
  });
});

describe('createUpdateController: failures', () => {
  const code = (message: string, value: string) =>
    Object.assign(new Error(message), { code: value });

  it('a network failure: one plain sentence, one log line, no URL in the note', async () => {
    const { controller, port, logger, seen } = setup();
    port.next = () =>
      Promise.reject(
        code(
          'getaddrinfo ENOTFOUND github.com https://github.com/o/r/releases/download/v1/latest-linux.yml?token=abc',
          'ENOTFOUND',
        ),
      );
    const status = await controller.check();
    expect(status).toMatchObject({ state: 'error', note: FAILURE_NOTES.network, lastCheck: null });
    expect(status.note).not.toMatch(/https?:|github|token/);
    expect(seen.map((s) => s.state)).toEqual(['checking', 'error']);
    const warnings = logger.lines.filter((line) => line.level !== 'info');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      message: 'update check failed',
      fields: { kind: 'network', code: 'ENOTFOUND' },
    });
  });

  it('a refused checksum during the download: a different sentence, nothing ready', async () => {
    const { controller, port, logger } = setup();
    port.next = () => Promise.resolve(NEWER);
    port.downloadWith = (progress) => {
      progress(100);
      return Promise.reject(
        code('sha512 checksum mismatch, expected abc, got def', 'ERR_CHECKSUM_MISMATCH'),
      );
    };
    const status = await controller.check();
    expect(status).toMatchObject({ state: 'error', note: FAILURE_NOTES.refused, progress: null });
    // The check itself completed.
    expect(status.lastCheck).toBe('2026-12-03T12:00:00.000Z');
    expect(FAILURE_NOTES.refused).not.toBe(FAILURE_NOTES.network);
    expect(logger.lines.filter((line) => line.level === 'warn')).toEqual([
      expect.objectContaining({
        message: 'update download failed',
        fields: expect.objectContaining({ kind: 'refused', code: 'ERR_CHECKSUM_MISMATCH' }),
      }),
    ]);
  });

  it('classifies electron-updater’s and the network’s failures', () => {
    expect(classifyUpdateError(code('x', 'ERR_CHECKSUM_MISMATCH'))).toBe('refused');
    expect(classifyUpdateError(code('x', 'ERR_UPDATER_INVALID_SIGNATURE'))).toBe('refused');
    expect(
      classifyUpdateError(new Error('Code signature at URL file:///x did not pass validation')),
    ).toBe('refused');
    expect(classifyUpdateError(code('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))).toBe(
      'network',
    );
    expect(classifyUpdateError(new Error('net::ERR_INTERNET_DISCONNECTED'))).toBe('network');
    // GitHub's provider wraps the network failure in a feed code; the cause is in the text.
    expect(
      classifyUpdateError(
        code(
          'Unable to find latest version on GitHub: Error: net::ERR_NAME_NOT_RESOLVED',
          'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
        ),
      ),
    ).toBe('network');
    expect(classifyUpdateError(code('no release', 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND'))).toBe(
      'feed',
    );
    expect(classifyUpdateError(Object.assign(new Error('404'), { statusCode: 404 }))).toBe('feed');
    expect(classifyUpdateError(Object.assign(new Error('502'), { statusCode: 502 }))).toBe(
      'network',
    );
    // A wrapped 404 carries a stack whose frames say listOnTimeout: still the feed, not the network.
    expect(
      classifyUpdateError(
        code(
          'Cannot find channel "latest-linux.yml" update info: HttpError: 404 Not Found\n    at listOnTimeout (node:internal/timers:588:17)',
          'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
        ),
      ),
    ).toBe('feed');
    expect(classifyUpdateError(new Error('something else'))).toBe('other');
    expect(classifyUpdateError('a string')).toBe('other');
    for (const note of Object.values(FAILURE_NOTES)) {
      expect(note).toMatch(/^[A-Z][^\n]*\.$/);
      expect(note).not.toMatch(/https?:/);
    }
  });

  it('after an error the next scheduled check tries again', async () => {
    const { controller, port, time } = setup();
    let fail = true;
    port.next = () =>
      fail ? Promise.reject(code('socket hang up', 'ECONNRESET')) : Promise.resolve(null);
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(controller.status().state).toBe('error');
    fail = false;
    await time.advance(CHECK_INTERVAL_MS);
    expect(port.checks).toBe(2);
    expect(controller.status()).toMatchObject({ state: 'idle', note: null });
  });
});

describe('createUpdateController: the schedule', () => {
  it('checks 10 s after start, not before, then every 4 hours', async () => {
    const { port, time, controller } = setup();
    expect(time.pending()).toEqual([FIRST_CHECK_DELAY_MS]);
    await time.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(port.checks).toBe(0);
    await time.advance(1);
    expect(port.checks).toBe(1);
    expect(time.pending()).toEqual([CHECK_INTERVAL_MS]);
    await time.advance(CHECK_INTERVAL_MS - 1);
    expect(port.checks).toBe(1);
    await time.advance(1);
    expect(port.checks).toBe(2);
    await time.advance(3 * CHECK_INTERVAL_MS);
    expect(port.checks).toBe(5);
    expect(controller.status().lastCheck).toBe(
      new Date(
        Date.parse('2026-12-03T12:00:00.000Z') + FIRST_CHECK_DELAY_MS + 4 * CHECK_INTERVAL_MS,
      ).toISOString(),
    );
  });

  it('off: no scheduled checks at all, but a check on request works', async () => {
    const { port, time, controller } = setup({ metadata: { [AUTOMATIC_KEY]: false } });
    expect(controller.status().automatic).toBe(false);
    expect(time.pending()).toEqual([]);
    await time.advance(2 * 24 * 60 * 60 * 1000);
    expect(port.checks).toBe(0);
    await controller.check();
    expect(port.checks).toBe(1);
    expect(time.pending()).toEqual([]);
  });

  it('turning off cancels the planned check; turning on plans the next one 4 h after the last', async () => {
    const { port, time, controller, metadata, seen } = setup();
    await time.advance(FIRST_CHECK_DELAY_MS);
    expect(port.checks).toBe(1);
    expect(controller.setAutomatic(false)).toMatchObject({ automatic: false });
    expect(metadata.data.get(AUTOMATIC_KEY)).toBe(false);
    expect(seen.at(-1)).toMatchObject({ automatic: false });
    expect(time.pending()).toEqual([]);
    await time.advance(60 * 60 * 1000);
    controller.setAutomatic(true);
    expect(metadata.data.get(AUTOMATIC_KEY)).toBe(true);
    expect(time.pending()).toEqual([CHECK_INTERVAL_MS - 60 * 60 * 1000]);
    // Long after the last check: soon, but not at once.
    controller.setAutomatic(false);
    await time.advance(CHECK_INTERVAL_MS);
    controller.setAutomatic(true);
    expect(time.pending()).toEqual([FIRST_CHECK_DELAY_MS]);
    // Setting the same value twice plans nothing more.
    controller.setAutomatic(true);
    expect(time.pending()).toHaveLength(1);
  });

  it('a manual check during a scheduled one shares it; the schedule goes on', async () => {
    const { port, time, controller } = setup();
    const answer = deferred<null>();
    port.next = () => answer.promise;
    await time.advance(FIRST_CHECK_DELAY_MS);
    const manual = controller.check();
    answer.resolve(null);
    await manual;
    expect(port.checks).toBe(1);
    await flush();
    expect(time.pending()).toEqual([CHECK_INTERVAL_MS]);
  });

  it('dispose cancels the timers and quiets the listeners', async () => {
    const { port, time, controller, seen } = setup();
    controller.dispose();
    expect(time.pending()).toEqual([]);
    await time.advance(CHECK_INTERVAL_MS * 2);
    expect(port.checks).toBe(0);
    expect(await controller.check()).toMatchObject({ state: 'idle' });
    expect(seen).toEqual([]);
  });

  it('dispose during a check plans nothing afterwards', async () => {
    const { port, time, controller } = setup();
    const answer = deferred<null>();
    port.next = () => answer.promise;
    await time.advance(FIRST_CHECK_DELAY_MS);
    controller.dispose();
    answer.resolve(null);
    await flush();
    expect(time.pending()).toEqual([]);
  });
});

describe('createUpdateController: one run at a time', () => {
  it('concurrent checks share one check and one download', async () => {
    const { controller, port } = setup();
    const answer = deferred<{ version: string; notes: string | null } | null>();
    port.next = () => answer.promise;
    const runs = [controller.check(), controller.check(), controller.check()];
    answer.resolve(NEWER);
    const results = await Promise.all(runs);
    expect(port.checks).toBe(1);
    expect(port.downloads).toBe(1);
    for (const result of results) expect(result).toMatchObject({ state: 'ready' });
  });

  it('a check after the last one finished runs anew', async () => {
    const { controller, port } = setup();
    await controller.check();
    await controller.check();
    expect(port.checks).toBe(2);
  });
});

describe('createUpdateController: the setting', () => {
  it('is kept in the metadata store and read back by the next controller', () => {
    const first = setup();
    first.controller.setAutomatic(false);
    expect(first.metadata.data.get(AUTOMATIC_KEY)).toBe(false);
    const second = setup({ metadata: Object.fromEntries(first.metadata.data) });
    expect(second.controller.status().automatic).toBe(false);
    expect(second.time.pending()).toEqual([]);
  });

  it('anything but a boolean in the store means on', () => {
    const { controller } = setup({ metadata: { [AUTOMATIC_KEY]: 'no' } });
    expect(controller.status().automatic).toBe(true);
  });
});
