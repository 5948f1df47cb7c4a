/**
 * Starts the browser preview (`node preview/cli.ts --no-open`) as a child process, the way a
 * developer runs it, with its own temporary LATCHKEY_DATA_DIR, set up by appUnderTestEnv (demo
 * mode, the emulator's /__emulator/* switches on: test/helpers/app-env.ts). Reads what the preview prints: the path of its launcher
 * file (whose redirect is the page URL with the secret), the emulator's issuer, and each sign-in
 * URL it would open in the system browser.
 *
 * Needs the built renderer (out/renderer: `npx electron-vite build`). Run under
 * scripts/with-keyring.sh so the core finds a Secret Service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { appUnderTestEnv } from './app-env.ts';
import { newRunDir, saveEmulatorSecrets, saveRunOutput } from './e2e-artifacts.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** A running preview child process. */
export interface PreviewProcess {
  /** The page to open (carries the per-launch secret in its fragment). */
  url: string;
  /** `http://127.0.0.1:<port>` of the preview. */
  origin: string;
  /** The local Google emulator's issuer (demo mode), e.g. `http://127.0.0.1:41234`. */
  issuer: string;
  /** The temporary data directory (removed by {@link PreviewProcess.stop}). */
  dataDir: string;
  /**
   * This run's folder under test-results/e2e-runs/ (test/helpers/e2e-artifacts.ts): `stop()` keeps
   * the emulator's secrets, the output and the data directory there for scripts/leak-scan.ts.
   */
  runDir: string;
  /**
   * Resolves with the next sign-in URL the preview prints (URLs printed earlier and not yet
   * taken are returned first).
   */
  nextSignInUrl(timeoutMs?: number): Promise<string>;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output(): string;
  /** Stops the process and removes the data directory (unless it was passed in). */
  stop(): Promise<void>;
}

/** Options for {@link startPreviewProcess}. */
export interface StartPreviewOptions {
  /** Extra environment (a Google client must NOT be configured: tests run in demo mode). */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the preview to print its URL (default 60 s). */
  timeoutMs?: number;
  /** An existing data directory (a restart): kept by stop(). Default: a new temporary one. */
  dataDir?: string;
}

/** The URL a launcher file (preview/launcher.ts) redirects to. */
export function launcherTarget(html: string): string | null {
  const match = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html);
  return match?.[1] ? match[1].replaceAll('&amp;', '&') : null;
}

/** Starts the preview; waits until it prints its launcher (read for the URL) and the issuer. */
export async function startPreviewProcess(
  options: StartPreviewOptions = {},
): Promise<PreviewProcess> {
  const ownsData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'latchkey-e2e-')));
  const env = appUnderTestEnv({ LATCHKEY_DATA_DIR: dataDir }, options.env);

  const child: ChildProcess = spawn(process.execPath, ['preview/cli.ts', '--no-open'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const signInUrls: string[] = [];
  const waiters: Array<(url: string) => void> = [];
  let url: string | null = null;
  let issuer: string | null = null;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((r) => (onReady = r));

  const onLine = (line: string): void => {
    log += `${line}\n`;
    const trimmed = line.trim();
    // Each sign-in URL is only in the 0600 launcher file whose path is printed: read it there.
    const signIn =
      /^(?:Sign-in|Connecting Google [A-Za-z]+): Google's page is in (\/\S+\.html)/.exec(trimmed);
    if (signIn?.[1]) {
      const target = launcherTarget(readFileSync(signIn[1], 'utf8'));
      if (!target) throw new Error(`no sign-in URL in the launcher ${signIn[1]}`);
      const waiter = waiters.shift();
      if (waiter) waiter(target);
      else signInUrls.push(target);
      return;
    }
    const demo = /local Google emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(trimmed);
    if (demo?.[1]) issuer = demo[1];
    // The page's URL (with the secret) is only in the 0600 launcher file whose path is printed:
    // read it there, as the browser would.
    const open = /^Open: (\/\S+\.html)$/.exec(trimmed);
    if (open?.[1]) url = launcherTarget(readFileSync(open[1], 'utf8'));
    if (url && issuer) onReady();
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', (line) => (log += `${line}\n`));

  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const timeoutMs = options.timeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs))),
  ]);
  clearTimeout(timer);

  const runDir = newRunDir();
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      // The leak scan needs every secret the emulator saw: ask before it goes away.
      if (issuer) await saveEmulatorSecrets(runDir, issuer).catch(() => undefined);
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    saveRunOutput(runDir, log, dataDir);
    if (ownsData) await rm(dataDir, { recursive: true, force: true });
  };

  if (outcome !== 'ready' || !url || !issuer) {
    await stop();
    throw new Error(
      `The preview did not start in demo mode (${outcome}). Is out/renderer built? Output:\n${log}`,
    );
  }
  const pageUrl: string = url;
  return {
    url: pageUrl,
    origin: new URL(pageUrl).origin,
    issuer,
    dataDir,
    runDir,
    output: () => log,
    stop,
    nextSignInUrl(waitMs = 15_000) {
      const queued = signInUrls.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise<string>((resolvePromise, reject) => {
        const waiter = (next: string): void => {
          clearTimeout(timeout);
          resolvePromise(next);
        };
        const timeout = setTimeout(() => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(new Error(`The preview printed no sign-in URL within ${waitMs} ms.`));
        }, waitMs);
        waiters.push(waiter);
      });
    },
  };
}
