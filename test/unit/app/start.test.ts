/**
 * scripts/start.ts: finding Electron's binary never downloads it (the lookup reads path.txt and
 * checks the file, as electron's index.js does), and a missing one is downloaded in the
 * foreground by electron's own installer, with no time limit, before anything falls back.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ELECTRON_PACKAGE,
  electronBinary,
  ensureElectron,
  type EnsureDeps,
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
