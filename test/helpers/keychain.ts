/**
 * Whether the OS keychain works here, so keychain tests run for real where it does and say
 * plainly that they skipped — and why — where it doesn't (e.g. headless Linux without a
 * Secret Service; run them under scripts/with-keyring.sh).
 */
import { randomBytes } from 'node:crypto';
import { loadKeytar } from '../../main/vault/keytar-backend.ts';
import type { KeytarLike } from '../../main/vault/types.ts';

export type KeychainAvailability = { available: true } | { available: false; reason: string };

/**
 * Why a test that takes the keychain away by removing the session bus cannot run here, or null
 * where it can: only Linux's keychain (the Secret Service) is reached over D-Bus; macOS's
 * Keychain and Windows's Credential Manager need no bus, so there the keychain stays.
 */
export const NO_SECRET_SERVICE_SKIP: string | null =
  process.platform === 'linux'
    ? null
    : `a missing Secret Service is simulated by removing the D-Bus session, which takes the keychain away only on Linux (not on ${process.platform})`;

/** The service name keychain tests use; nothing of the app's lives under it. */
export const TEST_KEYCHAIN_SERVICE = 'latchkey-tests';

const PROBE_TIMEOUT_MS = 5_000;

let probe: Promise<KeychainAvailability> | undefined;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${PROBE_TIMEOUT_MS} ms`)),
      PROBE_TIMEOUT_MS,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function roundTrip(): Promise<KeychainAvailability> {
  let keytar: KeytarLike;
  try {
    // The app's own loader: the same package and the same way of loading it.
    keytar = await loadKeytar();
  } catch (error) {
    return { available: false, reason: `keytar could not be loaded: ${(error as Error).message}` };
  }
  const account = `probe-${randomBytes(6).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  try {
    await withTimeout(keytar.setPassword(TEST_KEYCHAIN_SERVICE, account, secret), 'the keychain');
    const read = await withTimeout(
      keytar.getPassword(TEST_KEYCHAIN_SERVICE, account),
      'the keychain',
    );
    if (read !== secret)
      return { available: false, reason: 'the keychain returned something else than was stored' };
    await withTimeout(keytar.deletePassword(TEST_KEYCHAIN_SERVICE, account), 'the keychain');
    return { available: true };
  } catch (error) {
    const hint =
      process.platform === 'linux'
        ? ' (no Secret Service? run the tests under scripts/with-keyring.sh)'
        : '';
    return {
      available: false,
      reason: `the keychain refused a test secret: ${(error as Error).message}${hint}`,
    };
  }
}

/**
 * Tries a set/get/delete round trip with keytar under a test-only service name. The answer is
 * computed once per process.
 */
export function keychainAvailable(): Promise<KeychainAvailability> {
  probe ??= roundTrip();
  return probe;
}
