/**
 * `node scripts/smoke.ts <package>`: starts a packaged Latchkey with `--smoke` and fails unless it
 * loads its window and quits in time (release.yml runs it on every OS after `npm run dist`).
 *
 *   appimage       dist/Latchkey-*.AppImage (made executable first)
 *   deb            /opt/Latchkey/latchkey (install it first: sudo apt-get install ./dist/*.deb)
 *   mac            dist/mac*\/Latchkey.app/Contents/MacOS/Latchkey (the app the dmg is made of)
 *   nsis           installs dist/Latchkey-*-win-*.exe silently for this user (/S /currentuser),
 *                  then %LOCALAPPDATA%\Programs\Latchkey\Latchkey.exe
 *   win-unpacked   dist\win-unpacked\Latchkey.exe
 *
 *   --exe <path>        start this executable instead (any package name is then only a label)
 *   --timeout <seconds> the time limit, 60 by default
 *
 * The packaged app, given `--smoke`, exits 0 once its window has loaded the renderer and prints
 * `smoke: window loaded in <ms> ms`. Both are required: an app that exits 0 without the line did
 * not load a window (a second instance hands over to the first and quits with 0, for one).
 * `--smoke` goes before anything else: after the `--` sentinel it would be a deep link.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve, win32 } from 'node:path';

/** The packages `locate` knows. */
export const PACKAGES = ['appimage', 'deb', 'mac', 'nsis', 'win-unpacked'] as const;
export type SmokePackage = (typeof PACKAGES)[number];

/** The time limit from spawn to exit. */
export const SMOKE_TIMEOUT_MS = 60_000;

/** The one line the packaged app prints once its window has loaded the renderer. */
export const APP_LOADED = /^smoke: window loaded in (\d+) ms\r?$/m;

/** The product as electron-builder names its files (productName in electron-builder.yml). */
const PRODUCT = 'Latchkey';

/**
 * Where the deb installs the app: electron-builder's FpmTarget maps the unpacked app to
 * `${installPrefix}/${sanitizedProductName}` (installPrefix "/opt"), and the Linux executable is
 * named after the npm package (LinuxPackager.executableName: package name, lower case).
 */
export const DEB_EXECUTABLE = '/opt/Latchkey/latchkey';

/** How one smoke run ended. */
export interface SmokeResult {
  ok: boolean;
  /** Milliseconds from spawn to exit (or to the kill at the time limit). */
  ms: number;
  /** What the app wrote to stdout and stderr, interleaved (the last 64 KiB). */
  output: string;
  /** Why it failed, one sentence; absent when ok. */
  reason?: string;
}

/** What `locate` needs to know about the machine. */
export interface LocateContext {
  root: string;
  env: NodeJS.ProcessEnv;
  /** Runs the NSIS installer to completion (silent), so the installed app exists afterwards. */
  install(installer: string, args: readonly string[]): void;
}

const OUTPUT_LIMIT = 64 * 1024;
/** How long output may still arrive after the app exited. */
const CLOSE_GRACE_MS = 2000;

/** The one file in `dir` whose name matches, or an error naming what was found instead. */
function onlyMatch(dir: string, pattern: RegExp, what: string): string {
  const names = existsSync(dir) ? readdirSync(dir).filter((name) => pattern.test(name)) : [];
  if (names.length !== 1) {
    throw new Error(`expected one ${what} in ${dir}, found ${names.length}: ${names.join(', ')}`);
  }
  return join(dir, names[0]!);
}

/** The executable of the macOS app in dist/mac or dist/mac-arm64 (one per build machine). */
function macExecutable(dist: string): string {
  const dirs = readdirSync(dist).filter((name) => /^mac(-\w+)?$/.test(name));
  const apps = dirs
    .map((dir) => join(dist, dir, `${PRODUCT}.app`, 'Contents', 'MacOS', PRODUCT))
    .filter((path) => existsSync(path));
  if (apps.length !== 1) throw new Error(`expected one ${PRODUCT}.app in ${dist}/mac*`);
  return apps[0]!;
}

/**
 * The per-user NSIS install: multiUser.nsh's setInstallModePerUser installs into
 * `$LocalAppData\Programs\${APP_FILENAME}` (the UserProgramFiles known folder) when no earlier
 * installation says otherwise; `/currentuser` makes the assisted installer choose that mode.
 */
export function nsisExecutable(env: NodeJS.ProcessEnv): string {
  if (!env.LOCALAPPDATA) throw new Error('LOCALAPPDATA is not set');
  return win32.join(env.LOCALAPPDATA, 'Programs', PRODUCT, `${PRODUCT}.exe`);
}

/** Finds (and for nsis installs, for appimage makes executable) the package's executable. */
export function locate(pkg: SmokePackage, context: LocateContext): string {
  const dist = join(context.root, 'dist');
  switch (pkg) {
    case 'appimage': {
      const image = onlyMatch(dist, /^Latchkey-.*\.AppImage$/, 'AppImage');
      chmodSync(image, 0o755);
      return image;
    }
    case 'deb':
      return DEB_EXECUTABLE;
    case 'mac':
      return macExecutable(dist);
    case 'nsis': {
      const installer = onlyMatch(dist, /^Latchkey-.*-win-.*\.exe$/, 'NSIS installer');
      context.install(installer, ['/S', '/currentuser']);
      return nsisExecutable(context.env);
    }
    case 'win-unpacked':
      return join(dist, 'win-unpacked', `${PRODUCT}.exe`);
  }
}

/** The app's arguments: `--smoke` first, never after a `--` sentinel. */
export function smokeArgs(extra: readonly string[] = []): string[] {
  return ['--smoke', ...extra];
}

/** Ends the app and whatever it started (the AppImage runtime runs the app as its child). */
function killTree(pid: number): void {
  try {
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      process.kill(-pid, 'SIGKILL');
    }
  } catch {
    // Already gone.
  }
}

/** Why a finished run failed, or null when it loaded its window. */
function failure(code: number | null, signal: string | null, output: string): string | null {
  if (signal) return `it was ended by ${signal}.`;
  if (code !== 0) return `it exited with code ${code}.`;
  if (!APP_LOADED.test(output)) {
    return "it exited 0 without printing 'smoke: window loaded in <ms> ms' (another instance running, or --smoke not understood).";
  }
  return null;
}

/**
 * Starts `command` with `args`, waits for it to exit within `timeoutMs`, and says whether it
 * loaded its window. Never throws: a program that cannot start is a failed run.
 */
export function runSmoke(
  command: string,
  args: readonly string[],
  timeoutMs = SMOKE_TIMEOUT_MS,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SmokeResult> {
  return new Promise((done) => {
    const started = performance.now();
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    const elapsed = () => Math.round(performance.now() - started);
    // Its own process group on POSIX, so a time-out ends the app's children too.
    const child = spawn(command, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killTree(child.pid);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ ok: false, ms: elapsed(), output, reason: `it could not start: ${error.message}.` });
    });
    // Timed at exit; the output is complete at close, when every process holding the pipes (the
    // app's helpers inherit them) is gone, or a moment after exit if one lingers.
    child.on('exit', (code, signal) => {
      const ms = elapsed();
      const finish = () => {
        clearTimeout(timer);
        clearTimeout(grace);
        const reason = timedOut
          ? `it did not load its window and exit within ${Math.round(timeoutMs / 1000)} s (killed).`
          : failure(code, signal, output);
        done({ ok: reason === null, ms, output, ...(reason ? { reason } : {}) });
      };
      const grace = setTimeout(finish, CLOSE_GRACE_MS);
      child.on('close', finish);
    });
  });
}

/** The lines a smoke run prints, and its exit code. */
export function smokeReport(pkg: string, result: SmokeResult): { code: number; lines: string[] } {
  if (result.ok) {
    const app = APP_LOADED.exec(result.output)?.[0]?.trim();
    return {
      code: 0,
      lines: [
        `smoke: ${pkg} started and loaded its window in ${result.ms} ms (spawn to loaded)`,
        ...(app ? [`  (the app: ${app})`] : []),
      ],
    };
  }
  return {
    code: 1,
    lines: [
      `smoke: ${pkg} failed after ${result.ms} ms: ${result.reason}`,
      '--- the app wrote ---',
      result.output.trimEnd() || '(nothing)',
      '---',
    ],
  };
}

/** The command line: `<package> [--exe <path>] [--timeout <seconds>]`. */
export function parseSmokeArgs(argv: readonly string[]): {
  pkg: string;
  exe?: string;
  timeoutMs: number;
} {
  const [pkg, ...rest] = argv;
  let exe: string | undefined;
  let timeoutMs = SMOKE_TIMEOUT_MS;
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i], rest[i + 1]];
    if (flag === '--exe' && value) exe = value;
    else if (flag === '--timeout' && value && Number(value) > 0) timeoutMs = Number(value) * 1000;
    else throw new Error(`unknown option ${flag ?? ''}`);
  }
  if (!pkg)
    throw new Error('usage: node scripts/smoke.ts <package> [--exe <path>] [--timeout <s>]');
  if (!exe && !(PACKAGES as readonly string[]).includes(pkg)) {
    throw new Error(`unknown package ${pkg} (one of ${PACKAGES.join(', ')}, or --exe <path>)`);
  }
  return { pkg, ...(exe ? { exe } : {}), timeoutMs };
}

/** Runs the smoke test for the command line; resolves to the exit code. */
export async function main(argv: readonly string[], root: string): Promise<number> {
  let options: ReturnType<typeof parseSmokeArgs>;
  let executable: string;
  try {
    options = parseSmokeArgs(argv);
    executable =
      options.exe ??
      locate(options.pkg as SmokePackage, {
        root,
        env: process.env,
        install: (installer, args) => {
          const installed = spawnSync(installer, args, { stdio: 'inherit' });
          if (installed.status !== 0) throw new Error(`${installer} exited ${installed.status}`);
        },
      });
  } catch (error) {
    console.error(`smoke: ${(error as Error).message}`);
    return 2;
  }
  const result = await runSmoke(executable, smokeArgs(), options.timeoutMs);
  const { code, lines } = smokeReport(options.pkg, result);
  (code === 0 ? console.log : console.error)(lines.join('\n'));
  return code;
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2), resolve(import.meta.dirname, '..'));
}
