/**
 * `npm start`: build when the sources changed since the last build (scripts/build-state.ts), then
 * run the app in Electron. On Linux without a running Secret Service it first starts a temporary
 * one for this session (scripts/with-keyring.sh), saying so. Electron 45 has no install script: its
 * ~100 MB runtime is downloaded the first time it is needed. This script looks for it without
 * triggering that download (as electron's own index.js does: path.txt, then the file under
 * dist/), and when it is missing runs Electron's installer in the foreground — its progress on
 * the terminal, no time limit, Ctrl+C to stop. Only when the download fails (no internet, like
 * the machines this project is developed on) does it say so and start the browser preview.
 * Offline, a failed try is remembered for a day (a stamp file under node_modules/.cache): the
 * next starts go straight to the preview with one sentence, and `npm start -- --retry-electron`
 * tries again at once. A quick probe of the download host comes first, so an offline machine
 * never sees the installer's stack trace. Other arguments go to the app: Electron or the preview
 * (`--port`, `--no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildIfStale } from './build-state.ts';
import { swallowedByNpm } from './npm-args.ts';

const root = resolve(import.meta.dirname, '..');

/** Whether a program is on the PATH. */
function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Why this Linux session has no Secret Service for the keychain, or null when it has one (or
 * this is not Linux, or one was started for it already).
 */
export function missingSecretService(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  hasSecrets: () => boolean = () => secretsOnBus(),
): string | null {
  if (platform !== 'linux' || env.LATCHKEY_KEYRING_STARTED) return null;
  if (!env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session is running';
  return hasSecrets() ? null : 'no Secret Service (org.freedesktop.secrets) is on the session bus';
}

/** Asks the session bus whether org.freedesktop.secrets is running or can be started. */
function secretsOnBus(): boolean {
  if (!onPath('dbus-send')) return true; // cannot tell: let the app find out and say so
  const ask = (method: string): string =>
    spawnSync(
      'dbus-send',
      [
        '--session',
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        `org.freedesktop.DBus.${method}`,
      ],
      { encoding: 'utf8', timeout: 2_000 },
    ).stdout ?? '';
  return ['ListNames', 'ListActivatableNames'].some((m) =>
    ask(m).includes('"org.freedesktop.secrets"'),
  );
}

/** The file system as the lookup needs it. */
export interface ElectronFs {
  existsSync(path: string): boolean;
  readFileSync(path: string, encoding: 'utf8'): string;
}

/** The installed electron package (node_modules/electron). */
export const ELECTRON_PACKAGE = join(root, 'node_modules', 'electron');

/**
 * The Electron binary's path, or why there is none — never downloading anything. Mirrors
 * node_modules/electron/index.js: `path.txt` names the executable under `dist/` (or under
 * ELECTRON_OVERRIDE_DIST_PATH), and both are written only by a finished download.
 */
export function electronBinary(
  electronDir: string = ELECTRON_PACKAGE,
  env: NodeJS.ProcessEnv = process.env,
  fs: ElectronFs = { existsSync, readFileSync },
): { path: string } | { missing: string } {
  if (!fs.existsSync(join(electronDir, 'package.json'))) {
    return { missing: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(electronDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, executable || 'electron');
    return fs.existsSync(path)
      ? { path }
      : { missing: `ELECTRON_OVERRIDE_DIST_PATH has no Electron at ${path}` };
  }
  if (!executable) return { missing: "Electron's runtime has not been downloaded yet" };
  const path = join(electronDir, 'dist', executable);
  return fs.existsSync(path)
    ? { path }
    : { missing: `Electron's runtime is incomplete (${path} is missing)` };
}

/** What {@link ensureElectron} does to the world, so a test can run it with fakes. */
export interface EnsureDeps {
  electronDir: string;
  env: NodeJS.ProcessEnv;
  fs: ElectronFs;
  /** Runs a program in the foreground with the terminal (stdio inherited); resolves to its code. */
  run(command: string, args: readonly string[]): Promise<number>;
  say(message: string): void;
  /** Milliseconds since the epoch (the clock the stamp is read with). */
  now?: () => number;
  /** Whether the download host answers at all (false: offline, no download is tried). */
  probe?: () => Promise<boolean>;
  /** When the last try failed, kept across runs (see {@link stampFile}). */
  stamp?: FailureStamp;
  /** `--retry-electron`: try again even when a try failed less than a day ago. */
  retry?: boolean;
}

/** When Electron's download last failed, remembered across runs. */
export interface FailureStamp {
  read(): number | null;
  write(time: number): void;
  clear(): void;
}

/** How long a failed try is remembered: a day. */
export const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** The argument that forces a new try (taken out before the rest go to the app). */
export const RETRY_ARG = '--retry-electron';

/** The stamp file: node_modules/.cache/latchkey/electron-download-failed (holds the time). */
export function stampFile(
  path: string = join(root, 'node_modules', '.cache', 'latchkey', 'electron-download-failed'),
): FailureStamp {
  return {
    read() {
      try {
        const time = Number(readFileSync(path, 'utf8').trim());
        return Number.isFinite(time) && time > 0 ? time : null;
      } catch {
        return null;
      }
    },
    write(time) {
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${time}\n`);
      } catch {
        // Not remembered: the next start tries again, which is only slower.
      }
    },
    clear() {
      rmSync(path, { force: true });
    },
  };
}

/**
 * Whether the host Electron downloads from answers (any HTTP answer counts; only a network
 * failure or 5 s of silence is "offline"). With a proxy configured Node's fetch may not use it,
 * so the probe cannot tell: then it answers true and the installer (which can) decides.
 */
export async function probeDownloadHost(
  env: NodeJS.ProcessEnv = process.env,
  fetcher: typeof fetch = fetch,
): Promise<boolean> {
  const proxied = [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ELECTRON_GET_USE_PROXY',
  ].some((name) => env[name]);
  if (proxied) return true;
  const mirror = env.ELECTRON_MIRROR || env.npm_config_electron_mirror || 'https://github.com/';
  try {
    await fetcher(mirror, {
      method: 'HEAD',
      redirect: 'manual',
      signal: AbortSignal.timeout(5_000),
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Electron binary, downloading it first when it is missing (and can be downloaded). The
 * download is electron's own installer (node_modules/electron/install.js, what `npx
 * install-electron` runs), in the foreground: @electron/get draws its progress bar on the
 * terminal once a download takes more than 30 s, and there is no time limit of ours.
 */
export async function ensureElectron(
  deps: EnsureDeps,
): Promise<{ path: string } | { missing: string }> {
  const found = electronBinary(deps.electronDir, deps.env, deps.fs);
  if ('path' in found || deps.env.ELECTRON_OVERRIDE_DIST_PATH) return found;
  const installer = join(deps.electronDir, 'install.js');
  if (!deps.fs.existsSync(installer)) return found;
  const now = deps.now ?? Date.now;
  const failedAt = deps.retry ? null : (deps.stamp?.read() ?? null);
  if (failedAt !== null && now() - failedAt < RETRY_AFTER_MS && now() >= failedAt) {
    return {
      missing:
        `its download failed less than a day ago, so it is not tried again until then; ` +
        `\`npm start -- ${RETRY_ARG}\` tries now`,
    };
  }
  if (deps.probe && !(await deps.probe())) {
    deps.stamp?.write(now());
    return {
      missing:
        'the download host cannot be reached, so it was not downloaded; the next try is in a ' +
        `day, or at once with \`npm start -- ${RETRY_ARG}\``,
    };
  }
  deps.say(
    `${found.missing}: downloading it now (about 100 MB, once; the progress bar appears if it ` +
      'takes a while). Ctrl+C stops the download and starts the browser preview instead.',
  );
  const code = await deps.run(process.execPath, [installer]);
  if (code !== 0) {
    deps.stamp?.write(now());
    return { missing: `Electron's download did not finish (exit code ${code}; see above)` };
  }
  const after = electronBinary(deps.electronDir, deps.env, deps.fs);
  if ('path' in after) {
    deps.stamp?.clear();
    deps.say("Electron's runtime is installed.");
  }
  return after;
}

/** `--retry-electron` is this script's; every other argument goes to the app. */
export function splitArgs(args: readonly string[]): { retry: boolean; appArgs: string[] } {
  return { retry: args.includes(RETRY_ARG), appArgs: args.filter((arg) => arg !== RETRY_ARG) };
}

function run(command: string, args: readonly string[], env = process.env): Promise<number> {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise) => {
    child.on('error', () => resolvePromise(1));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise(code ?? (signal ? 1 : 0));
    });
  });
}

if (import.meta.main) {
  const swallowed = swallowedByNpm(process.env, process.argv.slice(2), 'start');
  if (swallowed) {
    console.error(`npm start: ${swallowed}`);
    process.exit(2);
  }

  const noKeyring = missingSecretService(process.env);
  if (noKeyring && onPath('dbus-run-session') && onPath('gnome-keyring-daemon')) {
    console.log(
      `npm start: ${noKeyring}, so Latchkey starts a temporary keyring for this session only ` +
        '(sign-ins kept in it end when Latchkey quits; a desktop session with its keyring keeps them).',
    );
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    process.exit(
      await run(
        'bash',
        [
          join(root, 'scripts/with-keyring.sh'),
          process.execPath,
          join(root, 'scripts/start.ts'),
          ...process.argv.slice(2),
        ],
        env,
      ),
    );
  }

  const built = buildIfStale(root);
  if (built !== 0) process.exit(built);

  const { retry, appArgs } = splitArgs(process.argv.slice(2));
  const electron = await ensureElectron({
    electronDir: ELECTRON_PACKAGE,
    env: process.env,
    fs: { existsSync, readFileSync },
    run: (command, args) => run(command, args),
    say: (message) => console.log(`npm start: ${message}`),
    now: Date.now,
    probe: () => probeDownloadHost(process.env),
    stamp: stampFile(),
    retry,
  });
  if ('path' in electron) {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    process.exit(await run(electron.path, ['.', ...appArgs], env));
  }
  console.log(
    `npm start: Electron's runtime is not available (${electron.missing}): starting the browser ` +
      'preview instead.',
  );
  process.exit(await run(process.execPath, [resolve(root, 'preview/cli.ts'), ...appArgs]));
}
