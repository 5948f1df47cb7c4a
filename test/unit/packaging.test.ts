/**
 * The build configuration, checked against electron-builder's own code where it decides
 * something (the AppImage launcher line, the deb's default dependencies and metadata checks).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deepAssign } from 'builder-util-runtime';
import {
  azureSignOptions,
  builderConfig,
  dropEmptySigningEnv,
  macSigningConfigured,
  nsisSchemeInclude,
  readBaseConfig,
  SIGNING_ENV,
  unsignedReport,
  type BuildClient,
  type BuilderConfig,
} from '../../scripts/dist-config.ts';
import { configuredClient, redirectSchemeFor } from '../../main/app/config.ts';

const IOS: BuildClient = {
  clientId: '987654321-abcdef.apps.googleusercontent.com',
  clientType: 'ios',
};
const IOS_SCHEME = 'com.googleusercontent.apps.987654321-abcdef';
const DESKTOP: BuildClient = {
  clientId: '123-abc.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-abcdefghijklmnopqrstuv',
  clientType: 'desktop',
};
const HOST = { arch: 'x64', nsisInclude: '/build/dist/.latchkey/installer.nsh' };

// electron-builder's own CommonJS modules, loaded as Node loads them, typed as far as we use them.
const require = createRequire(import.meta.url);
const AppImageTarget = (
  require('app-builder-lib/out/targets/appimage/AppImageTarget.js') as {
    default: new (...args: unknown[]) => { desktopEntry: { value: Promise<string> } };
  }
).default;
const FpmTarget = (
  require('app-builder-lib/out/targets/FpmTarget.js') as {
    default: {
      prototype: {
        getDefaultDepends(target: string): string[];
        computeFpmMetaInfoOptions(this: unknown): Promise<{ maintainer: string; url: string }>;
      };
    };
  }
).default;

const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as {
  DebugLogger: new (enabled: boolean) => unknown;
};

const yamlText = readFileSync('electron-builder.yml', 'utf8');
const base = readBaseConfig();
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;

/** Every configuration a build can end up with. */
function everyBuild(): BuilderConfig[] {
  const configs: BuilderConfig[] = [];
  for (const client of [null, IOS, DESKTOP])
    for (const arch of ['x64', 'arm64'])
      for (const e2e of [false, true])
        configs.push(builderConfig(base, client, { ...HOST, arch }, { e2e }));
  return configs;
}

/** The Exec line electron-builder's AppImage target writes into the .desktop entry. */
async function appImageExec(config: BuilderConfig): Promise<string> {
  const packager = {
    platformSpecificBuildOptions: config.linux,
    config,
    appInfo: { buildVersion: '0.1.0' },
  };
  const helper = { computeDesktopEntry: (_options: unknown, exec: string) => exec };
  const target = new AppImageTarget(null, packager, helper, '/tmp');
  return target.desktopEntry.value;
}

describe('the sandbox stays on', () => {
  it('has no --no-sandbox anywhere in the build configuration', () => {
    expect(yamlText).not.toContain('no-sandbox');
    for (const config of everyBuild()) expect(JSON.stringify(config)).not.toContain('no-sandbox');
    expect(nsisSchemeInclude([IOS_SCHEME])).not.toContain('no-sandbox');
  });

  it("launches the AppImage with `-- %U`, not electron-builder's default --no-sandbox", async () => {
    expect(await appImageExec(builderConfig(base, IOS, HOST))).toBe('AppRun -- %U');
    // Without our executableArgs the legacy (libfuse2) toolset adds it: what the setting prevents.
    const linux = { ...(base.linux as Record<string, unknown>) };
    delete linux.executableArgs;
    const legacy: BuilderConfig = { ...base, linux };
    delete legacy.toolsets;
    expect(await appImageExec(legacy)).toBe('AppRun --no-sandbox %U');
    // The static-runtime toolset we build with has no such default either.
    expect(await appImageExec({ ...base, linux })).toBe('AppRun %U');
  });

  it('gives the deb the same `--` sentinel before the URL', () => {
    const deb = deepAssign({}, base.linux as object, base.deb as object) as {
      executableArgs?: string[];
    };
    expect(deb.executableArgs).toEqual(['--']);
  });
});

describe("electron-builder's schema", () => {
  // Compiling electron-builder's JSON schema takes a few seconds on a busy machine.
  it('accepts every configuration a build can end up with', { timeout: 60_000 }, async () => {
    for (const config of everyBuild()) {
      await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    }
  });

  it('is really checked (an unknown option is refused)', { timeout: 60_000 }, async () => {
    const bad = { ...base, linux: { ...(base.linux as object), executableArguments: ['--'] } };
    await expect(validateConfiguration(bad, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object/,
    );
  });
});

describe('electron-builder.yml', () => {
  it('names the app as the auth core does (the keychain service)', () => {
    expect(base.appId).toBe('dev.latchkey.app');
    expect(base.productName).toBe('Latchkey');
    expect(String(base.artifactName)).toContain('${version}');
  });

  it('sets every fuse for a release build', () => {
    expect(base.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('targets AppImage + deb, dmg + zip (what electron-updater downloads on a Mac) and nsis', () => {
    const linux = base.linux as { target: string[] };
    const win = base.win as { target: string[] };
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(base.mac?.target).toEqual(['dmg', 'zip']);
    expect(win.target).toEqual(['nsis']);
  });

  it('names the GitHub Releases feed, as a draft should anything ever publish with it', () => {
    expect(base.publish).toEqual({ provider: 'github', releaseType: 'draft' });
  });

  it('signs the Mac app with the hardened runtime and only the entitlements V8 needs', () => {
    expect(base.mac).toMatchObject({
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
    const plist = readFileSync('build/entitlements.mac.plist', 'utf8');
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(keys).toEqual([
      'com.apple.security.cs.allow-jit',
      'com.apple.security.cs.allow-unsigned-executable-memory',
    ]);
    expect(plist).not.toMatch(/<false\/>/);
  });

  it('packs only the built app, in asar, with keytar unpacked and not rebuilt', () => {
    expect(base.files).toEqual(['out/**', 'package.json', '!out/**/*.map']);
    expect(base.asar).toBe(true);
    expect(base.asarUnpack).toEqual(['**/node_modules/@github/keytar/**/*.node']);
    expect(base.npmRebuild).toBe(false);
  });

  it('registers no scheme by itself (only a build for an iOS-type client does)', () => {
    expect(base.protocols).toBeUndefined();
  });
});

describe('the deb', () => {
  it("extends electron-builder's default dependencies instead of replacing them", () => {
    const defaults = FpmTarget.prototype.getDefaultDepends.call({}, 'deb');
    expect(defaults).toContain('libgtk-3-0');
    const depends = (base.deb as { depends: string[] }).depends;
    expect(depends.slice(0, defaults.length)).toEqual(defaults);
    expect(depends).toContain('gnome-keyring | kwalletmanager | keepassxc');
  });

  it('has the author e-mail and homepage electron-builder requires', async () => {
    expect(pkg.homepage).toMatch(/^https:\/\//);
    const fake = {
      options: {},
      packager: {
        appInfo: { computePackageUrl: () => Promise.resolve(pkg.homepage), linuxPackageName: 'x' },
        info: { metadata: pkg },
      },
    };
    const meta = await FpmTarget.prototype.computeFpmMetaInfoOptions.call(fake);
    expect(meta.maintainer).toMatch(/^[^<>]+ <[^@\s]+@[^@\s]+\.[a-z]+>$/);
    expect(meta.url).toBe(pkg.homepage);
  });
});

describe('macOS', () => {
  it("builds one dmg and one zip for the build machine's architecture, never a universal app", () => {
    for (const arch of ['x64', 'arm64']) {
      const built = builderConfig(base, IOS, { ...HOST, arch });
      expect(built.mac?.target).toEqual([
        { target: 'dmg', arch: [arch] },
        { target: 'zip', arch: [arch] },
      ]);
    }
    for (const config of everyBuild()) expect(JSON.stringify(config)).not.toContain('universal');
  });
});

describe('builderConfig: the redirect scheme', () => {
  it("registers a publisher's iOS client scheme, on Windows through the NSIS include", () => {
    expect(redirectSchemeFor(IOS)).toBe(IOS_SCHEME);
    const built = builderConfig(base, IOS, HOST);
    expect(built.protocols).toEqual([{ name: 'Latchkey Google sign-in', schemes: [IOS_SCHEME] }]);
    expect(built.nsis).toMatchObject({ oneClick: false, include: HOST.nsisInclude });
    expect(built.electronFuses).toEqual(base.electronFuses);
  });

  it('registers no scheme for a Desktop client (loopback) or without a client', () => {
    for (const client of [DESKTOP, null]) {
      const built = builderConfig(base, client, HOST);
      expect(built.protocols).toBeUndefined();
      expect(built.nsis?.include).toBeUndefined();
    }
  });

  it('derives the client type the way the app does', () => {
    const env = { LATCHKEY_GOOGLE_CLIENT_ID: IOS.clientId };
    expect(builderConfig(base, configuredClient(env), HOST).protocols?.[0]?.schemes).toEqual([
      IOS_SCHEME,
    ]);
  });

  it('turns on only the inspect fuse for the end-to-end build', () => {
    const built = builderConfig(base, null, HOST, { e2e: true });
    expect(built.electronFuses).toEqual({
      ...base.electronFuses,
      enableNodeCliInspectArguments: true,
    });
    expect(base.electronFuses.enableNodeCliInspectArguments).toBe(false);
  });
});

describe('the NSIS include', () => {
  const script = nsisSchemeInclude([IOS_SCHEME]);
  const key = `Software\\Classes\\${IOS_SCHEME}`;

  it('registers the scheme at install with the `--` sentinel before the URL', () => {
    const install = script.slice(
      script.indexOf('!macro customInstall'),
      script.indexOf('!macroend'),
    );
    expect(install).toContain(`WriteRegStr SHCTX "${key}" "URL Protocol" ""`);
    expect(install).toContain(
      `WriteRegStr SHCTX "${key}\\shell\\open\\command" "" '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" -- "%1"'`,
    );
  });

  it('removes it at uninstall, only while it points at this installation', () => {
    const uninstall = script.slice(script.indexOf('!macro customUnInstall'));
    expect(uninstall).toContain(`ReadRegStr $0 SHCTX "${key}\\shell\\open\\command" ""`);
    expect(uninstall).toContain(`\${if} $0 == '"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" -- "%1"'`);
    expect(uninstall).toContain(`DeleteRegKey SHCTX "${key}"`);
    expect(uninstall.indexOf('ReadRegStr')).toBeLessThan(uninstall.indexOf('DeleteRegKey'));
  });

  it('refuses anything that is not a URL scheme', () => {
    expect(() => nsisSchemeInclude(['evil"\nExec calc'])).toThrow(/not a URL scheme/);
    expect(() => nsisSchemeInclude(['$INSTDIR'])).toThrow(/not a URL scheme/);
  });
});

describe('macOS: the fuses leave a valid signature', () => {
  const { PlatformPackager } = require('app-builder-lib/out/platformPackager.js') as {
    PlatformPackager: {
      prototype: {
        generateFuseConfig(fuses: Record<string, boolean>): Promise<Record<string, unknown>>;
      };
    };
  };
  const mac = { ...HOST, arch: 'arm64', platform: 'darwin' as const };

  it('resets the ad-hoc signature on a Mac with no signing identity', () => {
    const built = builderConfig(base, IOS, { ...mac, macSigning: false });
    expect(built.electronFuses).toEqual({ ...base.electronFuses, resetAdHocDarwinSignature: true });
  });

  it('leaves signing to electron-builder when an identity is configured, and off macOS', () => {
    expect(builderConfig(base, IOS, { ...mac, macSigning: true }).electronFuses).toEqual(
      base.electronFuses,
    );
    for (const platform of ['linux', 'win32'] as const) {
      expect(builderConfig(base, IOS, { ...HOST, platform }).electronFuses).toEqual(
        base.electronFuses,
      );
    }
  });

  it('reads an identity from CSC_LINK, CSC_NAME or mac.identity (null: none)', () => {
    expect(macSigningConfigured({}, base)).toBe(false);
    expect(macSigningConfigured({ CSC_LINK: 'cert.p12' }, base)).toBe(true);
    expect(macSigningConfigured({ CSC_NAME: 'Developer ID Application: X' }, base)).toBe(true);
    const named = { ...base, mac: { ...base.mac, identity: 'Developer ID Application: X' } };
    expect(macSigningConfigured({}, named)).toBe(true);
    expect(macSigningConfigured({}, { ...base, mac: { ...base.mac, identity: null } })).toBe(false);
  });

  it("reaches @electron/fuses' flipFuses through electron-builder's generateFuseConfig", async () => {
    const built = builderConfig(base, null, mac);
    const fuses = await PlatformPackager.prototype.generateFuseConfig.call({}, built.electronFuses);
    expect(fuses.resetAdHocDarwinSignature).toBe(true);
    // The fuse wire itself is unchanged: RunAsNode (index 0) stays off.
    expect(fuses[0]).toBe(false);
  });
});

describe('the AppImage runtime needs no libfuse2', () => {
  const { appimageChecksums } = require('app-builder-lib/out/toolsets/linux.js') as {
    appimageChecksums: Record<string, Record<string, string>>;
  };

  it('uses a static-runtime toolset electron-builder knows, not the legacy FUSE 2 one', () => {
    const toolset = base.toolsets?.appimage;
    expect(toolset).toBe('1.0.3');
    // "0.0.0" (or none) is appimage-12.0.1, whose runtime dlopens libfuse.so.2.
    expect(Object.keys(appimageChecksums['0.0.0']!)).toEqual(['appimage-12.0.1.7z']);
    expect(Object.keys(appimageChecksums[toolset!]!)).toEqual([
      'appimage-tools-runtime-20251108.tar.gz',
    ]);
  });

  it('keeps it in every build', () => {
    for (const config of everyBuild()) expect(config.toolsets).toEqual({ appimage: '1.0.3' });
  });
});

describe('the update feed (electron-updater reads it from GitHub Releases)', () => {
  const { PublishManager } = require('app-builder-lib/out/publish/PublishManager.js') as {
    PublishManager: new (packager: unknown, options: { publish: string }) => unknown;
  };
  const { Platform } = require('app-builder-lib') as {
    Platform: Record<'LINUX' | 'MAC' | 'WINDOWS', { name: string }>;
  };

  /** Runs PublishManager's afterPack hook for one build, as electron-builder's build() sets it up. */
  async function appUpdateYml(config: BuilderConfig, platform: 'LINUX' | 'MAC', publish: string) {
    const hooks: Array<(event: unknown) => Promise<void>> = [];
    const appInfo = { version: '0.1.0', channel: null, updaterCacheDirName: 'latchkey-updater' };
    const info = {
      config,
      appInfo,
      repositoryInfo: Promise.resolve(null),
      cancellationToken: { cancelled: false, createPromise: () => Promise.resolve() },
    };
    const packager = {
      ...info,
      onAfterPack: (hook: (event: unknown) => Promise<void>) => hooks.push(hook),
      onArtifactCreated: () => {},
    };
    new PublishManager(packager, { publish });
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-feed-'));
    try {
      const platformPackager = {
        platform: Platform[platform],
        platformSpecificBuildOptions: platform === 'MAC' ? config.mac : config.linux,
        config,
        info,
        appInfo,
        expandMacro: (value: string) => value,
        getResourcesDir: (appOutDir: string) => appOutDir,
      };
      const event = {
        packager: platformPackager,
        electronPlatformName: platform === 'MAC' ? 'darwin' : 'linux',
        appOutDir: dir,
        arch: 1,
        targets: [{ name: platform === 'MAC' ? 'zip' : 'AppImage' }],
      };
      for (const hook of hooks) await hook(event);
      const path = join(dir, 'app-update.yml');
      return existsSync(path) ? parseYaml(readFileSync(path, 'utf8')) : null;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('names this repository when the workflow runs in it (GITHUB_REPOSITORY)', () => {
    const built = builderConfig(base, IOS, { ...HOST, repository: 'latchkey-dev/latchkey' });
    expect(built.publish).toEqual({
      provider: 'github',
      releaseType: 'draft',
      owner: 'latchkey-dev',
      repo: 'latchkey',
    });
    // Elsewhere electron-builder reads the repository from the git remote.
    expect(builderConfig(base, IOS, HOST).publish).toEqual(base.publish);
    expect(builderConfig(base, IOS, { ...HOST, repository: 'not a repo' }).publish).toEqual(
      base.publish,
    );
  });

  it("writes app-update.yml into the app even though dist passes publish 'never'", async () => {
    const config = builderConfig(base, IOS, { ...HOST, repository: 'latchkey-dev/latchkey' });
    for (const platform of ['LINUX', 'MAC'] as const) {
      expect(await appUpdateYml(config, platform, 'never'), platform).toEqual({
        owner: 'latchkey-dev',
        repo: 'latchkey',
        provider: 'github',
        releaseType: 'draft',
        updaterCacheDirName: 'latchkey-updater',
      });
    }
    // Without a feed there is nothing to write: the configuration is what makes it.
    const none = { ...config, publish: null };
    expect(await appUpdateYml(none, 'LINUX', 'never')).toBeNull();
  });
});

describe('signing', () => {
  it('adds Azure Trusted Signing only with every one of its settings', () => {
    const env = {
      AZURE_SIGN_ENDPOINT: 'https://eus.codesigning.azure.net',
      AZURE_SIGN_ACCOUNT: 'latchkey',
      AZURE_SIGN_PROFILE: 'public',
      AZURE_SIGN_PUBLISHER: 'Latchkey maintainers',
    };
    const azure = azureSignOptions(env)!;
    expect(azure).toEqual({
      publisherName: 'Latchkey maintainers',
      endpoint: 'https://eus.codesigning.azure.net',
      codeSigningAccountName: 'latchkey',
      certificateProfileName: 'public',
    });
    expect(azureSignOptions({ ...env, AZURE_SIGN_PROFILE: '' })).toBeNull();
    const built = builderConfig(base, IOS, { ...HOST, azureSign: azure });
    expect(built.win).toEqual({ ...(base.win as object), azureSignOptions: azure });
    expect(builderConfig(base, IOS, HOST).win).toEqual(base.win);
  });

  it('says in one line per OS what an unsigned build lacks, and nothing when signed', () => {
    const [mac] = unsignedReport('darwin', {}, base);
    expect(mac).toMatch(/^macOS: .*NOT signed with a Developer ID nor notarized/);
    expect(unsignedReport('darwin', { CSC_LINK: 'c.p12' }, base)[0]).toMatch(/NOT notarized/);
    const apiKey = { APPLE_API_KEY: '/k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' };
    expect(unsignedReport('darwin', { CSC_LINK: 'c.p12', ...apiKey }, base)).toEqual([]);
    const appleId = { APPLE_ID: 'a@b', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' };
    expect(unsignedReport('darwin', { CSC_LINK: 'c.p12', ...appleId }, base)).toEqual([]);
    expect(unsignedReport('win32', {}, base)[0]).toMatch(/^Windows: .*NOT Authenticode-signed/);
    expect(unsignedReport('win32', { WIN_CSC_LINK: 'w.pfx' }, base)).toEqual([]);
    expect(unsignedReport('linux', {}, base)[0]).toMatch(/^Linux: .*SHA256SUMS/);
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      expect(unsignedReport(platform, {}, base)).toHaveLength(1);
  });

  it('drops signing variables an unset GitHub secret left empty, and nothing else', () => {
    const env: NodeJS.ProcessEnv = { CSC_LINK: '', WIN_CSC_LINK: '', APPLE_ID: 'a@b', OTHER: '' };
    dropEmptySigningEnv(env);
    expect(env).toEqual({ APPLE_ID: 'a@b', OTHER: '' });
    for (const name of [...SIGNING_ENV.mac, ...SIGNING_ENV.win]) {
      const one: NodeJS.ProcessEnv = { [name]: '' };
      dropEmptySigningEnv(one);
      expect(one, name).toEqual({});
    }
  });
});
