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
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BAKED_CONFIG, NSIS_INCLUDE, runDist, type DistDeps } from '../../scripts/dist.ts';
import { binEntry } from '../../scripts/bin-entry.ts';
import type { BuilderConfig } from '../../scripts/dist-config.ts';
import { loadConfig } from '../../main/app/config.ts';

const IOS_ID = '987654321-abcdef.apps.googleusercontent.com';
const DESKTOP_ID = '123-abc.apps.googleusercontent.com';
const SECRET = 'GOCSPX-abcdefghijklmnopqrstuv';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'latchkey-dist-'));
  copyFileSync('electron-builder.yml', join(root, 'electron-builder.yml'));
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
    run: (command, args) => runs.push({ command, args }),
    build: (options) => {
      builds.push(options);
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
    expect(builds[0]!.config.mac?.target).toEqual([{ target: 'dmg', arch: ['arm64'] }]);
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
    const { deps, errors, builds } = fakes({});
    expect(await runDist(deps)).toBe(0);
    expect(existsSync(baked())).toBe(false);
    expect(errors.join('\n')).toMatch(/no Google client configured/);
    expect(builds[0]!.config.protocols).toBeUndefined();
  });

  it('runs electron-vite with this Node, not npx', async () => {
    const { deps, runs } = fakes({});
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
