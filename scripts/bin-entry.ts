import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The JS entry of an npm package's command (its package.json `bin`), so it runs with
 * `process.execPath`: spawning `npx` needs a shell on Windows (`npx.cmd`).
 */
export function binEntry(root: string, pkg: string, command = pkg): string {
  const dir = join(root, 'node_modules', pkg);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[command];
  if (!bin) throw new Error(`${pkg} has no "${command}" command`);
  return resolve(dir, bin);
}
