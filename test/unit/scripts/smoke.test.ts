/**
 * scripts/smoke.ts against a fake packaged app (a small Node script that prints and exits 0, fails
 * with a reason, exits 0 without loading, or hangs), and where it finds each package.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_LOADED,
  DEB_EXECUTABLE,
  locate,
  nsisExecutable,
  parseSmokeArgs,
  runSmoke,
  smokeArgs,
  smokeReport,
  type LocateContext,
} from '../../../scripts/smoke.ts';

let dir: string;
let fake: string;

/** The fake app: its behaviour comes from FAKE_MODE, and it echoes the arguments it was given. */
const FAKE = `
const mode = process.env.FAKE_MODE;
console.log('argv: ' + JSON.stringify(process.argv.slice(2)));
if (mode === 'ok') { console.log('smoke: window loaded in 42 ms'); process.exit(0); }
if (mode === 'fail') { console.error('smoke: the renderer did not load (ERR_FILE_NOT_FOUND)'); process.exit(1); }
if (mode === 'quiet') process.exit(0);
setInterval(() => {}, 1000);
`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-smoke-'));
  fake = join(dir, 'fake-app.cjs');
  writeFileSync(fake, FAKE);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (mode: string, timeoutMs = 20_000) =>
  runSmoke(process.execPath, [fake, ...smokeArgs()], timeoutMs, {
    ...process.env,
    FAKE_MODE: mode,
  });

describe('runSmoke', () => {
  it('passes an app that loads its window and exits 0, timing spawn to exit', async () => {
    const result = await run('ok');
    expect(result.ok).toBe(true);
    expect(result.output).toContain('argv: ["--smoke"]');
    expect(result.ms).toBeGreaterThan(0);
    const report = smokeReport('appimage', result);
    expect(report.code).toBe(0);
    expect(report.lines[0]).toBe(
      `smoke: appimage started and loaded its window in ${result.ms} ms (spawn to loaded)`,
    );
  });

  it('fails an app that exits 1, with its reason and output', async () => {
    const result = await run('fail');
    expect(result.ok).toBe(false);
    expect(result.reason).toBe('it exited with code 1.');
    const report = smokeReport('deb', result);
    expect(report.code).toBe(1);
    expect(report.lines.join('\n')).toContain('ERR_FILE_NOT_FOUND');
    expect(report.lines[0]).toMatch(/^smoke: deb failed after \d+ ms: it exited with code 1\.$/);
  });

  it('fails an app that exits 0 without loading a window (a second instance does that)', async () => {
    const result = await run('quiet');
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/exited 0 without printing/);
  });

  it('kills an app that hangs at the time limit, and fails', async () => {
    const result = await run('hang', 1500);
    expect(result.ok).toBe(false);
    expect(result.reason).toBe('it did not load its window and exit within 2 s (killed).');
    expect(result.ms).toBeGreaterThanOrEqual(1400);
    expect(result.ms).toBeLessThan(10_000);
  });

  it('fails, without throwing, when the executable does not exist', async () => {
    const result = await runSmoke(join(dir, 'missing'), smokeArgs(), 5000);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/could not start: .*ENOENT/);
  });

  it('puts --smoke before any `--` sentinel (after it, the app reads a deep link)', () => {
    expect(smokeArgs()).toEqual(['--smoke']);
    expect(smokeArgs(['--', 'x'])).toEqual(['--smoke', '--', 'x']);
  });

  it('knows the line the app prints', () => {
    expect(APP_LOADED.exec('x\nsmoke: window loaded in 812 ms\n')?.[1]).toBe('812');
    expect(APP_LOADED.test('smoke: window loaded in ms')).toBe(false);
  });
});

describe('locate', () => {
  const installs: Array<{ installer: string; args: readonly string[] }> = [];
  const context = (root: string, env: NodeJS.ProcessEnv = {}): LocateContext => ({
    root,
    env,
    install: (installer, args) => installs.push({ installer, args }),
  });
  const project = (files: string[]) => {
    const root = mkdtempSync(join(dir, 'project-'));
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    return root;
  };

  it('finds the one AppImage and makes it executable', () => {
    const root = project(['dist/Latchkey-0.1.0-linux-x86_64.AppImage', 'dist/x.deb']);
    const image = locate('appimage', context(root));
    expect(image).toBe(join(root, 'dist/Latchkey-0.1.0-linux-x86_64.AppImage'));
    expect(statSync(image).mode & 0o111).toBe(0o111);
    expect(() => locate('appimage', context(project([])))).toThrow(/expected one AppImage/);
  });

  it('finds the app inside dist/mac-arm64 or dist/mac', () => {
    for (const folder of ['mac-arm64', 'mac']) {
      const exe = `dist/${folder}/Latchkey.app/Contents/MacOS/Latchkey`;
      const root = project([exe, 'dist/Latchkey-0.1.0-mac-arm64.dmg']);
      expect(locate('mac', context(root))).toBe(join(root, exe));
    }
  });

  it('installs the NSIS package silently for this user, then starts the installed app', () => {
    const root = project(['dist/Latchkey-0.1.0-win-x64.exe', 'dist/win-unpacked/Latchkey.exe']);
    const env = { LOCALAPPDATA: 'C:\\Users\\runner\\AppData\\Local' };
    expect(locate('nsis', context(root, env))).toBe(
      'C:\\Users\\runner\\AppData\\Local\\Programs\\Latchkey\\Latchkey.exe',
    );
    expect(installs.at(-1)).toEqual({
      installer: join(root, 'dist/Latchkey-0.1.0-win-x64.exe'),
      args: ['/S', '/currentuser'],
    });
    expect(() => nsisExecutable({})).toThrow(/LOCALAPPDATA/);
  });

  it("starts the deb's app where electron-builder installs it", () => {
    const require = createRequire(import.meta.url);
    const { installPrefix } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      installPrefix: string;
    };
    const pkg = require('../../../package.json') as { name: string; productName: string };
    // FpmTarget: `${appOutDir}/=${installPrefix}/${sanitizedProductName}`; the executable is
    // LinuxPackager.executableName, the package name in lower case.
    expect(DEB_EXECUTABLE).toBe(`${installPrefix}/${pkg.productName}/${pkg.name.toLowerCase()}`);
    expect(locate('deb', context(project([])))).toBe(DEB_EXECUTABLE);
  });
});

describe('the command line', () => {
  it('takes a package, or a label with --exe, and a time limit in seconds', () => {
    expect(parseSmokeArgs(['appimage'])).toEqual({ pkg: 'appimage', timeoutMs: 60_000 });
    expect(parseSmokeArgs(['x', '--exe', '/a/b', '--timeout', '90'])).toEqual({
      pkg: 'x',
      exe: '/a/b',
      timeoutMs: 90_000,
    });
    expect(() => parseSmokeArgs([])).toThrow(/usage/);
    expect(() => parseSmokeArgs(['snap'])).toThrow(/unknown package snap/);
    expect(() => parseSmokeArgs(['deb', '--no-sandbox'])).toThrow(/unknown option/);
  });
});
