import { describe, expect, it } from 'vitest';
import type { Account, AuthState } from '../../../../common/model.ts';
import { generateDpopKey } from '../../../../main/auth/tokens/dpop.ts';
import { MESSAGES } from '../../../../main/auth/errors.ts';
import { METADATA_KEY } from '../../../../main/auth/session/account-store.ts';
import { restoreAccounts } from '../../../../main/auth/session/restore.ts';
import { SessionStore } from '../../../../main/auth/session/session.ts';
import { StateFeed } from '../../../../main/auth/session/state-feed.ts';
import { TokenKeeper } from '../../../../main/auth/tokens/tokens.ts';
import { captureLog, keychainVault, memoryStore } from '../fakes.ts';

function account(id: string): Account {
  return {
    id,
    email: `${id}@example.com`,
    name: id,
    pictureUrl: null,
    grantedScopes: ['openid', 'email', 'profile'],
    lastSignIn: '2026-01-01T00:00:00.000Z',
  };
}

/** Accounts a (bearer entry), b (no entry), c (bound entry with its key), d (bound, key damaged). */
async function saved() {
  const { vault, keytar } = await keychainVault();
  const { logger, lines } = captureLog();
  const metadata = memoryStore();
  const session = new SessionStore({ vault, metadata, logger });
  for (const id of ['a', 'b', 'c', 'd']) session.put(account(id), true);
  session.persist();
  await vault.set('a', '1//bearer-a');
  await vault.set('c', '1//bound-c', generateDpopKey().jwk);
  await vault.set('d', '1//bound-d', generateDpopKey().jwk);
  // The entry still says it is bound, but its key is no longer a usable private key.
  const [name, raw] = [...keytar.entries].find(([key]) => key.endsWith('/d'))!;
  keytar.entries.set(name, JSON.stringify({ ...JSON.parse(raw), dpopKey: { kty: 'EC' } }));
  const tokens = new TokenKeeper({
    refresh: async () => {
      throw new Error('restoring never refreshes');
    },
    vault,
    clock: { now: () => 0 },
    refreshMarginMs: 60_000,
    clientOptions: { clientId: 'client' },
    logger,
    isSignedIn: (id) => session.find(id) !== undefined,
    onInvalidGrant: async () => undefined,
    onRefreshed: () => undefined,
  });
  const feed: StateFeed = new StateFeed(
    (): AuthState => ({
      accounts: session.accounts(),
      activeId: session.activeId,
      flow: null,
      demo: false,
      storage: vault.storage(),
      notices: feed.notices.list(),
    }),
    logger,
  );
  const forget = async (id: string) => {
    tokens.forget(id);
    await session.forget(id);
  };
  return {
    deps: { session, tokens, vault, feed, logger, forget },
    vault,
    keytar,
    metadata,
    session,
    feed,
    lines,
  };
}

describe('restoreAccounts', () => {
  it('resumes bearer and bound entries; signs out a lost entry and a bound one without its key', async () => {
    const { deps, vault, session, feed, lines } = await saved();
    await restoreAccounts(deps, { mode: false });
    expect(session.accounts().map((a) => a.id)).toEqual(['a', 'c']);
    expect(deps.tokens.dpopKeyOf('a')).toBeUndefined();
    expect(deps.tokens.dpopKeyOf('c')).toBeDefined();
    expect(await vault.getEntry('d')).toBeNull();
    expect(feed.notices.list().map((n) => [n.code, n.message])).toEqual([
      ['SESSION_EXPIRED', MESSAGES.entryLost('b@example.com')],
      ['SESSION_EXPIRED', MESSAGES.dpopKeyMissing('d@example.com')],
    ]);
    expect(lines.join('\n')).not.toContain('1//');
  });

  it('in demo mode, says the demo sign-in was lost, or that the demo Google started afresh', async () => {
    const lost = await saved();
    await restoreAccounts(lost.deps, { mode: true, demoGoogle: 'kept' });
    expect(lost.feed.notices.list()[0]?.message).toBe(MESSAGES.demoEntryLost('b@example.com'));

    const afresh = await saved();
    await restoreAccounts(afresh.deps, { mode: true, demoGoogle: 'moved' });
    expect(afresh.session.accounts()).toEqual([]);
    expect(afresh.feed.notices.list()[0]?.message).toBe(
      MESSAGES.demoGoogleAfresh('a@example.com', 'moved'),
    );
  });

  it('a keychain that fails while being read loses nothing: the accounts come back next time', async () => {
    const { deps, keytar, metadata, session, feed, vault } = await saved();
    const entriesBefore = new Map(keytar.entries);
    const savedBefore = JSON.stringify(metadata.get(METADATA_KEY));
    const read = keytar.getPassword;
    keytar.getPassword = async (service, accountId) => {
      if (accountId === 'b') throw new Error('The name org.freedesktop.secrets was not provided');
      return read(service, accountId);
    };
    await restoreAccounts(deps, { mode: false });
    expect(vault.storage().kind).toBe('memory');
    expect(session.accounts()).toEqual([]);
    expect(JSON.stringify(metadata.get(METADATA_KEY))).toBe(savedBefore);
    expect(keytar.entries).toEqual(entriesBefore);
    expect(feed.notices.list().map((n) => n.code)).not.toContain('SESSION_EXPIRED');
  });
});
