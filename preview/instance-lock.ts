/**
 * One preview per data folder: a second `npm run preview` (or `npm start` falling back to it) on
 * the same `.latchkey-dev/` would share its metadata and demo Google silently. The running one
 * leaves `preview.lock` (its process ID and launcher path); a second one names it and stops.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { terminalTranslator, type Translator } from '../common/i18n/index.ts';

export const LOCK_FILE = 'preview.lock';

interface Lock {
  pid: number;
  launcher?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running preview on `dataDir` (another process), or null. */
export function runningPreview(dataDir: string): Lock | null {
  let lock: Lock;
  try {
    lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Lock;
  } catch {
    return null;
  }
  if (!Number.isInteger(lock.pid) || lock.pid === process.pid || !alive(lock.pid)) return null;
  return lock;
}

/** One sentence naming the running preview and what to do, in the terminal's language. */
export function alreadyRunning(
  dataDir: string,
  lock: Lock,
  say: Translator = terminalTranslator(process.env),
): string {
  return say.t('terminal.alreadyRunning', {
    dataDir,
    pid: String(lock.pid),
    launcher: lock.launcher ?? 'none',
  });
}

/** Claims the data folder for this process (with the launcher's path once known). */
export function writeLock(dataDir: string, launcher?: string): void {
  const lock: Lock = { pid: process.pid, ...(launcher ? { launcher } : {}) };
  writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(lock), { mode: 0o600 });
}

/** Releases the data folder if this process holds it. */
export function removeLock(dataDir: string): void {
  try {
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Lock;
    if (lock.pid === process.pid) rmSync(join(dataDir, LOCK_FILE), { force: true });
  } catch {
    // Nothing to release.
  }
}
