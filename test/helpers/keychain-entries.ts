/**
 * Reads keychain entries of a test service by name with keytar (never by listing: the Secret
 * Service can fail, or crash keytar, when an entry is deleted while a search loads it).
 */
import { loadKeytar } from '../../main/vault/keytar-backend.ts';

/** The raw value stored for `account` under `service`, or null. */
export async function keychainValue(service: string, account: string): Promise<string | null> {
  const keytar = await loadKeytar();
  return keytar.getPassword(service, account);
}

/** The raw values of `accounts` (null where absent), in order. */
export function keychainValues(service: string, accounts: string[]): Promise<Array<string | null>> {
  return Promise.all(accounts.map((account) => keychainValue(service, account)));
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
