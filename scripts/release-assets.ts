/**
 * `node scripts/release-assets.ts <downloaded> <assets>`: turns the installers each OS job of
 * release.yml uploaded (one folder per job, as actions/download-artifact writes them) into the
 * files of one GitHub Release, in <assets>:
 *   - every installer, blockmap and update-metadata file, each name once;
 *   - latest-mac.yml merged from the two macOS jobs (arm64 and x64): each job's electron-builder
 *     wrote one listing only its own zip and dmg, and electron-updater's MacUpdater picks the file
 *     for the Mac it runs on from one list (arm64 names contain "arm64");
 *   - SHA256SUMS, in `sha256sum` format (`sha256sum -c SHA256SUMS` checks a download), which the
 *     provenance attestation then covers file by file.
 * It refuses (exit 1) when a file the release must have is missing: the release is never drafted.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** What every release holds, one pattern per kind of file, with how many of each. */
export const REQUIRED_ASSETS: ReadonlyArray<{ what: string; pattern: RegExp; count: number }> = [
  { what: 'the AppImage', pattern: /^Latchkey-.+-linux-x86_64\.AppImage$/, count: 1 },
  { what: 'the deb', pattern: /^Latchkey-.+-linux-amd64\.deb$/, count: 1 },
  { what: 'the dmgs (arm64, x64)', pattern: /^Latchkey-.+-mac-(arm64|x64)\.dmg$/, count: 2 },
  { what: 'the zips (arm64, x64)', pattern: /^Latchkey-.+-mac-(arm64|x64)\.zip$/, count: 2 },
  { what: 'the NSIS installer', pattern: /^Latchkey-.+-win-x64\.exe$/, count: 1 },
  { what: 'the blockmaps', pattern: /\.(dmg|zip|exe)\.blockmap$/, count: 5 },
  { what: 'latest.yml', pattern: /^latest\.yml$/, count: 1 },
  { what: 'latest-mac.yml', pattern: /^latest-mac\.yml$/, count: 1 },
  { what: 'latest-linux.yml', pattern: /^latest-linux\.yml$/, count: 1 },
  { what: 'SHA256SUMS', pattern: /^SHA256SUMS$/, count: 1 },
];

/** One file of electron-builder's update info (updateInfoBuilder.js createUpdateInfo). */
interface UpdateFile {
  url: string;
  sha512: string;
  size?: number;
  [key: string]: unknown;
}
interface UpdateInfo {
  version: string;
  files: UpdateFile[];
  path?: string;
  sha512?: string;
  releaseDate?: string;
  [key: string]: unknown;
}

/**
 * One latest-mac.yml from the per-architecture ones: the same version, every file once, and the
 * legacy top-level `path`/`sha512` (read only by electron-updater before 2.15) naming the x64 zip,
 * as electron-builder itself orders them (zip first, writeUpdateInfoFiles).
 */
export function mergeMacUpdateInfo(texts: readonly string[]): string {
  const infos = texts.map((text) => parse(text) as UpdateInfo);
  const versions = new Set(infos.map((info) => info.version));
  if (versions.size !== 1)
    throw new Error(`latest-mac.yml versions differ: ${[...versions].join(', ')}`);
  const files = new Map<string, UpdateFile>();
  for (const info of infos) for (const file of info.files) files.set(file.url, file);
  const ordered = [...files.values()].sort(
    (a, b) =>
      Number(a.url.includes('arm64')) - Number(b.url.includes('arm64')) ||
      Number(!a.url.endsWith('.zip')) - Number(!b.url.endsWith('.zip')) ||
      a.url.localeCompare(b.url),
  );
  const legacy = ordered.find((file) => file.url.endsWith('.zip')) ?? ordered[0]!;
  const dates = infos.map((info) => info.releaseDate ?? '').sort();
  const merged: UpdateInfo = {
    ...infos[0]!,
    version: infos[0]!.version,
    files: ordered,
    path: legacy.url,
    sha512: legacy.sha512,
    releaseDate: dates[dates.length - 1] || undefined,
  };
  if (!merged.releaseDate) delete merged.releaseDate;
  return stringify(merged);
}

/** `sha256sum` lines for the files, sorted by name. */
export function sha256sums(files: ReadonlyArray<{ name: string; content: Buffer }>): string {
  return [...files]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, content }) => `${createHash('sha256').update(content).digest('hex')}  ${name}\n`)
    .join('');
}

/** Which required files are missing or too few/many among `names`: one sentence each. */
export function missingAssets(names: readonly string[]): string[] {
  return REQUIRED_ASSETS.flatMap(({ what, pattern, count }) => {
    const found = names.filter((name) => pattern.test(name)).length;
    return found === count ? [] : [`${what}: expected ${count}, found ${found}`];
  });
}

/** Collects the downloaded job folders into `out`; returns the asset names. */
export function collectAssets(downloaded: string, out: string): string[] {
  mkdirSync(out, { recursive: true });
  const macInfos: string[] = [];
  const names = new Set<string>();
  for (const job of readdirSync(downloaded).sort()) {
    const dir = join(downloaded, job);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isFile()) continue;
      if (name === 'latest-mac.yml') {
        macInfos.push(readFileSync(path, 'utf8'));
        continue;
      }
      if (names.has(name)) throw new Error(`${name} was uploaded by two jobs`);
      names.add(name);
      copyFileSync(path, join(out, name));
    }
  }
  if (macInfos.length > 0) {
    writeFileSync(join(out, 'latest-mac.yml'), mergeMacUpdateInfo(macInfos));
    names.add('latest-mac.yml');
  }
  const files = [...names].map((name) => ({ name, content: readFileSync(join(out, name)) }));
  writeFileSync(join(out, 'SHA256SUMS'), sha256sums(files));
  names.add('SHA256SUMS');
  return [...names].sort();
}

if (import.meta.main) {
  const [downloaded, out] = process.argv.slice(2);
  if (!downloaded || !out) {
    console.error('usage: node scripts/release-assets.ts <downloaded artifacts> <assets>');
    process.exit(2);
  }
  const names = collectAssets(downloaded, out);
  for (const name of names) console.log(`release asset: ${basename(name)}`);
  const missing = missingAssets(names);
  if (missing.length > 0) {
    for (const line of missing) console.error(`release-assets: missing ${line}`);
    process.exitCode = 1;
  }
}
