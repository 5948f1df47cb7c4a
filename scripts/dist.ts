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
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  builderConfig,
  nsisSchemeInclude,
  readBaseConfig,
  redirectSchemeOf,
  type BuildClient,
  type BuilderConfig,
} from './dist-config.ts';
import { ConfigError, configuredClient } from '../main/app/config.ts';
import { binEntry } from './bin-entry.ts';

/** Where `npm run dist` writes the baked-in client, relative to the project. */
export const BAKED_CONFIG = join('out', 'latchkey.config.json');
/** Where the generated NSIS include goes (outside out/, so it is never packed into the app). */
export const NSIS_INCLUDE = join('dist', '.latchkey', 'installer.nsh');

/** Everything dist does to the world, so a test can run it with fakes. */
export interface DistDeps {
  root: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  arch: string;
  /** Runs a program to completion with inherited output; throws when it fails. */
  run(command: string, args: readonly string[]): void;
  /** electron-builder's `build()`. */
  build(options: { config: BuilderConfig; dir: boolean; publish: 'never' }): Promise<unknown>;
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

/** Runs `npm run dist`; resolves to the exit code. */
export async function runDist(deps: DistDeps): Promise<number> {
  const args = new Set(deps.argv);
  const release = args.has('--release');
  const e2e = args.has('--e2e');
  let client: BuildClient | null;
  try {
    // The build environment only: a config file in the user-data folder is not the publisher's.
    client = configuredClient(deps.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      deps.error(`npm run dist: ${error.message}`);
      return 1;
    }
    throw error;
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
        'is unreachable from this machine and no Electron zip is cached. `npm start` (browser ' +
        'preview) and `npm test` work without it.',
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
  const host = { arch: deps.arch, ...(nsisInclude ? { nsisInclude } : {}) };
  const config = builderConfig(
    readBaseConfig(join(deps.root, 'electron-builder.yml')),
    client,
    host,
    {
      e2e,
    },
  );
  await deps.build({ config, dir: !release, publish: 'never' });
  deps.log(`npm run dist: ${release ? 'installers' : 'unpacked app'} in dist/`);
  return 0;
}

/** Electron's download is reachable when it is cached already or its host answers. */
async function electronDownloadReachable(): Promise<boolean> {
  const cache = process.env.ELECTRON_CACHE ?? join(homedir(), '.cache', 'electron');
  if (existsSync(cache) && readdirSync(cache).some((name) => name.endsWith('.zip'))) return true;
  const host = process.env.ELECTRON_MIRROR ?? 'https://github.com/electron/electron/releases/';
  try {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
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
    run: (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' }),
    build: (options) => build({ ...options, config: options.config as never, projectDir: root }),
    electronReachable: electronDownloadReachable,
    log: (message) => console.log(message),
    error: (message) => console.error(message),
  });
}
