import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../common/model.ts';
import { METADATA_KEY } from '../../../../main/auth/session/account-store.ts';
import { SessionStore } from '../../../../main/auth/session/session.ts';
import { captureLog, keychainVault, memoryOnlyVault, memoryStore } from '../fakes.ts';

function account(id: string, email = `${id}@example.com`): Account {
  return {
    id,
    email,
    name: email,
    pictureUrl: null,
    grantedScopes: ['openid', 'email', 'profile'],
    lastSignIn: '2026-01-01T00:00:00.000Z',
  };
}

async function keychainStore() {
  const { vault } = await keychainVault();
  const metadata = memoryStore();
  const store = new SessionStore({ vault, metadata, logger: captureLog().logger });
  return { store, vault, metadata };
}

describe('SessionStore', () => {
  it('put adds or replaces an account; keepActive keeps the active one', async () => {
    const { store } = await keychainStore();
    store.put(account('a'), false);
    store.put(account('b'), true);
    expect(store.activeId).toBe('a');
    store.put(account('b'), false);
    expect(store.activeId).toBe('b');
    store.put({ ...account('a'), name: 'Ada' }, true);
    expect(store.accounts().map((a) => [a.id, a.name])).toEqual([
      ['a', 'Ada'],
      ['b', 'b@example.com'],
    ]);
  });

  it('hands out copies, and require() throws AUTH_REQUIRED for an unknown account', async () => {
    const { store } = await keychainStore();
    store.put(account('a'), false);
    store.accounts()[0]?.grantedScopes.push('tampered');
    expect(store.find('a')?.grantedScopes).not.toContain('tampered');
    expect(() => store.require('nobody')).toThrow(
      expect.objectContaining({ code: 'AUTH_REQUIRED' }),
    );
    expect(() => store.setActive('nobody')).toThrow(
      expect.objectContaining({ code: 'AUTH_REQUIRED' }),
    );
  });

  it('persists to the metadata only while secrets are in the keychain', async () => {
    const { store, metadata } = await keychainStore();
    store.put(account('a'), false);
    store.persist();
    expect(metadata.get(METADATA_KEY)).toMatchObject({ v: 1, activeId: 'a' });

    const memoryMetadata = memoryStore();
    const memoryOnly = new SessionStore({
      vault: await memoryOnlyVault(),
      metadata: memoryMetadata,
      logger: captureLog().logger,
    });
    memoryOnly.put(account('a'), false);
    memoryOnly.persist();
    expect(memoryMetadata.get(METADATA_KEY)).toBeUndefined();
  });

  it('forget removes the keychain entry and the metadata, and picks another active account', async () => {
    const { store, vault, metadata } = await keychainStore();
    store.put(account('a'), false);
    store.put(account('b'), true);
    await vault.set('a', '1//refresh-a');
    store.persist();
    await store.forget('a');
    expect(await vault.get('a')).toBeNull();
    expect(store.activeId).toBe('b');
    expect(metadata.get(METADATA_KEY)).toMatchObject({ accounts: [{ id: 'b' }], activeId: 'b' });
    await store.forget('b');
    expect(store.activeId).toBeNull();
    expect(metadata.get(METADATA_KEY)).toBeUndefined();
  });

  it('memory-only forget drops that account from the saved metadata and keeps the others', async () => {
    const metadata = memoryStore();
    metadata.set(METADATA_KEY, { v: 1, accounts: [account('a'), account('b')], activeId: 'a' });
    const store = new SessionStore({
      vault: await memoryOnlyVault(),
      metadata,
      logger: captureLog().logger,
    });
    store.put(account('a'), false);
    await store.forget('a');
    expect(metadata.get(METADATA_KEY)).toMatchObject({ accounts: [{ id: 'b' }], activeId: 'b' });
  });

  it('load reads a valid record and treats an invalid one as signed out (logged)', async () => {
    const { store, metadata } = await keychainStore();
    metadata.set(METADATA_KEY, { v: 1, accounts: [account('a')], activeId: 'a' });
    expect(store.load().accounts.map((a) => a.id)).toEqual(['a']);
    metadata.set(METADATA_KEY, { v: 1, accounts: 'garbage', activeId: null });
    expect(store.load()).toEqual({ accounts: [], activeId: null });
  });
});
