/**
 * `npm start`: build, then run the app in Electron. Electron 45 has no install script: its
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

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

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
  deps.say(
    `${found.missing}: downloading it now (about 100 MB, once; the progress bar appears if it ` +
      'takes a while). Ctrl+C stops the download and starts the browser preview instead.',
  );
  const code = await deps.run(process.execPath, [installer]);
  if (code !== 0) {
    return { missing: `Electron's download did not finish (exit code ${code}; see above)` };
  }
  const after = electronBinary(deps.electronDir, deps.env, deps.fs);
  if ('path' in after) deps.say("Electron's runtime is installed.");
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
  const built = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const electron = await ensureElectron({
    electronDir: ELECTRON_PACKAGE,
    env: process.env,
    fs: { existsSync, readFileSync },
    run: (command, args) => run(command, args),
    say: (message) => console.log(`npm start: ${message}`),
  });
  if ('path' in electron) {
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    process.exit(await run(electron.path, ['.'], env));
  }
  console.log(
    `npm start: Electron's runtime is not available (${electron.missing}): starting the browser ` +
      'preview instead.',
  );
  process.exit(
    await run(process.execPath, [resolve(root, 'preview/cli.ts'), ...process.argv.slice(2)]),
  );
}
