import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ID,
  ConfigError,
  configuredClient,
  dpopSetting,
  DEMO_KEYCHAIN_SERVICE,
  GOOGLE_ENDPOINTS,
  loadConfig,
  redirectSchemeFor,
  type DemoSettings,
} from '../../../main/app/config.ts';

const DESKTOP_ID = '123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com';
const IOS_ID = '123456789012-zyxwvutsrqponmlkjihgfedcba543210.apps.googleusercontent.com';
const SECRET = 'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12';

const dir = mkdtempSync(join(tmpdir(), 'latchkey-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const demo: DemoSettings = {
  endpoints: {
    issuer: 'http://127.0.0.1:5555',
    authorization: 'http://127.0.0.1:5555/o/oauth2/v2/auth',
    token: 'http://127.0.0.1:5555/token',
    revoke: 'http://127.0.0.1:5555/revoke',
    userinfo: 'http://127.0.0.1:5555/v1/userinfo',
    jwks: 'http://127.0.0.1:5555/oauth2/v3/certs',
    apiRoot: 'http://127.0.0.1:5555/',
  },
  clients: {
    desktop: {
      clientId: '100000000001-latchkeydemodesktop.apps.googleusercontent.com',
      clientSecret: 'GOCSPX-latchkey-demo-desktop-secret',
    },
  },
};

function settingOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).setting;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('a Desktop client (secret given) signs in over loopback against Google', () => {
    const config = loadConfig({
      LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
      LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET,
    });
    expect(config).toEqual({
      mode: 'google',
      appId: APP_ID,
      keychainService: APP_ID,
      clientId: DESKTOP_ID,
      clientSecret: SECRET,
      clientType: 'desktop',
      endpoints: GOOGLE_ENDPOINTS,
      dpop: true,
    });
    expect(redirectSchemeFor(config)).toBeNull();
    expect(config.endpoints).toMatchObject({
      issuer: 'https://accounts.google.com',
      authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com/token',
      revoke: 'https://oauth2.googleapis.com/revoke',
      jwks: 'https://www.googleapis.com/oauth2/v3/certs',
    });
  });

  it('an iOS client (no secret) uses the reverse client ID as custom scheme', () => {
    const config = loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: `  ${IOS_ID}\n` });
    expect(config.clientType).toBe('ios');
    expect(config.clientSecret).toBeUndefined();
    expect(config.redirectScheme).toBe(
      'com.googleusercontent.apps.123456789012-zyxwvutsrqponmlkjihgfedcba543210',
    );
    expect(redirectSchemeFor(config)).toBe(config.redirectScheme);
    expect(redirectSchemeFor({ clientType: 'ios', clientId: IOS_ID })).toBe(config.redirectScheme);
  });

  it('no client → demo mode with the emulator and its own keychain service', () => {
    const config = loadConfig({}, { demo });
    expect(config).toMatchObject({
      mode: 'demo',
      appId: APP_ID,
      keychainService: DEMO_KEYCHAIN_SERVICE,
      clientType: 'desktop',
      clientId: demo.clients.desktop.clientId,
      clientSecret: demo.clients.desktop.clientSecret,
      endpoints: demo.endpoints,
    });
    expect(config.keychainService).not.toBe(APP_ID);
    expect(configuredClient({})).toBeNull();
    expect(settingOf(() => loadConfig({}))).toBe('LATCHKEY_GOOGLE_CLIENT_ID');
  });

  it('names the setting at fault', () => {
    expect(settingOf(() => loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: 'my-client' }))).toBe(
      'LATCHKEY_GOOGLE_CLIENT_ID',
    );
    expect(
      settingOf(() =>
        loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: '123-abc.apps.googleusercontent.com.evil' }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_ID');
    expect(
      settingOf(() =>
        loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID, LATCHKEY_GOOGLE_CLIENT_SECRET: 'x y' }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_SECRET');
    expect(
      settingOf(() =>
        loadConfig({
          LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
          LATCHKEY_GOOGLE_CLIENT_SECRET: DESKTOP_ID,
        }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_SECRET');
    expect(
      settingOf(() =>
        loadConfig({
          LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID,
          LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET,
          LATCHKEY_GOOGLE_CLIENT_TYPE: 'ios',
        }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_SECRET');
    expect(
      settingOf(() =>
        loadConfig({
          LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
          LATCHKEY_GOOGLE_CLIENT_TYPE: 'desktop',
        }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_SECRET');
    expect(
      settingOf(() =>
        loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID, LATCHKEY_GOOGLE_CLIENT_TYPE: 'web' }),
      ),
    ).toBe('LATCHKEY_GOOGLE_CLIENT_TYPE');
    expect(settingOf(() => loadConfig({ LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET }, { demo }))).toBe(
      'LATCHKEY_GOOGLE_CLIENT_ID',
    );
  });

  it('reads our config file and Google’s downloaded Desktop JSON', () => {
    const ours = file('ours.json', JSON.stringify({ clientId: IOS_ID }));
    expect(loadConfig({ LATCHKEY_CONFIG: ours })).toMatchObject({
      clientType: 'ios',
      clientId: IOS_ID,
    });
    const google = file(
      'client_secret.json',
      JSON.stringify({
        installed: {
          client_id: DESKTOP_ID,
          client_secret: SECRET,
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          redirect_uris: ['http://localhost'],
        },
      }),
    );
    expect(loadConfig({ LATCHKEY_CONFIG: google })).toMatchObject({
      clientType: 'desktop',
      clientId: DESKTOP_ID,
      clientSecret: SECRET,
    });
    // The default file location is optional; an explicit one is not.
    expect(loadConfig({}, { configFile: join(dir, 'absent.json'), demo }).mode).toBe('demo');
    expect(loadConfig({}, { configFile: ours }).clientId).toBe(IOS_ID);
    // The environment wins over the file.
    expect(
      loadConfig({
        LATCHKEY_CONFIG: ours,
        LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID,
        LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET,
      }).clientId,
    ).toBe(DESKTOP_ID);
  });

  it('a bad config file is an error naming it', () => {
    expect(settingOf(() => loadConfig({ LATCHKEY_CONFIG: join(dir, 'missing.json') }))).toBe(
      'LATCHKEY_CONFIG',
    );
    expect(settingOf(() => loadConfig({ LATCHKEY_CONFIG: file('bad.json', '{ nope') }))).toBe(
      'LATCHKEY_CONFIG',
    );
    expect(
      settingOf(() =>
        loadConfig({ LATCHKEY_CONFIG: file('shape.json', JSON.stringify({ id: 1 })) }),
      ),
    ).toBe('LATCHKEY_CONFIG');
    expect(settingOf(() => loadConfig({ LATCHKEY_CONFIG: dir }))).toBe('LATCHKEY_CONFIG');
    const badId = file('bad-id.json', JSON.stringify({ clientId: 'nope' }));
    expect(settingOf(() => loadConfig({ LATCHKEY_CONFIG: badId }))).toContain('clientId');
    expect(settingOf(() => loadConfig({}, { configFile: file('bad2.json', '[') }))).toBe(
      'configFile',
    );
  });

  it('error messages never contain the secret', () => {
    try {
      loadConfig({
        LATCHKEY_GOOGLE_CLIENT_ID: IOS_ID,
        LATCHKEY_GOOGLE_CLIENT_SECRET: 'GOCSPX-x y',
        LATCHKEY_GOOGLE_CLIENT_TYPE: 'ios',
      });
    } catch (error) {
      expect(String(error)).not.toContain('GOCSPX-x y');
    }
  });
});

describe('the DPoP switch', () => {
  it('is on by default, in demo mode and with a real client', () => {
    expect(loadConfig({}, { demo }).dpop).toBe(true);
    expect(
      loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: DESKTOP_ID, LATCHKEY_GOOGLE_CLIENT_SECRET: SECRET })
        .dpop,
    ).toBe(true);
  });

  it('LATCHKEY_DPOP=off turns it off; on/true/1 and off/false/0 are understood', () => {
    expect(loadConfig({ LATCHKEY_DPOP: 'off' }, { demo }).dpop).toBe(false);
    for (const value of ['off', 'OFF', 'false', '0']) {
      expect(dpopSetting({ LATCHKEY_DPOP: value }, undefined)).toBe(false);
    }
    for (const value of ['on', 'true', '1', ' On ']) {
      expect(dpopSetting({ LATCHKEY_DPOP: value }, false)).toBe(true);
    }
    expect(settingOf(() => loadConfig({ LATCHKEY_DPOP: 'maybe' }, { demo }))).toBe('LATCHKEY_DPOP');
  });

  it('"dpop": false in the config file turns it off, in both file shapes; the environment wins', () => {
    const ours = file(
      'dpop-ours.json',
      JSON.stringify({ clientId: DESKTOP_ID, clientSecret: SECRET, dpop: false }),
    );
    expect(loadConfig({ LATCHKEY_CONFIG: ours }).dpop).toBe(false);
    expect(loadConfig({ LATCHKEY_CONFIG: ours, LATCHKEY_DPOP: 'on' }).dpop).toBe(true);
    const google = file(
      'dpop-google.json',
      JSON.stringify({ installed: { client_id: DESKTOP_ID, client_secret: SECRET }, dpop: false }),
    );
    expect(loadConfig({ LATCHKEY_CONFIG: google }).dpop).toBe(false);
    const bad = file('dpop-bad.json', JSON.stringify({ clientId: DESKTOP_ID, dpop: 'no' }));
    expect(settingOf(() => loadConfig({ LATCHKEY_CONFIG: bad }))).toBe('LATCHKEY_CONFIG');
  });
});
