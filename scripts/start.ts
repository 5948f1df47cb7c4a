/**
 * `npm start`: build when the sources changed since the last build (scripts/build-state.ts), then
 * run the app in Electron. On Linux without a running Secret Service it first starts a temporary
 * one for this session (scripts/with-keyring.sh), saying so. Electron 45 has no install script: its
 * ~100 MB runtime is downloaded the first time it is needed. This script looks for it without
 * triggering that download (as electron's own index.js does: path.txt, then the file under
 * dist/), and when it is missing runs Electron's installer in the foreground — its progress on
 * the terminal, no time limit, Ctrl+C to stop. Only when the download fails (no internet, like
 * the machines this project is developed on) does it say so and start the browser preview.
 * Extra arguments go to the preview (`--port`, `--no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildIfStale } from './build-state.ts';
import { swallowedByNpm } from './npm-args.ts';
import { terminalTranslator } from '../common/i18n/index.ts';

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
  const say = terminalTranslator(env);
  if (!env.DBUS_SESSION_BUS_ADDRESS) return say.t('terminal.noDbus');
  return hasSecrets() ? null : say.t('terminal.noSecretService');
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
  const say = terminalTranslator(env);
  if (!fs.existsSync(join(electronDir, 'package.json'))) {
    return { missing: say.t('terminal.electronNotInstalled') };
  }
  const pathFile = join(electronDir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const path = join(override, executable || 'electron');
    return fs.existsSync(path)
      ? { path }
      : { missing: say.t('terminal.electronOverrideMissing', { path }) };
  }
  if (!executable) return { missing: say.t('terminal.electronNotDownloaded') };
  const path = join(electronDir, 'dist', executable);
  return fs.existsSync(path)
    ? { path }
    : { missing: say.t('terminal.electronIncomplete', { path }) };
}

/** What {@link ensureElectron} does to the world, so a test can run it with fakes. */
export interface EnsureDeps {
  electronDir: string;
  env: NodeJS.ProcessEnv;
  fs: ElectronFs;
  /** Runs a program in the foreground with the terminal (stdio inherited); resolves to its code. */
  run(command: string, args: readonly string[]): Promise<number>;
  say(message: string): void;
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
  const say = terminalTranslator(deps.env);
  deps.say(say.t('terminal.electronDownloading', { missing: found.missing }));
  const code = await deps.run(process.execPath, [installer]);
  if (code !== 0) {
    return { missing: say.t('terminal.electronDownloadFailed', { exitCode: String(code) }) };
  }
  const after = electronBinary(deps.electronDir, deps.env, deps.fs);
  if ('path' in after) deps.say(say.t('terminal.electronInstalled'));
  return after;
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
  const say = terminalTranslator(process.env);
  const swallowed = swallowedByNpm(process.env, process.argv.slice(2), 'start');
  if (swallowed) {
    console.error(say.t('terminal.npmStart', { message: swallowed }));
    process.exit(2);
  }

  const noKeyring = missingSecretService(process.env);
  if (noKeyring && onPath('dbus-run-session') && onPath('gnome-keyring-daemon')) {
    console.log(say.t('terminal.temporaryKeyring', { reason: noKeyring }));
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

  const electron = await ensureElectron({
    electronDir: ELECTRON_PACKAGE,
    env: process.env,
    fs: { existsSync, readFileSync },
    run: (command, args) => run(command, args),
    say: (message) => console.log(say.t('terminal.npmStart', { message })),
  });
  if ('path' in electron) {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    process.exit(await run(electron.path, ['.'], env));
  }
  console.log(say.t('terminal.electronMissing', { missing: electron.missing }));
  process.exit(
    await run(process.execPath, [resolve(root, 'preview/cli.ts'), ...process.argv.slice(2)]),
  );
}
