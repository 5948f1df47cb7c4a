/**
 * `npm run dist`: builds the app and packages it with electron-builder.
 *   npm run dist                 unpacked app in dist/ (quick check of a package)
 *   npm run dist -- --release    the installers for this OS (AppImage + deb, dmg, nsis)
 *   npm run dist -- --e2e        unpacked, with the CLI inspect fuse on for Playwright's _electron
 * The publisher's Google client comes from LATCHKEY_GOOGLE_CLIENT_ID (and _SECRET for a "Desktop
 * app" client, _TYPE to say which) or LATCHKEY_CONFIG, and is baked into out/latchkey.config.json
 * in the shape `loadConfig` reads; without one the package can only show the configuration error,
 * because the local test Google is not shipped.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, posix, resolve, win32 } from 'node:path';
import {
  azureSignOptions,
  builderConfig,
  dropEmptySigningEnv,
  macSigningConfigured,
  nsisSchemeInclude,
  readBaseConfig,
  redirectSchemeOf,
  unsignedReport,
  type BuildClient,
  type BuilderConfig,
} from './dist-config.ts';
import { ConfigError, configuredClient } from '../main/app/config.ts';
import { binEntry } from './bin-entry.ts';

/** Where `npm run dist` writes the baked-in client, relative to the project. */
export const BAKED_CONFIG = join('out', 'latchkey.config.json');
/** Where the generated NSIS include goes (outside out/, so it is never packed into the app). */
export const NSIS_INCLUDE = join('dist', '.latchkey', 'installer.nsh');
/**
 * The one configuration electron-builder reads. Given a config *object*, electron-builder's
 * Packager.validateConfig reads electron-builder.yml from the project again and deep-assigns the
 * object onto it (arrays are concatenated: `mac.target` would become `['dmg', {dmg, arm64}]`);
 * given a config *path*, it reads only that file (app-builder-lib util/config/load.js getConfig).
 */
export const BUILDER_CONFIG = join('dist', '.latchkey', 'electron-builder.json');

/** The secrets a release build takes its Google client from (release.yml). */
export const CLIENT_SECRETS = [
  'LATCHKEY_GOOGLE_CLIENT_ID',
  'LATCHKEY_GOOGLE_CLIENT_SECRET',
  'LATCHKEY_GOOGLE_CLIENT_TYPE',
] as const;

/** Everything dist does to the world, so a test can run it with fakes. */
export interface DistDeps {
  root: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  arch: string;
  /** `process.platform` of the build machine. */
  platform: NodeJS.Platform;
  /** Runs a program to completion with inherited output; throws when it fails. */
  run(command: string, args: readonly string[]): void;
  /** electron-builder's `build()`, given the path of the final configuration ({@link BUILDER_CONFIG}). */
  build(options: { config: string; dir: boolean; publish: 'never' }): Promise<unknown>;
  /** Whether electron-builder can get Electron (cached, or its host answers). */
  electronReachable(): Promise<boolean>;
  log(message: string): void;
  error(message: string): void;
}

/** Writes the client as `loadConfig` reads it, or removes a file left by an earlier build. */
export function bakeClient(root: string, client: BuildClient | null): void {
  const path = join(root, BAKED_CONFIG);
  if (!client) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  // A desktop app's client ID and "secret" are not confidential (RFC 8252 §8.5).
  const file: BuildClient = {
    clientId: client.clientId,
    ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
    clientType: client.clientType,
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

/**
 * Why a release build must not go on, or null: a release without a Google client would ship
 * installers that cannot sign in, and a `v*` tag that is not package.json's version would ship
 * installers named and versioned unlike their tag. The tag is GitHub's (GITHUB_REF_TYPE=tag,
 * GITHUB_REF_NAME=v1.2.3); a run by hand from a branch has none to compare.
 */
export function releaseRefusal(
  client: BuildClient | null,
  env: NodeJS.ProcessEnv,
  version: string,
): string | null {
  if (!client) {
    return (
      'a release needs the Google client the installers sign in with: set the repository ' +
      `secrets ${CLIENT_SECRETS.join(', ')} (see README "Building packages with your client").`
    );
  }
  const tag = env.GITHUB_REF_TYPE === 'tag' ? (env.GITHUB_REF_NAME ?? '') : '';
  if (tag.startsWith('v') && tag !== `v${version}`) {
    return `the tag ${tag} is not package.json's version ${version}: tag v${version}, or change the version first.`;
  }
  return null;
}

/** package.json's version in the project. */
function projectVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '';
}

/** The client from the build environment, or the ConfigError's sentence. */
function buildClient(env: NodeJS.ProcessEnv): { client: BuildClient | null } | { error: string } {
  try {
    // The build environment only: a config file in the user-data folder is not the publisher's.
    return { client: configuredClient(env) };
  } catch (error) {
    if (error instanceof ConfigError) return { error: error.message };
    throw error;
  }
}

/** Writes the final electron-builder configuration where electron-builder reads it; its path. */
export function writeBuilderConfig(root: string, config: BuilderConfig): string {
  const path = join(root, BUILDER_CONFIG);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

/** Runs `npm run dist`; resolves to the exit code. */
export async function runDist(deps: DistDeps): Promise<number> {
  const args = new Set(deps.argv);
  const release = args.has('--release');
  const e2e = args.has('--e2e');
  const found = buildClient(deps.env);
  if ('error' in found) {
    deps.error(`npm run dist: ${found.error}`);
    return 1;
  }
  const { client } = found;
  if (release) {
    const refusal = releaseRefusal(client, deps.env, projectVersion(deps.root));
    if (refusal) {
      deps.error(`npm run dist -- --release: ${refusal}`);
      return 1;
    }
  }
  if (!client) {
    deps.error(
      'npm run dist: no Google client configured (LATCHKEY_GOOGLE_CLIENT_ID). The package will ' +
        'ask for one at start; see README "Google Cloud set-up".',
    );
  }
  if (!(await deps.electronReachable())) {
    deps.error(
      "npm run dist: cannot package here: Electron's download (GitHub releases or ELECTRON_MIRROR) " +
        "is unreachable from this machine and @electron/get's cache has no Electron zip with its " +
        'checksums for it. `npm start` (browser preview) and `npm test` work without it.',
    );
    return 2;
  }
  deps.run(process.execPath, [binEntry(deps.root, 'electron-vite'), 'build']);
  bakeClient(deps.root, client);
  const scheme = redirectSchemeOf(client);
  let nsisInclude: string | undefined;
  if (scheme) {
    nsisInclude = join(deps.root, NSIS_INCLUDE);
    mkdirSync(dirname(nsisInclude), { recursive: true });
    writeFileSync(nsisInclude, nsisSchemeInclude([scheme]));
  }
  const base = readBaseConfig(join(deps.root, 'electron-builder.yml'));
  // electron-builder reads the signing variables from the environment itself.
  dropEmptySigningEnv(deps.env);
  const azureSign = deps.platform === 'win32' ? azureSignOptions(deps.env) : null;
  const host = {
    arch: deps.arch,
    platform: deps.platform,
    macSigning: macSigningConfigured(deps.env, base),
    ...(nsisInclude ? { nsisInclude } : {}),
    ...(deps.env.GITHUB_REPOSITORY ? { repository: deps.env.GITHUB_REPOSITORY } : {}),
    ...(azureSign ? { azureSign } : {}),
  };
  if (release) {
    const annotation = deps.env.GITHUB_ACTIONS === 'true' ? '::warning title=Unsigned::' : '';
    for (const line of unsignedReport(deps.platform, deps.env, base))
      deps.log(`${annotation}npm run dist -- --release: ${line}`);
  }
  const config = builderConfig(base, client, host, { e2e });
  await deps.build({
    config: writeBuilderConfig(deps.root, config),
    dir: !release,
    publish: 'never',
  });
  deps.log(`npm run dist: ${release ? 'installers' : 'unpacked app'} in dist/`);
  return 0;
}

/** Where electron-builder gets Electron from, as @electron/get resolves it. */
export interface ElectronArtifact {
  version: string;
  platform: string;
  arch: string;
}

/** The default release host of @electron/get (artifact-utils.js BASE_URL). */
export const ELECTRON_RELEASES = 'https://github.com/electron/electron/releases/download/';

/**
 * One of @electron/get's mirror settings, looked up in its order (artifact-utils.js mirrorVar):
 * .npmrc (`electron_<name>`), package.json config, then ELECTRON_<NAME>.
 */
function mirrorVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    undefined
  );
}

/** The URL @electron/get downloads the Electron zip from (artifact-utils.js getArtifactRemoteURL). */
export function electronZipUrl(artifact: ElectronArtifact, env: NodeJS.ProcessEnv): string {
  const version = artifact.version.replace(/^v/, '');
  const base = mirrorVar(env, 'mirror') ?? ELECTRON_RELEASES;
  const dir = (mirrorVar(env, 'customDir') ?? `v${version}`).replace('{{ version }}', version);
  const file =
    mirrorVar(env, 'customFilename') ??
    `electron-v${version}-${artifact.platform}-${artifact.arch}.zip`;
  return `${base}${dir}/${file}`;
}

/**
 * @electron/get's cache root (Cache.js: env-paths('electron', {suffix: ''}).cache): ~/.cache/electron
 * (or $XDG_CACHE_HOME/electron) on Linux, ~/Library/Caches/electron on macOS,
 * %LOCALAPPDATA%\electron\Cache on Windows. electron-builder passes no other root unless the
 * configuration has `electronDownload.cache`. `electron_config_cache` is read only by the
 * `electron` package's own postinstall (electron/install.js), and ELECTRON_CACHE by neither.
 */
export function electronCacheRoot(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
): string {
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') {
    return win32.join(
      env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'),
      'electron',
      'Cache',
    );
  }
  return posix.join(env.XDG_CACHE_HOME || posix.join(home, '.cache'), 'electron');
}

/**
 * Where @electron/get keeps a downloaded file: `<root>/<sha256 of the URL's folder>/<file>`
 * (Cache.js getCacheDirectory: the URL without query, hash and file name, hashed).
 */
export function electronCachePath(root: string, url: string): string {
  const parsed = new URL(url);
  const folder = `${parsed.protocol}//${parsed.host}${posix.dirname(parsed.pathname)}`;
  const hash = createHash('sha256').update(folder).digest('hex');
  return join(root, hash, posix.basename(parsed.pathname));
}

/**
 * Whether electron-builder can package without the network: the zip is in the cache, and its
 * checksum is seeded at the cache root (SHASUMS256.txt-<version> or SHASUMS256.txt). Without a
 * seeded checksum @electron/get downloads SHASUMS256.txt on every build, cache hit or not
 * (index.js validateArtifact, app-builder-lib util/electronGet.js resolveSeededChecksums).
 */
export function electronCachedOffline(
  artifact: ElectronArtifact,
  root: string,
  env: NodeJS.ProcessEnv,
): boolean {
  const url = electronZipUrl(artifact, env);
  if (!existsSync(electronCachePath(root, url))) return false;
  const file = posix.basename(new URL(url).pathname);
  const version = artifact.version.replace(/^v/, '');
  return [`SHASUMS256.txt-${version}`, 'SHASUMS256.txt'].some((name) => {
    const path = join(root, name);
    return existsSync(path) && checksumListed(readFileSync(path, 'utf8'), file);
  });
}

/**
 * Whether a SHASUMS256 file has a line for `file`: `<sha256> *<file>` or `<sha256>  <file>`
 * (app-builder-lib util/electronGet.js parseChecksumFile).
 */
export function checksumListed(shasums: string, file: string): boolean {
  return shasums
    .split('\n')
    .some((line) => /^[a-fA-F0-9]{64}\s+\*?(.+)$/.exec(line.trim())?.[1] === file);
}

/** Electron's download is reachable when it is cached for offline use or its host answers. */
async function electronDownloadReachable(root: string): Promise<boolean> {
  const electron = JSON.parse(
    readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ) as { version: string };
  const artifact = { version: electron.version, platform: process.platform, arch: process.arch };
  const cache = electronCacheRoot(process.platform, process.env, homedir());
  if (electronCachedOffline(artifact, cache, process.env)) return true;
  try {
    await fetch(electronZipUrl(artifact, process.env), {
      method: 'HEAD',
      signal: AbortSignal.timeout(5000),
    });
    return true;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const root = resolve(import.meta.dirname, '..');
  const { build } = await import('electron-builder');
  process.exitCode = await runDist({
    root,
    argv: process.argv.slice(2),
    env: process.env,
    arch: process.arch,
    platform: process.platform,
    run: (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' }),
    build: (options) => build({ ...options, projectDir: root }),
    electronReachable: () => electronDownloadReachable(root),
    log: (message) => console.log(message),
    error: (message) => console.error(message),
  });
}
