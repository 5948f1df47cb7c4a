/**
 * Reads keychain entries of a test service by name with keytar (never by listing: the Secret
 * Service can fail, or crash keytar, when an entry is deleted while a search loads it).
 */
import { createHash } from 'node:crypto';
import { loadKeytar } from '../../main/vault/keytar-backend.ts';

/** The raw value stored for `account` under `service`, or null. */
export async function keychainValue(service: string, account: string): Promise<string | null> {
  const keytar = await loadKeytar();
  return keytar.getPassword(service, account);
}

/** Writes a raw value (to plant corrupt or foreign entries). */
export async function plantKeychainValue(
  service: string,
  account: string,
  value: string,
): Promise<void> {
  const keytar = await loadKeytar();
  await keytar.setPassword(service, account, value);
}

/**
 * What a test may show of a keychain value: 'absent', or a hash prefix. Assertions compare these,
 * never the values, so a failing test prints no refresh token into the reporter's output.
 */
export async function keychainFingerprint(service: string, account: string): Promise<string> {
  const value = await keychainValue(service, account);
  if (value === null) return 'absent';
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}

/** {@link keychainFingerprint} of several accounts, in order. */
export function keychainFingerprints(service: string, accounts: string[]): Promise<string[]> {
  return Promise.all(accounts.map((account) => keychainFingerprint(service, account)));
}
