/**
 * Runs test/helpers/flow-child.ts as a separate Node process and reads its JSON-lines reports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildOptions } from './flow-child.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** A running flow child. */
export interface FlowChild {
  process: ChildProcess;
  /** Resolves with the first report of `event` (already received ones count). */
  next(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stderr so far (the child's log lines), for failure messages. */
  stderr(): string;
  /** SIGKILL, then wait for the exit. */
  kill(): Promise<void>;
}

/** Starts the child with `options`; `env` replaces the environment when given. */
export function startFlowChild(
  options: ChildOptions,
  env: NodeJS.ProcessEnv = process.env,
): FlowChild {
  const child = spawn(process.execPath, ['test/helpers/flow-child.ts', JSON.stringify(options)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (r: Record<string, unknown>) => void }> = [];
  let log = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let report: Record<string, unknown>;
    try {
      report = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    reports.push(report);
    for (const waiter of waiters.filter((w) => w.event === report.event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(report);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  return {
    process: child,
    exited,
    stderr: () => log,
    next(event, timeoutMs = 20_000) {
      const seen = reports.find((r) => r.event === event);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`flow child: no "${event}" within ${timeoutMs} ms\n${log}`)),
          timeoutMs,
        );
        const done = (report: Record<string, unknown>): void => {
          clearTimeout(timer);
          resolvePromise(report);
        };
        waiters.push({ event, resolve: done });
        void exited.then(() => {
          if (!waiters.some((w) => w.resolve === done)) return;
          clearTimeout(timer);
          reject(new Error(`flow child exited before "${event}"\n${log}`));
        });
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
