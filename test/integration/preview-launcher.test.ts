/**
 * `node preview/cli.ts` as a person runs it (browser opening on): the page's secret goes into a
 * 0600 launcher file, and neither the terminal nor the opener's command line ever carries it.
 * The system opener is a stand-in `xdg-open` on PATH that records its arguments.
 *
 * Needs the built renderer (out/renderer) and a Secret Service (scripts/with-keyring.sh).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_FRAGMENT_KEY } from '../../preview/protocol.ts';
import { launcherTarget } from '../helpers/preview.ts';
import { privateFileProblem } from '../helpers/private-file.ts';

const ROOT = resolve(import.meta.dirname, '../..');

let dir: string;
let child: ChildProcess;
let output = '';
let launcherPath = '';
const exited = { value: false };

async function waitFor<T>(what: string, probe: () => Promise<T | null> | T | null): Promise<T> {
  for (let i = 0; i < 300; i += 1) {
    const value = await probe();
    if (value !== null) return value;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}; output:\n${output}`);
}

beforeAll(async () => {
  if (process.platform !== 'linux') return;
  dir = await mkdtemp(join(tmpdir(), 'latchkey-launcher-cli-'));
  const bin = join(dir, 'bin');
  await mkdir(bin);
  // The stand-in opener: one line per call, its arguments separated by NUL, as cmdline shows them.
  await writeFile(
    join(bin, 'xdg-open'),
    `#!/bin/sh\nprintf '%s\\0' "$@" >> "${join(dir, 'opened')}"\nprintf '\\n' >> "${join(dir, 'opened')}"\n`,
  );
  await chmod(join(bin, 'xdg-open'), 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
    LATCHKEY_DATA_DIR: join(dir, 'data'),
  };
  for (const name of Object.keys(env)) {
    if (name.startsWith('LATCHKEY_') && name !== 'LATCHKEY_DATA_DIR') delete env[name];
  }
  child = spawn(process.execPath, ['preview/cli.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  child.once('exit', () => (exited.value = true));
  createInterface({ input: child.stdout! }).on('line', (line) => (output += `${line}\n`));
  createInterface({ input: child.stderr! }).on('line', (line) => (output += `${line}\n`));
  launcherPath = await waitFor('the launcher path', () => {
    if (exited.value) throw new Error(`the preview exited:\n${output}`);
    return /^Open: (\/\S+\.html)$/m.exec(output)?.[1] ?? null;
  });
});

afterAll(async () => {
  if (child && !exited.value) {
    child.kill('SIGTERM');
    await waitFor('the preview to stop', () => (exited.value ? true : null)).catch(() => {
      child.kill('SIGKILL');
    });
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')(
  'the preview CLI hands its secret over in a file',
  () => {
    it('writes a 0600 launcher in the data folder that leads to the secret URL', async () => {
      expect(launcherPath.startsWith(join(dir, 'data'))).toBe(true);
      expect(privateFileProblem(launcherPath)).toBeNull();
      const url = launcherTarget(await readFile(launcherPath, 'utf8'));
      expect(url).toMatch(
        new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#${SECRET_FRAGMENT_KEY}=[0-9a-f]{64}$`),
      );
    });

    it('opens the launcher by path: the opener never sees the secret', async () => {
      const url = launcherTarget(await readFile(launcherPath, 'utf8'))!;
      const secret = url.split('=').at(-1)!;
      const opened = await waitFor('xdg-open to be called', async () =>
        readFile(join(dir, 'opened'), 'utf8').catch(() => null),
      );
      const calls = opened
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\0').filter(Boolean));
      expect(calls).toEqual([[launcherPath]]);
      expect(opened).not.toContain(secret);
    });

    it('never prints the secret; the page still loads with its CSP', async () => {
      const url = launcherTarget(await readFile(launcherPath, 'utf8'))!;
      const secret = url.split('=').at(-1)!;
      expect(output).not.toContain(secret);
      const page = await fetch(new URL(url).origin + '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/default-src /);
    });

    it('removes the launcher when it stops', async () => {
      child.kill('SIGTERM');
      await waitFor('the preview to stop', () => (exited.value ? true : null));
      await expect(stat(launcherPath)).rejects.toThrow();
    });
  },
);
