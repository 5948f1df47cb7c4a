/**
 * Best-effort "open this file in the system browser" for the preview CLI. Only launcher files
 * (preview/launcher.ts) are ever opened, by path: a URL with a secret or a `state` in it would
 * sit in the opener's and the browser's command line, readable by any local user. On a headless
 * machine there is no browser to open: the CLI has printed the launcher's path, so failure is fine.
 */
import { spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';

/** The command that opens a local file in its default application (the browser for .html). */
export function browserCommand(
  path: string,
  platform: NodeJS.Platform = process.platform,
): [string, string[]] {
  if (platform === 'darwin') return ['open', [path]];
  // rundll32 takes the path as one argument: no shell, so nothing in it is interpreted.
  if (platform === 'win32') return ['rundll32.exe', ['url.dll,FileProtocolHandler', path]];
  return ['xdg-open', [path]];
}

/** How a child process is started (node:child_process `spawn`; tests pass a recorder). */
export type Spawner = (
  command: string,
  args: string[],
  options: { detached: true; stdio: 'ignore' },
) => { on(event: 'error', listener: () => void): unknown; unref(): void };

/**
 * Opens the launcher file at `path`; never throws, never waits. Only absolute paths of `.html`
 * files are passed on: never a URL.
 */
export function openInBrowser(path: string, spawner: Spawner = spawn): void {
  if (!isAbsolute(path) || !path.endsWith('.html') || path.includes('://')) return;
  const [command, args] = browserCommand(path);
  try {
    const child = spawner(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener installed: the path is on the terminal.
  }
}
