/** Notices that come and go: toasts for completed actions, banners for states that need action. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Notice } from '../../common/model.ts';
import Toasts from '../../renderer/src/components/Toasts.svelte';
import NoticeList from '../../renderer/src/components/NoticeList.svelte';
import { AuthStore } from '../../renderer/src/lib/auth.svelte.ts';
import { isTransient } from '../../renderer/src/lib/notices.ts';
import { ADA, authState, createFakeApi, installApi, ok, settle, type FakeApi } from './fake-api.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const TOAST = { id: 't1', message: 'Signed out of ada@example.com.' };

describe('toasts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('appear in a polite status region and leave by themselves after 5 s', async () => {
    const ondismiss = vi.fn();
    render(Toasts, { toasts: [TOAST], ondismiss });
    const region = screen.getByRole('status', { name: 'Notifications' });
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(within(region).getByText(TOAST.message)).toBeTruthy();
    vi.advanceTimersByTime(4_999);
    expect(ondismiss).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ondismiss).toHaveBeenCalledWith('t1');
  });

  it('can be dismissed at once', async () => {
    const ondismiss = vi.fn();
    render(Toasts, { toasts: [TOAST], ondismiss });
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(ondismiss).toHaveBeenCalledWith('t1');
  });

  it('pause while the pointer is over them, and resume with the time that was left', async () => {
    const ondismiss = vi.fn();
    render(Toasts, { toasts: [TOAST], ondismiss });
    const toast = screen.getByRole('group', { name: 'Notification' });
    vi.advanceTimersByTime(3_000);
    await fireEvent.pointerEnter(toast);
    await tick();
    vi.advanceTimersByTime(60_000);
    expect(ondismiss).not.toHaveBeenCalled();
    await fireEvent.pointerLeave(toast);
    await tick();
    vi.advanceTimersByTime(1_999);
    expect(ondismiss).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it('pause while focus is in them', async () => {
    const ondismiss = vi.fn();
    render(Toasts, { toasts: [TOAST], ondismiss });
    const close = screen.getByRole('button', { name: 'Dismiss' });
    close.focus();
    await tick();
    vi.advanceTimersByTime(30_000);
    expect(ondismiss).not.toHaveBeenCalled();
    close.blur();
    await tick();
    vi.advanceTimersByTime(5_000);
    expect(ondismiss).toHaveBeenCalledOnce();
  });

  it('each keep their own time', async () => {
    const ondismiss = vi.fn();
    const view = render(Toasts, { toasts: [TOAST], ondismiss });
    vi.advanceTimersByTime(3_000);
    await view.rerender({ toasts: [TOAST, { id: 't2', message: 'Disconnected Google Drive.' }] });
    vi.advanceTimersByTime(2_000);
    expect(ondismiss.mock.calls).toEqual([['t1']]);
    vi.advanceTimersByTime(3_000);
    expect(ondismiss.mock.calls).toEqual([['t1'], ['t2']]);
  });
});

describe('which notices are toasts', () => {
  const notice = (code: Notice['code'], level: Notice['level'] = 'info'): Notice => ({
    id: code,
    level,
    code,
    message: code,
  });

  it('completed actions are; states that need action are not', () => {
    expect(isTransient(notice('REVOCATION_COMPLETED'))).toBe(true);
    expect(isTransient(notice('REVOCATION_PENDING', 'warning'))).toBe(false);
    expect(isTransient(notice('KEYCHAIN_UNAVAILABLE', 'warning'))).toBe(false);
    expect(isTransient(notice('SESSION_EXPIRED', 'warning'))).toBe(false);
  });

  describe('in the account store', () => {
    let fake: FakeApi;
    let store: AuthStore;

    beforeEach(() => {
      fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }));
      installApi(fake);
      store = new AuthStore();
    });

    it('a confirmed sign-out is a toast, not a banner', async () => {
      store.start();
      await settle();
      await store.signOut(ADA.id);
      expect(store.toasts.map((t) => t.message)).toEqual(['Signed out; Google revoked access.']);
      expect(store.notices).toEqual([]);
      store.dismiss(store.toasts[0]!.id);
      expect(store.toasts).toEqual([]);
      expect(fake.api.auth.dismissNotice).not.toHaveBeenCalled();
    });

    it("main's REVOCATION_COMPLETED is a toast; dismissing it tells main", async () => {
      fake.api.auth.accounts.mockResolvedValue(
        ok(
          authState({
            notices: [
              { id: 'm1', level: 'info', code: 'REVOCATION_COMPLETED', message: 'Done.' },
              { id: 'm2', level: 'warning', code: 'SESSION_EXPIRED', message: 'Ended.' },
            ],
          }),
        ),
      );
      store.start();
      await settle();
      expect(store.toasts).toEqual([{ id: 'm1', message: 'Done.' }]);
      expect(store.notices.map((n) => n.id)).toEqual(['m2']);
      store.dismiss('m1');
      expect(store.toasts).toEqual([]);
      expect(fake.api.auth.dismissNotice).toHaveBeenCalledWith({ noticeId: 'm1' });
    });

    it('a disconnect says so in a toast naming the feature and the account', async () => {
      fake.api.features.disconnect.mockResolvedValueOnce(ok(ADA));
      store.start();
      await settle();
      await store.disconnect('drive', ADA.id);
      expect(store.toasts.map((t) => t.message)).toEqual([
        'Disconnected Google Drive from ada@example.com.',
      ]);
      expect(store.notices).toEqual([]);
    });
  });
});

describe('memory-only storage in the banner', () => {
  const reason =
    'The system keychain is not available: Cannot autolaunch D-Bus without X11 $DISPLAY';
  const notice: Notice = {
    id: 'k1',
    level: 'warning',
    code: 'KEYCHAIN_UNAVAILABLE',
    message: `The system keychain is not available, so your sign-in is kept in memory only and will end when Latchkey quits. (${reason})`,
  };

  it('says what it means and what to do; the raw reason only behind Details', () => {
    const { container } = render(NoticeList, {
      notices: [notice],
      storage: { kind: 'memory', reason },
      ondismiss: vi.fn(),
    });
    const banner = screen.getByRole('status');
    const details = banner.querySelector('details')!;
    expect(details).toBeTruthy();
    expect(details.open).toBe(false);
    expect(details.querySelector('summary')?.textContent).toBe('Details');
    expect(details.textContent).toContain('Cannot autolaunch D-Bus without X11 $DISPLAY');
    const outside = [...banner.querySelectorAll('p, .advice')]
      .filter((el) => !details.contains(el))
      .map((el) => el.textContent ?? '')
      .join(' ');
    expect(outside).toContain('kept in memory only');
    expect(outside).toContain(
      'No keychain service is running — install gnome-keyring (or another Secret Service), then restart Latchkey.',
    );
    expect(outside).not.toContain('D-Bus');
    // No phrase twice, no two colons.
    expect(container.textContent).not.toMatch(/not available.*not available/);
    expect(outside).not.toContain(':');
    expect((container.textContent?.match(/:/g) ?? []).length).toBeLessThanOrEqual(1);
  });
});

describe('a lost sign-in', () => {
  it('"Sign in again" passes on the email the notice names', async () => {
    const onsignin = vi.fn();
    const notice: Notice = {
      id: 'n-lost',
      level: 'warning',
      code: 'SESSION_EXPIRED',
      message: 'Your demo sign-in as ada@example.com was not kept.',
      email: 'ada@example.com',
    };
    render(NoticeList, { notices: [notice], ondismiss: vi.fn(), onsignin });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(onsignin).toHaveBeenCalledWith('ada@example.com');
  });
});

describe('a keychain waiting for the person', () => {
  it('is a polite banner that stays until the keychain answers, not a passing toast', () => {
    const notice: Notice = {
      id: 'w1',
      level: 'info',
      code: 'KEYCHAIN_WAITING',
      message: 'Waiting for your keychain: answer that prompt to go on.',
    };
    expect(isTransient(notice)).toBe(false);
    render(NoticeList, { notices: [notice], ondismiss: vi.fn() });
    expect(screen.getByRole('status').textContent).toContain('Waiting for your keychain');
  });
});
