/**
 * The renderer's JavaScript as shipped: every out/renderer/assets/*.js of the production build
 * (`npx electron-vite build`, run here when there is none), raw and gzipped (zlib, default level).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Row } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ASSETS = join(ROOT, 'out/renderer/assets');

function scripts(): string[] {
  if (!existsSync(ASSETS)) return [];
  return readdirSync(ASSETS).filter((name) => name.endsWith('.js'));
}

/** Builds the app when no renderer build exists. */
export function ensureRendererBuild(): void {
  if (scripts().length > 0) return;
  console.log('No renderer build: running `npx electron-vite build` …');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0 || scripts().length === 0) {
    throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  }
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function measureRendererSize(): Row[] {
  ensureRendererBuild();
  const files = scripts();
  let raw = 0;
  let gzipped = 0;
  for (const name of files) {
    const body = readFileSync(join(ASSETS, name));
    raw += body.length;
    gzipped += gzipSync(body).length;
  }
  const built = new Date(Math.max(...files.map((n) => statSync(join(ASSETS, n)).mtimeMs)));
  return [
    {
      measurement: 'Renderer JS size, gzipped',
      figure: kb(gzipped),
      detail: `raw ${kb(raw)}; ${files.length} file(s) in out/renderer/assets, built ${built.toISOString()}`,
    },
  ];
}
