/**
 * Proxy sign-ins in the real OS keychain (the Secret Service under scripts/with-keyring.sh):
 * what the window answered and the proxy accepted is written under its own service
 * (`<service>.proxy`), found again by the next start's store without asking, listed without its
 * password, and gone from the keychain once forgotten. Skips, saying why, without a keychain.
 */
import { randomBytes } from 'node:crypto';
import keytar from '@github/keytar';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createProxySignIn, type ProxyChallenge } from '../../main/app/proxy-sign-in.ts';
import {
  createProxyCredentialStore,
  proxyAccountName,
} from '../../main/vault/proxy-credentials.ts';
import { silentLogger } from '../../main/log/log.ts';
import { keychainAvailable, TEST_KEYCHAIN_SERVICE } from '../helpers/keychain.ts';

const availability = await keychainAvailable();

/** This run's service, as startLatchkey names it: the app's service plus `.proxy`. */
const service = `${TEST_KEYCHAIN_SERVICE}-${randomBytes(4).toString('hex')}.proxy`;

const CHALLENGE: ProxyChallenge = {
  proxy: 'proxy.corp.example:3128',
  realm: 'Corp proxy',
  scheme: 'basic',
  host: 'oauth2.googleapis.com',
};
const KEY = { proxy: CHALLENGE.proxy, realm: CHALLENGE.realm };

function start() {
  const store = createProxyCredentialStore({ service, logger: silentLogger });
  return { store, proxySignIn: createProxySignIn({ store, logger: silentLogger }) };
}

describe('proxy sign-ins in the OS keychain', () => {
  beforeEach(({ skip }) =>
    skip(
      !availability.available,
      `no OS keychain here: ${availability.available ? '' : availability.reason}`,
    ),
  );
  afterAll(async () => {
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  it('remembers an accepted answer, reuses it on the next start, and forgets it', async () => {
    const first = start();
    const attempt = first.proxySignIn.attempt();
    const answered = attempt.credentials(CHALLENGE);
    await expect.poll(() => first.proxySignIn.current()).not.toBeNull();
    first.proxySignIn.answer({
      id: first.proxySignIn.current()!.id,
      username: 'ada',
      password: 'pä$$wörd',
      remember: true,
    });
    expect(await answered).toEqual({ username: 'ada', password: 'pä$$wörd' });
    attempt.accepted();
    await expect
      .poll(() => keytar.getPassword(service, proxyAccountName(KEY)))
      .toContain('pä$$wörd');
    // The index names the sign-in without its password.
    expect(await keytar.getPassword(service, 'index')).not.toContain('pä$$wörd');
    expect(first.store.persistent()).toBe(true);

    // The next start: sent silently, listed on the Security page.
    const second = start();
    expect(await second.proxySignIn.attempt().credentials(CHALLENGE)).toEqual({
      username: 'ada',
      password: 'pä$$wörd',
    });
    expect(second.proxySignIn.current()).toBeNull();
    expect(await second.proxySignIn.saved()).toEqual([{ ...KEY, username: 'ada' }]);

    expect(await second.proxySignIn.forget(KEY)).toEqual([]);
    expect(await keytar.findCredentials(service)).toEqual([]);
  });
});
