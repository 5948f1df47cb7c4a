/**
 * main/app/data-dir.ts: a data folder an older version left open is closed on start — the folder
 * and its subfolders 0700, every file directly in it 0600 — with real files and real modes.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tightenDataDir } from '../../../main/app/data-dir.ts';
import { privateFileProblem } from '../../helpers/private-file.ts';

const posix = process.platform !== 'win32';
let root: string | null = null;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
});

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('tightenDataDir (POSIX modes)', () => {
  beforeEach(({ skip }) =>
    skip(!posix, 'Windows has no POSIX mode bits: it keeps others out with ACLs, not modes'),
  );
  it('makes an open folder 0700 and every file in it 0600, leaving what a link points to alone', () => {
    root = mkdtempSync(join(tmpdir(), 'latchkey-datadir-'));
    const dir = join(root, 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const name of ['metadata.json', 'demo-google.json', 'open-preview.html']) {
      writeFileSync(join(dir, name), '{}', { mode: 0o644 });
      chmodSync(join(dir, name), 0o644);
    }
    mkdirSync(join(dir, 'Cache'), { mode: 0o755 });
    chmodSync(join(dir, 'Cache'), 0o755);
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'x', { mode: 0o644 });
    chmodSync(outside, 0o644);
    symlinkSync(outside, join(dir, 'link'));

    expect(privateFileProblem(join(dir, 'metadata.json'))).not.toBeNull();
    expect(tightenDataDir(dir)).toBe(5);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, 'Cache'))).toBe(0o700);
    for (const name of ['metadata.json', 'demo-google.json', 'open-preview.html']) {
      expect(privateFileProblem(join(dir, name))).toBeNull();
      expect(modeOf(join(dir, name))).toBe(0o600);
    }
    expect(modeOf(outside)).toBe(0o644);
    // A second start finds nothing to change.
    expect(tightenDataDir(dir)).toBe(0);
  });

  it('a folder that is not there is no error', () => {
    root = mkdtempSync(join(tmpdir(), 'latchkey-datadir-'));
    expect(tightenDataDir(join(root, 'missing'))).toBe(0);
  });
});
