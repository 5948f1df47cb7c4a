/**
 * scripts/dist.ts with its outside world injected: what it bakes into the package loads with the
 * app's own `loadConfig`, a later build without a client leaves no stale file, and the build tool
 * runs under this Node (`process.execPath`), never through `npx`.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BAKED_CONFIG,
  BUILDER_CONFIG,
  CLIENT_SECRETS,
  ELECTRON_RELEASES,
  NSIS_INCLUDE,
  checksumListed,
  electronCachePath,
  electronCacheRoot,
  electronCachedOffline,
  electronZipUrl,
  runDist,
  type DistDeps,
} from '../../../scripts/dist.ts';
import { binEntry } from '../../../scripts/bin-entry.ts';
import type { BuilderConfig } from '../../../scripts/dist-config.ts';
import { loadConfig } from '../../../main/app/config.ts';

const IOS_ID = '987654321-abcdef.apps.googleusercontent.com';
const DESKTOP_ID = '123-abc.apps.googleusercontent.com';
const SECRET = 'GOCSPX-abcdefghijklmnopqrstuv';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'latchkey-dist-'));
  copyFileSync('electron-builder.yml', join(root, 'electron-builder.yml'));
  copyFileSync('package.json', join(root, 'package.json'));
  const vite = join(root, 'node_modules', 'electron-vite');
  mkdirSync(vite, { recursive: true });
  writeFileSync(
    join(vite, 'package.json'),
    JSON.stringify({ bin: { 'electron-vite': 'bin/electron-vite.js' } }),
  );
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakes(env: NodeJS.ProcessEnv, overrides: Partial<DistDeps> = {}) {
  const runs: Array<{ command: string; args: readonly string[] }> = [];
  const builds: Array<{ config: BuilderConfig; dir: boolean }> = [];
  const errors: string[] = [];
  const deps: DistDeps = {
    root,
    argv: ['--release'],
    env,
    arch: 'arm64',
    platform: 'linux',
    run: (command, args) => runs.push({ command, args }),
    // What electron-builder will read: the file dist wrote, and nothing else.
    build: (options) => {
      const config = JSON.parse(readFileSync(options.config, 'utf8')) as BuilderConfig;
      builds.push({ config, dir: options.dir });
      return Promise.resolve([]);
    },
    electronReachable: () => Promise.resolve(true),
    log: () => {},
    error: (message) => errors.push(message),
    ...overrides,
  };
  return { deps, runs, builds, errors };
}

const baked = () => join(root, BAKED_CONFIG);

/** The macOS targets of a build on Apple silicon: its dmg, and the zip electron-updater reads. */
const MAC_ARM64 = [
  { target: 'dmg', arch: ['arm64'] },
  { target: 'zip', arch: ['arm64'] },
];

describe('npm run dist', () => {
  it('bakes an iOS-type client that the packaged app loads, and registers its scheme', async () => {
    const { deps, builds } = fakes({ LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID });
    expect(await runDist(deps)).toBe(0);
    const config = loadConfig({}, { configFile: baked() });
    expect(config).toMatchObject({
      mode: 'google',
      clientId: IOS_ID,
      clientType: 'ios',
      redirectScheme: 'com.googleusercontent.apps.987654321-abcdef',
    });
    expect(builds).toHaveLength(1);
    expect(builds[0]!.dir).toBe(false);
    expect(builds[0]!.config.protocols?.[0]?.schemes).toEqual([
      'com.googleusercontent.apps.987654321-abcdef',
    ]);
    const include = join(root, NSIS_INCLUDE);
    expect(builds[0]!.config.nsis?.include).toBe(include);
    expect(readFileSync(include, 'utf8')).toContain('!macro customUnInstall');
    expect(builds[0]!.config.mac?.target).toEqual(MAC_ARM64);
  });

  it('bakes a Desktop client with its secret and type, and registers no scheme', async () => {
    const { deps, builds } = fakes({
      LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
      LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET,
    });
    expect(await runDist(deps)).toBe(0);
    expect(JSON.parse(readFileSync(baked(), 'utf8'))).toEqual({
      clientId: DESKTOP_ID,
      clientSecret: SECRET,
      clientType: 'desktop',
    });
    expect(loadConfig({}, { configFile: baked() })).toMatchObject({
      clientType: 'desktop',
      clientSecret: SECRET,
    });
    expect(builds[0]!.config.protocols).toBeUndefined();
    expect(builds[0]!.config.nsis?.include).toBeUndefined();
  });

  it('removes the client an earlier build baked in when the next one has none', async () => {
    await runDist(fakes({ LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID }).deps);
    expect(existsSync(baked())).toBe(true);
    const { deps, errors, builds } = fakes({}, { argv: [] });
    expect(await runDist(deps)).toBe(0);
    expect(existsSync(baked())).toBe(false);
    expect(errors.join('\n')).toMatch(/no Google client configured/);
    expect(builds[0]!.config.protocols).toBeUndefined();
  });

  it('runs electron-vite with this Node, not npx', async () => {
    const { deps, runs } = fakes({}, { argv: [] });
    await runDist(deps);
    expect(runs).toEqual([
      {
        command: process.execPath,
        args: [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      },
    ]);
  });

  it('stops before building when Electron cannot be downloaded', async () => {
    const { deps, runs, builds, errors } = fakes(
      { LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID },
      { electronReachable: () => Promise.resolve(false) },
    );
    expect(await runDist(deps)).toBe(2);
    expect(runs).toEqual([]);
    expect(builds).toEqual([]);
    expect(errors.at(-1)).toMatch(/unreachable/);
  });

  it('refuses a malformed client, naming the setting but not the value', async () => {
    const { deps, runs, errors } = fakes({
      LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
      LATCHKEY_GOOGLE_CLIENT_SECRET: 'x',
    });
    expect(await runDist(deps)).toBe(1);
    expect(runs).toEqual([]);
    expect(errors[0]).toContain('LATCHKEY_GOOGLE_CLIENT_SECRET');
  });

  it("finds electron-vite's real JS entry in this checkout", () => {
    const entry = binEntry(resolve('.'), 'electron-vite');
    expect(entry.endsWith(join('electron-vite', 'bin', 'electron-vite.js'))).toBe(true);
    expect(existsSync(entry)).toBe(true);
  });

  it('passes --e2e on as the inspect fuse and an unpacked build', async () => {
    const { deps, builds } = fakes({}, { argv: ['--e2e'] });
    await runDist(deps);
    expect(builds[0]!.dir).toBe(true);
    expect(builds[0]!.config.electronFuses.enableNodeCliInspectArguments).toBe(true);
  });
});

// electron-builder's and @electron/get's own CommonJS modules, typed as far as we use them.
const require = createRequire(import.meta.url);
const { getConfig, doMergeConfigs } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, path: string | null, config: object | null): Promise<BuilderConfig>;
  doMergeConfigs(configs: object[]): BuilderConfig;
};
const GET = 'app-builder-lib/node_modules/@electron/get/dist/cjs';
const { Cache } = require(`${GET}/Cache.js`) as {
  Cache: new (root: string) => { getCachePath(url: string, file: string): string };
};
const { getArtifactRemoteURL } = require(`${GET}/artifact-utils.js`) as {
  getArtifactRemoteURL(details: object): Promise<string>;
};

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('npm run dist -- --release refuses what cannot ship', () => {
  it('refuses a release without a Google client, in one sentence naming the secrets', async () => {
    const { deps, runs, builds, errors } = fakes({});
    expect(await runDist(deps)).toBe(1);
    expect(runs).toEqual([]);
    expect(builds).toEqual([]);
    expect(errors).toHaveLength(1);
    for (const name of CLIENT_SECRETS) expect(errors[0]).toContain(name);
    expect(errors[0]!.match(/[.!?](\s|$)/g)).toHaveLength(1);
  });

  it("refuses a tag that is not package.json's version, in one sentence", async () => {
    const env = {
      LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID,
      GITHUB_REF_TYPE: 'tag',
      GITHUB_REF_NAME: 'v99.0.0',
    };
    const { deps, runs, builds, errors } = fakes(env);
    expect(await runDist(deps)).toBe(1);
    expect(runs).toEqual([]);
    expect(builds).toEqual([]);
    expect(errors).toEqual([
      `npm run dist -- --release: the tag v99.0.0 is not package.json's version ${VERSION}: ` +
        `tag v${VERSION}, or change the version first.`,
    ]);
  });

  it('builds from the matching tag, and from a branch (a run by hand) without comparing', async () => {
    const client = { LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID };
    const tagged = fakes({ ...client, GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: `v${VERSION}` });
    expect(await runDist(tagged.deps)).toBe(0);
    const branch = fakes({ ...client, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'v2-work' });
    expect(await runDist(branch.deps)).toBe(0);
    expect(branch.builds).toHaveLength(1);
  });

  it('still makes an unpacked app without a client (it asks for one at start)', async () => {
    const { deps, builds } = fakes({}, { argv: [] });
    expect(await runDist(deps)).toBe(0);
    expect(builds[0]!.dir).toBe(true);
  });
});

describe('npm run dist -- --release: signing and the update feed', () => {
  const client = { LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID };

  it('says what the installers lack without signing secrets, as a warning in GitHub Actions', async () => {
    const logs: string[] = [];
    const { deps } = fakes(
      { ...client, GITHUB_ACTIONS: 'true' },
      { platform: 'darwin', log: (m) => logs.push(m) },
    );
    expect(await runDist(deps)).toBe(0);
    const warnings = logs.filter((line) => line.startsWith('::warning title=Unsigned::'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/macOS: the dmg and zip are NOT signed with a Developer ID/);
    // Outside GitHub Actions the same line, plain; and nothing for an unpacked build.
    const plain: string[] = [];
    await runDist(fakes(client, { platform: 'win32', log: (m) => plain.push(m) }).deps);
    expect(plain.filter((line) => /NOT Authenticode-signed/.test(line))).toHaveLength(1);
    expect(plain.some((line) => line.startsWith('::'))).toBe(false);
    const unpacked: string[] = [];
    await runDist(fakes(client, { argv: [], log: (m) => unpacked.push(m) }).deps);
    expect(unpacked.some((line) => /signed|signature/.test(line))).toBe(false);
  });

  it('drops the empty variables an unset secret leaves, so electron-builder skips signing', async () => {
    const env: NodeJS.ProcessEnv = {
      ...client,
      CSC_LINK: '',
      CSC_KEY_PASSWORD: '',
      WIN_CSC_LINK: '',
    };
    const { deps, builds } = fakes(env, { platform: 'darwin' });
    expect(await runDist(deps)).toBe(0);
    expect(env).not.toHaveProperty('CSC_LINK');
    expect(env).not.toHaveProperty('WIN_CSC_LINK');
    // No identity: the fuses keep re-signing the app ad hoc.
    expect(builds[0]!.config.electronFuses.resetAdHocDarwinSignature).toBe(true);
  });

  it('signs with a Developer ID when CSC_LINK is set (no ad-hoc reset)', async () => {
    const { deps, builds } = fakes({ ...client, CSC_LINK: 'cert.p12' }, { platform: 'darwin' });
    expect(await runDist(deps)).toBe(0);
    expect(builds[0]!.config.electronFuses).not.toHaveProperty('resetAdHocDarwinSignature');
  });

  it('names the repository the workflow runs in as the feed, and uses Azure only on Windows', async () => {
    const azure = {
      AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net',
      AZURE_SIGN_ACCOUNT: 'latchkey',
      AZURE_SIGN_PROFILE: 'public',
      AZURE_SIGN_PUBLISHER: 'Latchkey maintainers',
    };
    const env = { ...client, ...azure, GITHUB_REPOSITORY: 'latchkey-dev/latchkey' };
    const windows = fakes({ ...env }, { platform: 'win32' });
    await runDist(windows.deps);
    expect(windows.builds[0]!.config.publish).toMatchObject({
      provider: 'github',
      owner: 'latchkey-dev',
      repo: 'latchkey',
    });
    expect(windows.builds[0]!.config.win).toMatchObject({
      azureSignOptions: { codeSigningAccountName: 'latchkey' },
    });
    const linux = fakes({ ...env });
    await runDist(linux.deps);
    expect(linux.builds[0]!.config.win).not.toHaveProperty('azureSignOptions');
  });
});

describe("electron-builder reads exactly dist-config's configuration", () => {
  it('gets a path, so electron-builder.yml is not merged in again', async () => {
    let path = '';
    const { deps } = fakes(
      { LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID },
      {
        build: (options) => {
          path = options.config;
          return Promise.resolve([]);
        },
      },
    );
    expect(await runDist(deps)).toBe(0);
    expect(path).toBe(join(root, BUILDER_CONFIG));
    const produced = JSON.parse(readFileSync(path, 'utf8')) as BuilderConfig;
    // What Packager.validateConfig does with a string `config`, in the project dist runs in.
    const merged = await getConfig(root, path, null);
    const { files, ...rest } = merged;
    const { files: producedFiles, ...producedRest } = produced;
    expect(rest).toEqual(producedRest);
    // electron-builder's only change: string patterns normalized into one file set.
    expect(files).toEqual([{ filter: producedFiles }]);
    expect(merged).toEqual(doMergeConfigs([structuredClone(produced)]));
  });

  it('would merge the yml under a config object, concatenating arrays (why a path)', async () => {
    const { deps, builds } = fakes({ LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID });
    await runDist(deps);
    const produced = builds[0]!.config;
    const merged = await getConfig(root, null, structuredClone(produced));
    expect(produced.mac?.target).toEqual(MAC_ARM64);
    expect(merged.mac?.target).toEqual(['dmg', 'zip', ...MAC_ARM64]);
  });
});

describe("Electron's download cache, as @electron/get keeps it", () => {
  const artifact = { version: '45.4.1', platform: 'linux', arch: 'x64' };
  const zip = 'electron-v45.4.1-linux-x64.zip';

  it('downloads from the URL @electron/get computes (release host or a mirror)', async () => {
    vi.stubEnv('ELECTRON_MIRROR', '');
    const details = { ...artifact, version: 'v45.4.1', artifactName: 'electron' };
    expect(electronZipUrl(artifact, {})).toBe(`${ELECTRON_RELEASES}v45.4.1/${zip}`);
    expect(electronZipUrl(artifact, {})).toBe(await getArtifactRemoteURL(details));
    const mirror = 'https://mirror.example/electron/';
    vi.stubEnv('ELECTRON_MIRROR', mirror);
    expect(electronZipUrl(artifact, { ELECTRON_MIRROR: mirror })).toBe(
      await getArtifactRemoteURL(details),
    );
    vi.unstubAllEnvs();
  });

  it('looks for <root>/<sha256 of the URL folder>/<zip>, the path Cache.js uses', () => {
    for (const url of [
      electronZipUrl(artifact, {}),
      electronZipUrl(artifact, { ELECTRON_MIRROR: 'https://mirror.example/e/' }),
    ]) {
      expect(electronCachePath('/cache', url)).toBe(new Cache('/cache').getCachePath(url, zip));
    }
    expect(dirname(electronCachePath('/cache', electronZipUrl(artifact, {})))).toMatch(
      /^\/cache\/[0-9a-f]{64}$/,
    );
  });

  it("finds the cache root where env-paths('electron') puts it on each OS", () => {
    expect(electronCacheRoot('linux', {}, '/home/u')).toBe('/home/u/.cache/electron');
    expect(electronCacheRoot('linux', { XDG_CACHE_HOME: '/x' }, '/home/u')).toBe('/x/electron');
    expect(electronCacheRoot('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Caches/electron');
    expect(
      electronCacheRoot('win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u'),
    ).toBe('C:\\Users\\u\\AppData\\Local\\electron\\Cache');
  });

  it('counts a cached zip as offline-ready only with its checksum seeded at the root', () => {
    const cache = join(root, 'cache');
    const url = electronZipUrl(artifact, {});
    const line = `${'a'.repeat(64)} *${zip}\n`;
    // The old check: a zip at the cache root is not where @electron/get looks.
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, zip), 'zip');
    expect(electronCachedOffline(artifact, cache, {})).toBe(false);
    const cached = electronCachePath(cache, url);
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(cached, 'zip');
    // Cached, but @electron/get would still download SHASUMS256.txt to check it.
    expect(electronCachedOffline(artifact, cache, {})).toBe(false);
    writeFileSync(join(cache, 'SHASUMS256.txt-45.4.1'), `${'b'.repeat(64)} *other.zip\n`);
    expect(electronCachedOffline(artifact, cache, {})).toBe(false);
    writeFileSync(join(cache, 'SHASUMS256.txt-45.4.1'), line);
    expect(electronCachedOffline(artifact, cache, {})).toBe(true);
  });

  it('reads SHASUMS256 lines in binary and text mode', () => {
    expect(checksumListed(`${'a'.repeat(64)} *${zip}`, zip)).toBe(true);
    expect(checksumListed(`${'A'.repeat(64)}  ${zip}\r\n`, zip)).toBe(true);
    expect(checksumListed(`${'a'.repeat(63)} *${zip}`, zip)).toBe(false);
    expect(checksumListed(`${'a'.repeat(64)} *${zip}.sig`, zip)).toBe(false);
  });
});
