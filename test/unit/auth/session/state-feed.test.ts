import { describe, expect, it } from 'vitest';
import type { AuthState } from '../../../../common/model.ts';
import { StateFeed } from '../../../../main/auth/session/state-feed.ts';
import { captureLog } from '../fakes.ts';

function feedWith(snapshot: Partial<AuthState> = {}) {
  let built = 0;
  const { logger, lines } = captureLog();
  const feed: StateFeed = new StateFeed(() => {
    built += 1;
    return {
      accounts: [],
      activeId: null,
      flow: null,
      demo: false,
      storage: { kind: 'keychain', service: 's' },
      notices: feed.notices.list(),
      ...snapshot,
    };
  }, logger);
  return { feed, lines, built: () => built };
}

describe('StateFeed', () => {
  it('builds one snapshot per emit and hands it to every listener', () => {
    const { feed, built } = feedWith({ activeId: 'a1' });
    const seen: Array<AuthState> = [];
    feed.onChange((s) => seen.push(s));
    feed.onChange((s) => seen.push(s));
    feed.emit();
    expect(built()).toBe(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]?.activeId).toBe('a1');
  });

  it('builds nothing when nobody listens, and stops after unsubscribe or clear', () => {
    const { feed, built } = feedWith();
    feed.emit();
    expect(built()).toBe(0);
    let calls = 0;
    const stop = feed.onChange(() => void (calls += 1));
    feed.emit();
    stop();
    feed.emit();
    feed.onChange(() => void (calls += 1));
    feed.clear();
    feed.emit();
    expect(calls).toBe(1);
  });

  it('logs a listener that throws and still reaches the others', () => {
    const { feed, lines } = feedWith();
    let reached = false;
    feed.onChange(() => {
      throw new Error('window gone');
    });
    feed.onChange(() => void (reached = true));
    feed.emit();
    expect(reached).toBe(true);
    expect(lines.some((l) => l.startsWith('auth state listener failed'))).toBe(true);
  });

  it('dismiss removes a notice and emits only when something was removed', () => {
    const { feed } = feedWith();
    const notice = feed.notices.add('info', 'REVOCATION_COMPLETED', 'done');
    const states: AuthState[] = [];
    feed.onChange((s) => states.push(s));
    feed.dismiss('no-such-id');
    expect(states).toHaveLength(0);
    feed.dismiss(notice.id);
    expect(states).toHaveLength(1);
    expect(states[0]?.notices).toEqual([]);
  });

  it('notes memory-only storage as a KEYCHAIN_UNAVAILABLE notice, the keychain as nothing', () => {
    const { feed } = feedWith();
    feed.noteStorage({ kind: 'keychain', service: 's' });
    expect(feed.notices.list()).toEqual([]);
    feed.noteStorage({ kind: 'memory', reason: 'no Secret Service' });
    const [notice] = feed.notices.list();
    expect(notice?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(notice?.message).toContain('(no Secret Service)');
  });

  it('says while the keychain waits for the person, and stops saying it once it answers', () => {
    const { feed } = feedWith();
    feed.noteStorage({ kind: 'keychain', service: 's', waiting: true });
    const [notice] = feed.notices.list();
    expect(notice).toMatchObject({ level: 'info', code: 'KEYCHAIN_WAITING' });
    expect(notice?.message).toMatch(/^Waiting for your keychain: .*Answer that prompt/);
    feed.noteStorage({ kind: 'keychain', service: 's' });
    expect(feed.notices.list()).toEqual([]);
    // A prompt that ends in a refusal leaves the memory-only notice alone.
    feed.noteStorage({ kind: 'keychain', service: 's', waiting: true });
    feed.noteStorage({ kind: 'memory', reason: 'denied' });
    expect(feed.notices.list().map((n) => n.code)).toEqual(['KEYCHAIN_UNAVAILABLE']);
  });
});
