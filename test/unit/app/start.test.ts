/**
 * scripts/start.ts: finding Electron's binary never downloads it (the lookup reads path.txt and
 * checks the file, as electron's index.js does), and a missing one is downloaded in the
 * foreground by electron's own installer, with no time limit, before anything falls back.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  ELECTRON_PACKAGE,
  electronBinary,
  ensureElectron,
  probeDownloadHost,
  RETRY_AFTER_MS,
  splitArgs,
  stampFile,
  type EnsureDeps,
  type FailureStamp,
} from '../../../scripts/start.ts';

const DIR = '/project/node_modules/electron';
const BINARY = join(DIR, 'dist', 'electron');

/** A file system with just these files (path.txt holds its content). */
function files(entries: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    fs: {
      existsSync: (path: string) => path in entries,
      readFileSync: (path: string) => {
        reads.push(path);
        const content = entries[path];
        if (content === undefined) throw new Error(`ENOENT ${path}`);
        return content;
      },
    },
  };
}

const installed = { [join(DIR, 'package.json')]: '{}', [join(DIR, 'install.js')]: '' };

describe('electronBinary', () => {
  it('finds the binary named by path.txt under dist/', () => {
    const { fs } = files({ ...installed, [join(DIR, 'path.txt')]: 'electron', [BINARY]: '' });
    expect(electronBinary(DIR, {}, fs)).toEqual({ path: BINARY });
  });

  it('reports a runtime that was never downloaded (no path.txt)', () => {
    const { fs } = files(installed);
    expect(electronBinary(DIR, {}, fs)).toEqual({
      missing: "Electron's runtime has not been downloaded yet",
    });
  });

  it('reports an incomplete download (path.txt without the file)', () => {
    const { fs } = files({ ...installed, [join(DIR, 'path.txt')]: 'electron' });
    expect(electronBinary(DIR, {}, fs)).toMatchObject({ missing: /incomplete/ });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as electron does', () => {
    const { fs } = files({ ...installed, '/opt/electron/electron': '' });
    expect(electronBinary(DIR, { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron' }, fs)).toEqual({
      path: '/opt/electron/electron',
    });
  });

  it('looks at the real electron package here without downloading (it reads no more than path.txt)', () => {
    const answer = electronBinary(ELECTRON_PACKAGE);
    // Either way the answer came from the files: this machine cannot download Electron.
    expect('path' in answer || /not been downloaded|incomplete/.test(answer.missing)).toBe(true);
  });
});

function deps(entries: Record<string, string>, exitCode: number, onRun?: () => void) {
  const { fs } = files(entries);
  const runs: Array<{ command: string; args: readonly string[] }> = [];
  const said: string[] = [];
  const value: EnsureDeps = {
    electronDir: DIR,
    env: {},
    fs,
    run: (command, args) => {
      runs.push({ command, args });
      onRun?.();
      return Promise.resolve(exitCode);
    },
    say: (message) => said.push(message),
  };
  return { value, runs, said };
}

describe('ensureElectron', () => {
  it('runs nothing when the binary is there', async () => {
    const entries = { ...installed, [join(DIR, 'path.txt')]: 'electron', [BINARY]: '' };
    const { value, runs, said } = deps(entries, 0);
    expect(await ensureElectron(value)).toEqual({ path: BINARY });
    expect(runs).toEqual([]);
    expect(said).toEqual([]);
  });

  it("downloads a missing runtime with electron's installer in the foreground, saying so", async () => {
    const entries: Record<string, string> = { ...installed };
    const { value, runs, said } = deps(entries, 0, () => {
      // What install.js leaves behind: the extracted binary and path.txt.
      entries[BINARY] = '';
      entries[join(DIR, 'path.txt')] = 'electron';
    });
    expect(await ensureElectron(value)).toEqual({ path: BINARY });
    expect(runs).toEqual([{ command: process.execPath, args: [join(DIR, 'install.js')] }]);
    expect(said[0]).toMatch(/not been downloaded yet: downloading it now \(about 100 MB/);
    expect(said[0]).toMatch(/Ctrl\+C/);
    expect(said[1]).toBe("Electron's runtime is installed.");
  });

  it('reports a failed download so the caller can fall back to the preview', async () => {
    const { value, runs } = deps({ ...installed }, 1);
    expect(await ensureElectron(value)).toEqual({
      missing: "Electron's download did not finish (exit code 1; see above)",
    });
    expect(runs).toHaveLength(1);
  });

  it('does not download over an explicit ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const { value, runs } = deps({ ...installed }, 0);
    value.env = { ELECTRON_OVERRIDE_DIST_PATH: '/nowhere' };
    expect(await ensureElectron(value)).toMatchObject({ missing: /ELECTRON_OVERRIDE_DIST_PATH/ });
    expect(runs).toEqual([]);
  });
});

describe('an offline start remembers the failed download for a day', () => {
  /** A stamp in memory, and a clock the test moves. */
  function offline(probeAnswers: boolean[]) {
    let stamped: number | null = null;
    const stamp: FailureStamp = {
      read: () => stamped,
      write: (time) => void (stamped = time),
      clear: () => void (stamped = null),
    };
    let now = Date.UTC(2026, 11, 3, 9);
    const probes: number[] = [];
    const { value, runs, said } = deps({ ...installed }, 1);
    value.stamp = stamp;
    value.now = () => now;
    value.probe = async () => {
      probes.push(now);
      return probeAnswers.shift() ?? false;
    };
    return {
      value,
      runs,
      said,
      probes,
      stamped: () => stamped,
      advance: (ms: number) => void (now += ms),
    };
  }

  it('offline, the probe fails: no installer, nothing said but the one answer, and the time is kept', async () => {
    const t = offline([false]);
    const answer = await ensureElectron(t.value);
    expect(answer).toMatchObject({ missing: /download host cannot be reached/ });
    expect((answer as { missing: string }).missing).toContain('npm start -- --retry-electron');
    expect(t.runs).toEqual([]);
    expect(t.said).toEqual([]);
    expect(t.stamped()).toBe(Date.UTC(2026, 11, 3, 9));
  });

  it('within the day no probe and no download; after it, or with --retry-electron, it tries again', async () => {
    const t = offline([false, false, false]);
    await ensureElectron(t.value);
    t.advance(RETRY_AFTER_MS - 60_000);
    expect(await ensureElectron(t.value)).toMatchObject({ missing: /less than a day ago/ });
    expect(t.probes).toHaveLength(1);
    // --retry-electron: a new try at once (and a new stamp when it fails again).
    t.value.retry = true;
    await ensureElectron(t.value);
    expect(t.probes).toHaveLength(2);
    t.value.retry = false;
    t.advance(RETRY_AFTER_MS + 1);
    await ensureElectron(t.value);
    expect(t.probes).toHaveLength(3);
    expect(t.runs).toEqual([]);
  });

  it('a failed installer run is remembered too; a finished download clears the stamp', async () => {
    const t = offline([true]);
    expect(await ensureElectron(t.value)).toMatchObject({ missing: /did not finish/ });
    expect(t.runs).toHaveLength(1);
    expect(t.stamped()).not.toBeNull();

    const entries: Record<string, string> = { ...installed };
    const ok = deps(entries, 0, () => {
      entries[BINARY] = '';
      entries[join(DIR, 'path.txt')] = 'electron';
    });
    ok.value.stamp = t.value.stamp;
    ok.value.retry = true;
    ok.value.probe = async () => true;
    expect(await ensureElectron(ok.value)).toEqual({ path: BINARY });
    expect(t.stamped()).toBeNull();
  });

  it('keeps the stamp in a file, read back as the same time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-stamp-'));
    try {
      const stamp = stampFile(join(dir, 'cache', 'electron-download-failed'));
      expect(stamp.read()).toBeNull();
      stamp.write(1_800_000_000_000);
      expect(stampFile(join(dir, 'cache', 'electron-download-failed')).read()).toBe(
        1_800_000_000_000,
      );
      stamp.clear();
      expect(stamp.read()).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the probe: a network failure is offline, any answer is online, a proxy is left to the installer', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const answered: typeof fetch = async () => new Response(null, { status: 302 });
    expect(await probeDownloadHost({}, refused)).toBe(false);
    expect(await probeDownloadHost({}, answered)).toBe(true);
    expect(await probeDownloadHost({ HTTPS_PROXY: 'http://proxy:3128' }, refused)).toBe(true);
    const asked: string[] = [];
    await probeDownloadHost(
      { ELECTRON_MIRROR: 'https://mirror.example/electron/' },
      async (url) => {
        asked.push(String(url));
        return new Response(null);
      },
    );
    expect(asked).toEqual(['https://mirror.example/electron/']);
  });
});

describe('arguments', () => {
  it('takes --retry-electron for itself and passes every other argument to the app', () => {
    expect(splitArgs(['--retry-electron', '--port', '5000', '--no-open'])).toEqual({
      retry: true,
      appArgs: ['--port', '5000', '--no-open'],
    });
    expect(splitArgs(['--inspect'])).toEqual({ retry: false, appArgs: ['--inspect'] });
  });
});
