/**
 * `npm run dist`: builds the app and packages it with electron-builder.
 *   npm run dist                 unpacked app in dist/ (quick check of a package)
 *   npm run dist -- --release    the installers for this OS (AppImage + deb, dmg, nsis)
 *   npm run dist -- --e2e        unpacked, with the CLI inspect fuse on for Playwright's _electron
 * The publisher's Google client comes from LATCHKEY_GOOGLE_CLIENT_ID (and _SECRET for a "Desktop
 * app" client) and is baked into out/latchkey.config.json; without one the package can only show
 * the configuration error, because the local test Google is not shipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { build } from 'electron-builder';
import { builderConfig, readBaseConfig, type BuildClient } from './dist-config.ts';
import { ConfigError, loadConfig, redirectSchemeFor } from '../main/app/config.ts';

const args = new Set(process.argv.slice(2));
const release = args.has('--release');
const e2e = args.has('--e2e');

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

function buildClient(): BuildClient | null {
  if (!process.env.LATCHKEY_GOOGLE_CLIENT_ID) return null;
  const config = loadConfig(process.env);
  const redirectScheme = redirectSchemeFor(config);
  return {
    clientId: config.clientId,
    ...(config.clientSecret ? { clientSecret: config.clientSecret } : {}),
    ...(redirectScheme ? { redirectScheme } : {}),
  };
}

async function main(): Promise<number> {
  let client: BuildClient | null;
  try {
    client = buildClient();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`npm run dist: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (!client) {
    console.warn(
      'npm run dist: no Google client configured (LATCHKEY_GOOGLE_CLIENT_ID). The package will ' +
        'ask for one at start; see README "Google Cloud set-up".',
    );
  }
  if (!(await electronDownloadReachable())) {
    console.error(
      "npm run dist: cannot package here: Electron's download (GitHub releases or ELECTRON_MIRROR) " +
        'is unreachable from this machine and no Electron zip is cached. `npm start` (browser ' +
        'preview) and `npm test` work without it.',
    );
    return 2;
  }
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
  if (client) {
    // A desktop app's client ID and "secret" are not confidential (RFC 8252 §8.5).
    writeFileSync('out/latchkey.config.json', JSON.stringify(client, null, 2));
  }
  const config = builderConfig(readBaseConfig(), client, { e2e });
  await build({ config: config as never, dir: !release, publish: 'never' });
  console.log(`npm run dist: ${release ? 'installers' : 'unpacked app'} in dist/`);
  return 0;
}

process.exitCode = await main();
