import { describe, expect, it } from 'vitest';
import { builderConfig, readBaseConfig } from '../../scripts/dist-config.ts';
import { loadConfig, redirectSchemeFor } from '../../main/app/config.ts';

/** The iOS-type client of the local test Google, which the committed build configuration names. */
const DEMO_IOS_CLIENT_ID = '100000000002-latchkeydemoios.apps.googleusercontent.com';

const base = readBaseConfig();

describe('electron-builder.yml', () => {
  it('registers the redirect scheme of the configured iOS-type client', () => {
    const scheme = redirectSchemeFor(loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: DEMO_IOS_CLIENT_ID }));
    expect(base.protocols).toEqual([{ name: 'Latchkey Google sign-in', schemes: [scheme] }]);
  });

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

  it('targets AppImage + deb, dmg and nsis', () => {
    const linux = base.linux as { target: string[] };
    const mac = base.mac as { target: Array<{ target: string }> };
    const win = base.win as { target: string[] };
    expect(linux.target).toEqual(['AppImage', 'deb']);
    expect(mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(win.target).toEqual(['nsis']);
  });

  it('packs only the built app, in asar, with keytar unpacked and not rebuilt', () => {
    expect(base.files).toEqual(['out/**', 'package.json', '!out/**/*.map']);
    expect(base.asar).toBe(true);
    expect(base.asarUnpack).toEqual(['**/node_modules/@github/keytar/**/*.node']);
    expect(base.npmRebuild).toBe(false);
  });
});

describe('builderConfig', () => {
  it("registers a publisher's iOS client scheme instead of the demo one", () => {
    const config = loadConfig({
      LATCHKEY_GOOGLE_CLIENT_ID: '987654321-abcdef.apps.googleusercontent.com',
    });
    const scheme = redirectSchemeFor(config);
    expect(scheme).toBe('com.googleusercontent.apps.987654321-abcdef');
    const built = builderConfig(base, { clientId: config.clientId, redirectScheme: scheme ?? '' });
    expect(built.protocols[0]?.schemes).toEqual([scheme]);
    expect(built.electronFuses).toEqual(base.electronFuses);
  });

  it('keeps the committed scheme for a Desktop client (loopback redirect)', () => {
    const built = builderConfig(base, {
      clientId: '1-a.apps.googleusercontent.com',
      clientSecret: 'GOCSPX-x',
    });
    expect(built.protocols).toEqual(base.protocols);
  });

  it('turns on only the inspect fuse for the end-to-end build', () => {
    const built = builderConfig(base, null, { e2e: true });
    expect(built.electronFuses).toEqual({
      ...base.electronFuses,
      enableNodeCliInspectArguments: true,
    });
    expect(base.electronFuses.enableNodeCliInspectArguments).toBe(false);
  });
});
