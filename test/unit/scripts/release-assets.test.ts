/**
 * scripts/release-assets.ts: what the publish job of release.yml turns the per-OS artifacts into
 * (one latest-mac.yml for both Macs, SHA256SUMS, nothing missing).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  collectAssets,
  mergeMacUpdateInfo,
  missingAssets,
  sha256sums,
} from '../../../scripts/release-assets.ts';

/** A latest-mac.yml as electron-builder writes it for one architecture (zip first). */
function macInfo(arch: string, date: string): string {
  const file = (ext: string) => ({
    url: `Latchkey-0.1.0-mac-${arch}.${ext}`,
    sha512: `${arch}-${ext}`,
    size: 1,
  });
  return stringify({
    version: '0.1.0',
    files: [file('zip'), file('dmg')],
    path: `Latchkey-0.1.0-mac-${arch}.zip`,
    sha512: `${arch}-zip`,
    releaseDate: date,
  });
}

/** What the five jobs upload, each in its own folder (download-artifact without merge). */
const JOBS: Record<string, Record<string, string>> = {
  'installers-ubuntu-latest': {
    'Latchkey-0.1.0-linux-x86_64.AppImage': 'appimage',
    'Latchkey-0.1.0-linux-amd64.deb': 'deb',
    'latest-linux.yml': 'version: 0.1.0\n',
  },
  'installers-macos-latest': {
    'Latchkey-0.1.0-mac-arm64.dmg': 'dmg arm64',
    'Latchkey-0.1.0-mac-arm64.dmg.blockmap': 'b',
    'Latchkey-0.1.0-mac-arm64.zip': 'zip arm64',
    'Latchkey-0.1.0-mac-arm64.zip.blockmap': 'b',
    'latest-mac.yml': macInfo('arm64', '2026-12-03T10:00:00.000Z'),
  },
  'installers-macos-15-intel': {
    'Latchkey-0.1.0-mac-x64.dmg': 'dmg x64',
    'Latchkey-0.1.0-mac-x64.dmg.blockmap': 'b',
    'Latchkey-0.1.0-mac-x64.zip': 'zip x64',
    'Latchkey-0.1.0-mac-x64.zip.blockmap': 'b',
    'latest-mac.yml': macInfo('x64', '2026-12-03T10:05:00.000Z'),
  },
  'installers-windows-latest': {
    'Latchkey-0.1.0-win-x64.exe': 'exe',
    'Latchkey-0.1.0-win-x64.exe.blockmap': 'b',
    'latest.yml': 'version: 0.1.0\n',
  },
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'latchkey-assets-'));
  for (const [job, files] of Object.entries(JOBS)) {
    mkdirSync(join(root, 'downloaded', job), { recursive: true });
    for (const [name, content] of Object.entries(files))
      writeFileSync(join(root, 'downloaded', job, name), content);
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('release assets', () => {
  it('collects every file once, with one latest-mac.yml and SHA256SUMS, nothing missing', () => {
    const names = collectAssets(join(root, 'downloaded'), join(root, 'assets'));
    expect(names).toHaveLength(16);
    expect(names).toContain('latest-mac.yml');
    expect(names).toContain('SHA256SUMS');
    expect(missingAssets(names)).toEqual([]);
    // Each line checks with `sha256sum -c`: "<hex>  <name>", every asset but itself.
    const sums = readFileSync(join(root, 'assets', 'SHA256SUMS'), 'utf8')
      .trim()
      .split('\n');
    expect(sums).toHaveLength(15);
    const exe = createHash('sha256').update('exe').digest('hex');
    expect(sums).toContain(`${exe}  Latchkey-0.1.0-win-x64.exe`);
    expect(sums.some((line) => line.endsWith('SHA256SUMS'))).toBe(false);
  });

  it('merges the two Macs: both zips and dmgs, x64 zip as the legacy path, the later date', () => {
    const merged = parse(
      mergeMacUpdateInfo([
        macInfo('arm64', '2026-12-03T10:00:00.000Z'),
        macInfo('x64', '2026-12-03T10:05:00.000Z'),
      ]),
    ) as { files: Array<{ url: string }>; path: string; sha512: string; releaseDate: string };
    expect(merged.files.map((f) => f.url)).toEqual([
      'Latchkey-0.1.0-mac-x64.zip',
      'Latchkey-0.1.0-mac-x64.dmg',
      'Latchkey-0.1.0-mac-arm64.zip',
      'Latchkey-0.1.0-mac-arm64.dmg',
    ]);
    expect(merged.path).toBe('Latchkey-0.1.0-mac-x64.zip');
    expect(merged.sha512).toBe('x64-zip');
    expect(merged.releaseDate).toBe('2026-12-03T10:05:00.000Z');
    const other = macInfo('x64', 'x').replace('version: 0.1.0', 'version: 0.2.0');
    expect(() => mergeMacUpdateInfo([macInfo('arm64', 'x'), other])).toThrow(/versions differ/);
  });

  it('refuses a release with a file missing (a Mac that did not build), naming it', () => {
    rmSync(join(root, 'downloaded', 'installers-macos-15-intel'), { recursive: true });
    const names = collectAssets(join(root, 'downloaded'), join(root, 'assets'));
    expect(missingAssets(names)).toEqual([
      'the dmgs (arm64, x64): expected 2, found 1',
      'the zips (arm64, x64): expected 2, found 1',
      'the blockmaps: expected 5, found 3',
    ]);
  });

  it('refuses the same file from two jobs', () => {
    writeFileSync(join(root, 'downloaded', 'installers-macos-latest', 'latest.yml'), 'x');
    expect(() => collectAssets(join(root, 'downloaded'), join(root, 'assets'))).toThrow(
      /latest\.yml was uploaded by two jobs/,
    );
  });

  it('writes sha256sum lines sorted by name', () => {
    expect(
      sha256sums([
        { name: 'b', content: Buffer.from('') },
        { name: 'a', content: Buffer.from('') },
      ]),
    ).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a\n' +
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b\n',
    );
  });
});
