/**
 * Whether `out/` (electron-vite's build) is up to date: every file in it is newer than every
 * source file it is built from. `npm start` and `npm run preview` skip the build then, which
 * makes a warm start take well under two seconds instead of a rebuild's several.
 *
 *   node scripts/build-state.ts    builds only when out/ is stale (what `npm run preview` runs)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { binEntry } from './bin-entry.ts';

const root = resolve(import.meta.dirname, '..');

/** What out/ is built from (relative to the project root). */
export const BUILD_INPUTS = [
  'renderer',
  'main',
  'preload',
  'electron.vite.config.ts',
  'package-lock.json',
] as const;

/** What a complete build has (missing one: stale). */
export const BUILD_OUTPUTS = [
  'out/main/index.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
] as const;

/** Calls `visit` with the modification time (ms) of every file under `path`. */
function eachMtime(path: string, visit: (mtimeMs: number) => void): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return;
  if (!stat.isDirectory()) return visit(stat.mtimeMs);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    eachMtime(join(path, entry.name), visit);
  }
}

/** Why out/ must be built again, or null when it is up to date. */
export function staleReason(projectRoot: string = root): string | null {
  for (const output of BUILD_OUTPUTS) {
    if (!existsSync(join(projectRoot, output))) return `${output} is missing`;
  }
  let oldestOutput = Infinity;
  eachMtime(join(projectRoot, 'out'), (t) => (oldestOutput = Math.min(oldestOutput, t)));
  let newestInput = 0;
  for (const input of BUILD_INPUTS) {
    eachMtime(join(projectRoot, input), (t) => (newestInput = Math.max(newestInput, t)));
  }
  return newestInput >= oldestOutput ? 'sources changed since the last build' : null;
}

/** Builds (electron-vite, output on the terminal) unless out/ is up to date; returns the exit code. */
export function buildIfStale(projectRoot: string = root): number {
  const reason = staleReason(projectRoot);
  if (reason === null) return 0;
  const built = spawnSync(process.execPath, [binEntry(projectRoot, 'electron-vite'), 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  return built.status ?? 1;
}

if (import.meta.main) process.exit(buildIfStale());
