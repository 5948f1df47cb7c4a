/**
 * The real OS keychain through keytar: on Linux the Secret Service (run under
 * scripts/with-keyring.sh on a headless machine). Where there is none the tests say that they
 * skipped and why, instead of passing silently.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// The library itself (findCredentials is beyond the vault's KeytarLike): @github/keytar.
import keytar from '@github/keytar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { keychainAvailable, TEST_KEYCHAIN_SERVICE } from '../helpers/keychain.ts';

const availability = await keychainAvailable();
if (!availability.available) console.warn(`keychain tests skipped: ${availability.reason}`);

/** A service name of this run only, so nothing else in the keychain is touched. */
const service = `${TEST_KEYCHAIN_SERVICE}-${randomBytes(4).toString('hex')}`;

describe.skipIf(!availability.available)('OS keychain (keytar)', () => {
  beforeAll(async () => {
    expect(await keytar.findCredentials(service)).toEqual([]);
  });

  afterAll(async () => {
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  it('stores, reads and deletes a secret', async () => {
    const secret = `refresh-${randomBytes(24).toString('base64url')}`;
    await keytar.setPassword(service, 'ada@example.com', secret);
    expect(await keytar.getPassword(service, 'ada@example.com')).toBe(secret);

    expect(await keytar.deletePassword(service, 'ada@example.com')).toBe(true);
    expect(await keytar.getPassword(service, 'ada@example.com')).toBeNull();
    expect(await keytar.deletePassword(service, 'ada@example.com')).toBe(false);
  });

  it('keeps accounts apart and replaces a secret in place', async () => {
    await keytar.setPassword(service, 'ada@example.com', 'first');
    await keytar.setPassword(service, 'grace@example.com', 'second');
    await keytar.setPassword(service, 'ada@example.com', 'third');
    const stored = await keytar.findCredentials(service);
    expect(stored.sort((a, b) => a.account.localeCompare(b.account))).toEqual([
      { account: 'ada@example.com', password: 'third' },
      { account: 'grace@example.com', password: 'second' },
    ]);
  });

  it('holds a secret of the size a Google refresh token has, and non-ASCII text', async () => {
    const secret = `1//0g${randomBytes(96).toString('base64url')}`;
    await keytar.setPassword(service, 'size', secret);
    expect(await keytar.getPassword(service, 'size')).toBe(secret);
    await keytar.setPassword(service, 'unicode', 'clé – 鍵 – 🔑');
    expect(await keytar.getPassword(service, 'unicode')).toBe('clé – 鍵 – 🔑');
  });
});

describe('keychain availability probe', () => {
  // scripts/with-keyring.sh started a keyring for this run: a skip would hide a broken set-up.
  it.runIf(Boolean(process.env.LATCHKEY_KEYRING_STARTED))(
    'finds the keyring scripts/with-keyring.sh started',
    () => {
      expect(availability).toEqual({ available: true });
    },
  );

  it('reports a reason whenever it reports the keychain unavailable', () => {
    if (availability.available) {
      expect(availability).toEqual({ available: true });
    } else {
      expect(availability.reason).toMatch(/\S/);
    }
  });
});

/**
 * A Secret Service without a default collection — gnome-keyring started with no `login` keyring
 * in a fresh home, and no unlock: lookups answer (nothing found), the first store fails. The
 * vault must find that out at start (its probe writes), not promise the keychain and fall back
 * later, and name the case so the window gives its own advice.
 */
const keyringTools = ['dbus-run-session', 'gnome-keyring-daemon'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);
describe('a Secret Service without a login keyring (real gnome-keyring)', () => {
  beforeEach(({ skip }) =>
    skip(
      process.platform !== 'linux' || !keyringTools,
      'needs Linux with dbus-run-session and gnome-keyring-daemon to start a keyring without a login collection',
    ),
  );

  it('is memory-only from the start, as "no-default-collection"', () => {
    const home = mkdtempSync(join(tmpdir(), 'latchkey-nologin-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        XDG_DATA_HOME: join(home, '.local', 'share'),
      };
      delete env.DBUS_SESSION_BUS_ADDRESS;
      const child = spawnSync(
        'dbus-run-session',
        [
          '--',
          'sh',
          '-c',
          'gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec "$0" "$1"',
          process.execPath,
          resolve(import.meta.dirname, '../helpers/vault-child.ts'),
        ],
        { env, encoding: 'utf8', timeout: 60_000 },
      );
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      const storage = JSON.parse(line) as { kind: string; problem?: string; reason?: string };
      expect(storage).toMatchObject({ kind: 'memory', problem: 'no-default-collection' });
      expect(storage.reason).toMatch(/collection/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
