/** The terminal's edges: npm swallowing options, a second preview, a stale build, no keyring. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  alreadyRunning,
  removeLock,
  runningPreview,
  writeLock,
} from '../../../preview/instance-lock.ts';
import { BUILD_INPUTS, BUILD_OUTPUTS, staleReason } from '../../../scripts/build-state.ts';
import { swallowedByNpm } from '../../../scripts/npm-args.ts';
import { missingSecretService } from '../../../scripts/start.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-edges-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('swallowedByNpm', () => {
  it('names the option npm kept and how to write it', () => {
    const env = { npm_lifecycle_event: 'start', npm_config_port: 'true' };
    expect(swallowedByNpm(env, ['5000'])).toBe(
      "npm kept --port 5000 for itself (options before `--` are npm's): run `npm start -- --port 5000` instead.",
    );
    expect(swallowedByNpm({ npm_lifecycle_event: 'preview', npm_config_open: '' }, [])).toContain(
      '`npm run preview -- --no-open`',
    );
  });

  it('says nothing when the options came after -- or npm is not involved', () => {
    expect(swallowedByNpm({ npm_lifecycle_event: 'start' }, ['--port', '5000'])).toBeNull();
    expect(swallowedByNpm({ npm_config_port: 'true' }, ['5000'])).toBeNull();
  });
});

describe('the preview lock', () => {
  it('names a running preview, ignores a stale lock and its own', () => {
    const dir = tempDir();
    expect(runningPreview(dir)).toBeNull();
    writeLock(dir, '/data/open-preview.html');
    // Our own lock is not "another preview".
    expect(runningPreview(dir)).toBeNull();
    // A live process that is not us (the parent), with its launcher.
    writeFileSync(
      join(dir, 'preview.lock'),
      JSON.stringify({ pid: process.ppid, launcher: '/data/open-preview.html' }),
    );
    const lock = runningPreview(dir);
    expect(lock?.pid).toBe(process.ppid);
    expect(alreadyRunning(dir, lock!)).toContain('open it with /data/open-preview.html');
    // Not ours: removeLock leaves it.
    removeLock(dir);
    expect(runningPreview(dir)).not.toBeNull();
    // A process that is gone: stale.
    writeFileSync(join(dir, 'preview.lock'), JSON.stringify({ pid: 2 ** 22 + 7 }));
    expect(runningPreview(dir)).toBeNull();
  });
});

describe('staleReason', () => {
  it('is null only when every output is newer than every input', () => {
    const root = tempDir();
    const write = (path: string, seconds: number): void => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), 'x');
      utimesSync(join(root, path), seconds, seconds);
    };
    expect(staleReason(root)).toMatch(/missing/);
    for (const input of BUILD_INPUTS) write(input.includes('.') ? input : `${input}/a.ts`, 1_000);
    for (const output of BUILD_OUTPUTS) write(output, 2_000);
    expect(staleReason(root)).toBeNull();
    write('renderer/src/new.svelte', 3_000);
    expect(staleReason(root)).toBe('sources changed since the last build');
  });
});

describe('missingSecretService', () => {
  it('is a reason on Linux without a session bus or a Secret Service', () => {
    expect(missingSecretService({}, 'linux', () => true)).toBe('no D-Bus session is running');
    const bus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/bus' };
    expect(missingSecretService(bus, 'linux', () => false)).toMatch(/org\.freedesktop\.secrets/);
    expect(missingSecretService(bus, 'linux', () => true)).toBeNull();
    expect(missingSecretService({}, 'darwin', () => false)).toBeNull();
    expect(
      missingSecretService({ LATCHKEY_KEYRING_STARTED: '1' }, 'linux', () => false),
    ).toBeNull();
  });
});
