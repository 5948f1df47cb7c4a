/**
 * Best-effort "open this URL in the system browser" for the preview CLI. On a headless machine
 * there is no browser to open: the CLI has printed the URL already, so failure is fine.
 */
import { spawn } from 'node:child_process';

/** The command that opens a URL on this platform. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // rundll32 takes the URL as one argument: no shell, so `&` in the query stays intact.
  if (platform === 'win32') return ['rundll32.exe', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/** Tries to open `url`; never throws, never waits. Only http(s) URLs are ever passed on. */
export function openInBrowser(url: string): void {
  if (!/^https?:\/\//i.test(url)) return;
  const [command, args] = browserCommand(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener installed: the URL is on the terminal.
  }
}
