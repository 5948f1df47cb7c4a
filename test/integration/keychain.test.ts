/**
 * The real OS keychain through keytar: on Linux the Secret Service (run under
 * scripts/with-keyring.sh on a headless machine). Where there is none the tests say that they
 * skipped and why, instead of passing silently.
 */
import { randomBytes } from 'node:crypto';
// The library itself (findCredentials is beyond the vault's KeytarLike): @github/keytar.
import keytar from '@github/keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
