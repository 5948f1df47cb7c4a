/**
 * Opens a vault as the app does and prints what it reports about the keychain as one JSON line:
 * run by keychain tests inside a D-Bus session they arranged (a Secret Service without a login
 * keyring, say), since keytar binds to the session bus it finds when first loaded.
 */
import { createVault } from '../../main/vault/vault.ts';
import { createLogger } from '../../main/log/log.ts';

const vault = await createVault({
  service: process.env.LATCHKEY_TEST_SERVICE ?? 'latchkey-tests',
  logger: createLogger({ stream: { write: () => true } }),
  keychainTimeoutMs: 10_000,
});
process.stdout.write(`${JSON.stringify(vault.storage())}\n`);
