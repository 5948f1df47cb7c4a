/**
 * `npm start`: build, then run the app in Electron — or, where Electron's runtime is missing
 * (its binary download cannot reach its host on machines without internet), say so in one line
 * and start the browser preview instead. Extra arguments go to the preview (`--port`, `--no-open`).
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * The Electron binary's path, or the reason there is none. `require('electron')` returns the
 * path, or — when the binary is missing — tries to download it (printing its own progress and
 * errors) and throws "Electron failed to install correctly". It runs in a child process so that
 * noise stays out of the terminal: the user gets one plain line instead.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const script = `
    const { createRequire } = require('node:module');
    let answer;
    try {
      const path = createRequire(${JSON.stringify(resolve(root, 'package.json'))})('electron');
      answer = typeof path === 'string' ? { path } : { missing: 'the electron package gave no path' };
    } catch (error) {
      answer = { missing: String(error && error.message || error).split('\\n')[0] };
    }
    process.stdout.write('\\n' + JSON.stringify(answer) + '\\n');
  `;
  const probe = spawnSync(process.execPath, ['-e', script], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const last = probe.stdout?.trim().split('\n').pop() ?? '';
  try {
    const answer = JSON.parse(last) as { path?: unknown; missing?: unknown };
    if (typeof answer.path === 'string') return { path: answer.path };
    if (typeof answer.missing === 'string') return { missing: answer.missing };
  } catch {
    // Fall through: the probe itself failed.
  }
  return { missing: probe.error?.message ?? 'the electron package could not be loaded' };
}

function run(command: string, args: string[]): Promise<number> {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolvePromise) => {
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

if (import.meta.main) {
  const built = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const electron = electronBinary();
  if ('path' in electron) {
    process.exit(await run(electron.path, ['.']));
  }
  // The first sentence is the reason; the rest of electron's message is install advice.
  const reason = electron.missing.split('. ')[0]?.replace(/\.$/, '') ?? electron.missing;
  console.log(
    `Electron's runtime is not available here (${reason}): starting the browser preview instead.`,
  );
  process.exit(
    await run(process.execPath, [resolve(root, 'preview/cli.ts'), ...process.argv.slice(2)]),
  );
}
