/** preview/cli.ts: a wrong argument gets one usage line that says how people run it (npm). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('the preview CLI', () => {
  it('answers an unknown argument with the npm way to pass arguments, and no stack trace', () => {
    const run = spawnSync(process.execPath, ['preview/cli.ts', '--no-such-flag'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LATCHKEY_DATA_DIR: '' },
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    const said = `${run.stdout}${run.stderr}`;
    expect(said).toContain('usage: npm start -- [--port <n>] [--no-open]');
    expect(said).not.toContain('node preview/cli.ts');
    expect(said).not.toMatch(/\n\s+at /);
  });
});
