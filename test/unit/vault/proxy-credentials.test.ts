/**
 * main/vault/proxy-credentials.ts over a fake secret backend (the real keychain is in
 * test/integration/keychain-proxy-sign-ins.test.ts): one entry per proxy and realm plus an index
 * without passwords, foreign or corrupt entries ignored, the oldest dropped past the limit, and
 * memory for the rest of the run once the keychain fails.
 */
import { describe, expect, it } from 'vitest';
import {
  createProxyCredentialStore,
  MAX_SAVED_PROXIES,
  proxyAccountName,
} from '../../../main/vault/proxy-credentials.ts';
import type { SecretBackend } from '../../../main/vault/types.ts';
import { silentLogger } from '../../../main/log/log.ts';

/** A backend that shows what it holds, and can start failing. */
function fakeKeychain() {
  const entries = new Map<string, string>();
  let failing = false;
  const check = (): void => {
    if (failing) throw new Error('org.freedesktop.Secret.Error.IsLocked');
  };
  const backend: SecretBackend = {
    get: async (account) => (check(), entries.get(account) ?? null),
    set: async (account, value) => {
      check();
      entries.set(account, value);
    },
    delete: async (account) => {
      check();
      entries.delete(account);
    },
  };
  return {
    backend,
    entries,
    fail() {
      failing = true;
    },
  };
}

const CORP = { proxy: 'proxy.corp.example:3128', realm: 'Corp proxy' };

function store(backend: SecretBackend) {
  return createProxyCredentialStore({ service: 'Latchkey.proxy', logger: silentLogger, backend });
}

describe('the proxy sign-in store', () => {
  it('keeps one entry per proxy and realm, and an index without passwords', async () => {
    const keychain = fakeKeychain();
    const saved = store(keychain.backend);
    await saved.save(CORP, { username: 'ada', password: 's3cret' });
    await saved.save({ proxy: '[::1]:8080', realm: '' }, { username: 'g', password: 'pw' });
    expect([...keychain.entries.keys()].sort()).toEqual(
      ['[::1]:8080 ""', 'index', 'proxy.corp.example:3128 "Corp proxy"'].sort(),
    );
    expect(proxyAccountName(CORP)).toBe('proxy.corp.example:3128 "Corp proxy"');
    expect(keychain.entries.get('index')).not.toContain('s3cret');
    expect(await saved.get(CORP)).toEqual({ username: 'ada', password: 's3cret' });
    expect(await saved.list()).toEqual([
      { ...CORP, username: 'ada' },
      { proxy: '[::1]:8080', realm: '', username: 'g' },
    ]);

    // A new store (the next start) reads the same keychain.
    expect(await store(keychain.backend).get(CORP)).toEqual({
      username: 'ada',
      password: 's3cret',
    });

    // Replacing keeps one row; forgetting removes the entry and the row.
    await saved.save(CORP, { username: 'ada2', password: 'new' });
    expect((await saved.list()).map((entry) => entry.username)).toEqual(['g', 'ada2']);
    await saved.forget(CORP);
    expect(await saved.get(CORP)).toBeNull();
    expect(await saved.list()).toEqual([{ proxy: '[::1]:8080', realm: '', username: 'g' }]);
    await saved.forget({ proxy: '[::1]:8080', realm: '' });
    expect([...keychain.entries.keys()]).toEqual([]);
    expect(saved.persistent()).toBe(true);
  });

  it('ignores entries that are not its own: corrupt, oversized, or for another proxy', async () => {
    const keychain = fakeKeychain();
    const saved = store(keychain.backend);
    keychain.entries.set(proxyAccountName(CORP), '{not json');
    expect(await saved.get(CORP)).toBeNull();
    keychain.entries.set(
      proxyAccountName(CORP),
      JSON.stringify({
        v: 1,
        proxy: 'elsewhere:1',
        realm: 'Corp proxy',
        username: 'a',
        password: 'b',
      }),
    );
    expect(await saved.get(CORP)).toBeNull();
    keychain.entries.set(
      proxyAccountName(CORP),
      JSON.stringify({ v: 1, ...CORP, username: 'a', password: 'x'.repeat(10_000) }),
    );
    expect(await saved.get(CORP)).toBeNull();
    keychain.entries.set('index', JSON.stringify({ v: 1, entries: [{ proxy: 1 }, 'x'] }));
    expect(await saved.list()).toEqual([]);
  });

  it('keeps at most the newest sign-ins, removing the oldest entries', async () => {
    const keychain = fakeKeychain();
    const saved = store(keychain.backend);
    for (let i = 0; i <= MAX_SAVED_PROXIES; i++) {
      await saved.save(
        { proxy: `p${i}.example:80`, realm: '' },
        { username: `u${i}`, password: 'x' },
      );
    }
    const list = await saved.list();
    expect(list).toHaveLength(MAX_SAVED_PROXIES);
    expect(list[0]!.proxy).toBe('p1.example:80');
    expect(keychain.entries.has(proxyAccountName({ proxy: 'p0.example:80', realm: '' }))).toBe(
      false,
    );
  });

  it('falls back to memory for the rest of the run once the keychain fails', async () => {
    const keychain = fakeKeychain();
    const saved = store(keychain.backend);
    await saved.save(CORP, { username: 'ada', password: 's3cret' });
    keychain.fail();
    expect(await saved.get(CORP)).toBeNull();
    expect(saved.persistent()).toBe(false);
    await saved.save(CORP, { username: 'ada', password: 'again' });
    expect(await saved.get(CORP)).toEqual({ username: 'ada', password: 'again' });
    expect(await saved.list()).toEqual([{ ...CORP, username: 'ada' }]);
  });

  it('a keychain that cannot be loaded at all means memory from the start', async () => {
    const saved = createProxyCredentialStore({
      service: 'Latchkey.proxy',
      logger: silentLogger,
      loadKeytar: () => Promise.reject(new Error('Cannot find module keytar.node')),
    });
    expect(await saved.list()).toEqual([]);
    expect(saved.persistent()).toBe(false);
    await saved.save(CORP, { username: 'a', password: 'b' });
    expect(await saved.get(CORP)).toEqual({ username: 'a', password: 'b' });
  });
});
