/**
 * The data folder holds the account list, the demo Google's state, the preview's launchers (each
 * with a secret) and its lock: only its owner may read it. New files are written 0600 and a new
 * folder is made 0700, but a folder an older version (or a hand) left open stays open; so each
 * start tightens it: the folder and the folders directly in it 0700, the files directly in it
 * 0600. (Chromium's own folders in Electron's userData keep their contents' modes: they are
 * closed by their 0700 folder.) POSIX only: Windows keeps others out with the profile's ACL.
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log/log.ts';

export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;

/** Tightens `dir` as above; returns how many entries it changed. Never throws. */
export function tightenDataDir(
  dir: string,
  logger?: Logger,
  platform: NodeJS.Platform = process.platform,
): number {
  if (platform === 'win32') return 0;
  let changed = 0;
  const tighten = (path: string, mode: number): void => {
    try {
      const stat = lstatSync(path);
      // A symbolic link is left alone: chmod would change what it points to.
      if (stat.isSymbolicLink() || (stat.mode & 0o777) === mode) return;
      chmodSync(path, mode);
      changed += 1;
    } catch (error) {
      logger?.warn('could not tighten the data folder', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  tighten(dir, DATA_DIR_MODE);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return changed;
  }
  for (const entry of entries) {
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) tighten(join(dir, entry.name), DATA_DIR_MODE);
    else if (entry.isFile()) tighten(join(dir, entry.name), DATA_FILE_MODE);
  }
  if (changed > 0) logger?.info('data folder tightened to owner-only', { entries: changed });
  return changed;
}
