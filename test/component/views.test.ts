/** The data views' states against a fake bridge: loading, empty, errors by code, data, actions. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { SecurityInfo } from '../../common/model.ts';
import type { Agenda, DriveFile, DriveListing } from '../../common/features.ts';
import AgendaView from '../../renderer/src/views/AgendaView.svelte';
import DriveView from '../../renderer/src/views/DriveView.svelte';
import ProfileView from '../../renderer/src/views/ProfileView.svelte';
import SecurityView from '../../renderer/src/views/SecurityView.svelte';
import { dayKeyOf, addDays } from '../../renderer/src/lib/time.ts';
import {
  ADA,
  authState,
  CALENDAR_SCOPE,
  createFakeApi,
  DRIVE_SCOPE,
  fail,
  GRACE,
  installApi,
  ok,
  profileOf,
  settle,
} from './fake-api.ts';

afterEach(() => cleanup());

const withCalendar = { ...ADA, grantedScopes: [...ADA.grantedScopes, CALENDAR_SCOPE] };
const withDrive = { ...ADA, grantedScopes: [...ADA.grantedScopes, DRIVE_SCOPE] };

function localIso(dayOffset: number, hour: number, minute = 0): string {
  const now = new Date();
  return new Date(
    now.getFullYear(),
    now.getMonth(),
    now.getDate() + dayOffset,
    hour,
    minute,
  ).toISOString();
}

describe('AgendaView', () => {
  it('asks to connect Google Calendar without the scope, and connects for this account', async () => {
    const fake = createFakeApi();
    installApi(fake);
    render(AgendaView, { account: ADA, onsignin: vi.fn() });
    await settle();
    expect(fake.api.calendar.upcoming).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Google Calendar' }));
    expect(fake.api.features.connect).toHaveBeenCalledWith({
      feature: 'calendar',
      accountId: ADA.id,
    });
    await settle();
    // The fake answers CANCELLED: the card is as it was (its one button), a toast says so.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getAllByRole('button').map((b) => b.textContent?.trim())).toEqual([
      'Connect Google Calendar',
    ]);
    const { auth } = await import('../../renderer/src/lib/auth.svelte.ts');
    expect(auth.toasts.at(-1)?.message).toBe(
      'Connecting Google Calendar cancelled. Nothing was shared.',
    );
  });

  it('says which box was left unticked on the Connect card, with one button that asks again', async () => {
    const fake = createFakeApi();
    const sentence =
      'You allowed Latchkey in, but not to see your Google Calendar events — tick the box next to Google Calendar when Google asks again.';
    fake.api.features.connect.mockResolvedValueOnce(fail('CONSENT_PARTIAL', sentence));
    installApi(fake);
    render(AgendaView, { account: ADA, onsignin: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Google Calendar' }));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Google Calendar was not connected.');
    expect(alert.textContent).toContain(sentence);
    expect(alert.textContent).not.toMatch(/Deny/);
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.textContent?.trim())).toEqual(['Connect Google Calendar']);
    await fireEvent.click(buttons[0] as HTMLElement);
    expect(fake.api.features.connect).toHaveBeenCalledTimes(2);
  });

  it('shows a skeleton with words while loading', async () => {
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockReturnValue(new Promise(() => {}));
    installApi(fake);
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    expect(screen.getByRole('status').textContent).toContain('Loading your agenda…');
  });

  it('groups events by local day with all-day events and Calendar links', async () => {
    const today = dayKeyOf(new Date());
    const agenda: Agenda = {
      timeMin: '',
      timeMax: '',
      events: [
        {
          id: 'e2',
          summary: 'Design review',
          start: localIso(1, 14),
          end: localIso(1, 15),
          allDay: false,
          location: 'Room 4',
          htmlLink: 'https://www.google.com/calendar/event?eid=e2',
        },
        {
          id: 'e1',
          summary: 'Conference',
          start: addDays(today, 1),
          end: addDays(today, 2),
          allDay: true,
          location: null,
          htmlLink: 'https://www.google.com/calendar/event?eid=e1',
        },
        {
          id: 'e0',
          summary: 'Stand-up',
          start: localIso(0, 23, 0),
          end: localIso(0, 23, 15),
          allDay: false,
          location: null,
          htmlLink: 'https://www.google.com/calendar/event?eid=e0',
        },
      ],
    };
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockResolvedValue(ok(agenda));
    installApi(fake);
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    expect(fake.api.calendar.upcoming).toHaveBeenCalledWith({ accountId: ADA.id, days: 7 });
    const todayBox = screen.getByRole('region', { name: /^Today / });
    expect(within(todayBox).getByText('Stand-up')).toBeTruthy();
    const tomorrow = screen.getByRole('region', { name: /^Tomorrow / });
    const rows = within(tomorrow).getAllByRole('listitem');
    expect(rows.map((r) => r.querySelector('.summary')?.textContent)).toEqual([
      'Conference',
      'Design review',
    ]);
    expect(within(rows[0]!).getByText('All day')).toBeTruthy();
    const link = within(tomorrow).getByRole('link', {
      name: 'Open in Google Calendar: Design review',
    });
    expect(link.getAttribute('href')).toBe('https://www.google.com/calendar/event?eid=e2');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('says when the next 7 days are empty', async () => {
    installApi(createFakeApi());
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    expect(screen.getByRole('heading', { name: 'Nothing in the next 7 days' })).toBeTruthy();
  });

  it.each([
    ['NETWORK', "Can't reach Google", 'Retry'],
    ['RATE_LIMITED', 'Google is busy', 'Retry'],
    ['GOOGLE_API', 'Google is busy', 'Retry'],
  ])('on %s says "%s" and retries', async (code, title, button) => {
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockResolvedValueOnce(fail(code));
    installApi(fake);
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    expect(screen.getByRole('heading', { name: title })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: button }));
    await settle();
    expect(fake.api.calendar.upcoming).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('heading', { name: title })).toBeNull();
  });

  it('on SESSION_EXPIRED offers "Sign in again"', async () => {
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockResolvedValueOnce(fail('SESSION_EXPIRED'));
    installApi(fake);
    const onsignin = vi.fn();
    render(AgendaView, { account: withCalendar, onsignin });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(onsignin).toHaveBeenCalledOnce();
  });

  it('on SCOPE_REQUIRED (scope removed elsewhere) offers to connect', async () => {
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockResolvedValueOnce(fail('SCOPE_REQUIRED'));
    installApi(fake);
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Google Calendar' }));
    expect(fake.api.features.connect).toHaveBeenCalledOnce();
  });

  it('reloads with Refresh', async () => {
    const fake = createFakeApi();
    installApi(fake);
    render(AgendaView, { account: withCalendar, onsignin: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(fake.api.calendar.upcoming).toHaveBeenCalledTimes(2);
  });
});

describe('DriveView', () => {
  const file = (id: string, name: string, mimeType: string): DriveFile => ({
    id,
    name,
    mimeType,
    modifiedTime: new Date(Date.now() - 5 * 60_000).toISOString(),
    ownerName: 'Ada Lovelace',
    ownerEmail: 'ada@example.com',
    webViewLink: `https://docs.google.com/${id}`,
    iconLink: null,
  });

  it('asks to connect Google Drive without the scope', async () => {
    const fake = createFakeApi();
    installApi(fake);
    render(DriveView, { account: ADA, onsignin: vi.fn() });
    await settle();
    expect(fake.api.drive.recent).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Google Drive' }));
    expect(fake.api.features.connect).toHaveBeenCalledWith({ feature: 'drive', accountId: ADA.id });
  });

  it('lists files with type, modified time, owner and Drive links', async () => {
    const listing: DriveListing = {
      query: '',
      files: [
        file('a', 'Budget 2026', 'application/vnd.google-apps.spreadsheet'),
        file('b', 'Notes', 'application/vnd.google-apps.document'),
        file('c', 'Scan.pdf', 'application/pdf'),
      ],
    };
    const fake = createFakeApi();
    fake.api.drive.recent.mockResolvedValue(ok(listing));
    installApi(fake);
    render(DriveView, { account: withDrive, onsignin: vi.fn() });
    await settle();
    expect(fake.api.drive.recent).toHaveBeenCalledWith({ accountId: ADA.id });
    const list = screen.getByRole('list', { name: 'Files' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(3);
    expect(rows[0]!.textContent).toContain('Spreadsheet');
    expect(rows[0]!.textContent).toContain('Spreadsheet · Owned by you');
    expect(rows[0]!.textContent).toContain('5 minutes ago');
    expect(rows[2]!.textContent).toContain('PDF');
    const link = within(rows[1]!).getByRole('link', { name: 'Open in Google Drive: Notes' });
    expect(link.getAttribute('href')).toBe('https://docs.google.com/b');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('3 most recent files')).toBeTruthy();
  });

  it('searches after typing pauses, and at once on Enter', async () => {
    const fake = createFakeApi();
    fake.api.drive.recent.mockImplementation(async (input) =>
      ok({ query: input?.query ?? '', files: [] }),
    );
    installApi(fake);
    // The debounce timer runs on fake time, advanced by the test.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    onTestFinished(() => void vi.useRealTimers());
    render(DriveView, { account: withDrive, onsignin: vi.fn(), debounceMs: 40 });
    await settle();
    const box = screen.getByRole('searchbox', { name: 'Search Drive files by name' });
    await fireEvent.input(box, { target: { value: 'bud' } });
    await fireEvent.input(box, { target: { value: 'budget' } });
    expect(fake.api.drive.recent).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(80);
    await settle();
    expect(fake.api.drive.recent).toHaveBeenCalledTimes(2);
    expect(fake.api.drive.recent).toHaveBeenLastCalledWith({ accountId: ADA.id, query: 'budget' });
    expect(screen.getByRole('heading', { name: 'No matching files' })).toBeTruthy();

    await fireEvent.input(box, { target: { value: 'plan' } });
    await fireEvent.submit(box.closest('form')!);
    expect(fake.api.drive.recent).toHaveBeenCalledTimes(3);
    expect(fake.api.drive.recent).toHaveBeenLastCalledWith({ accountId: ADA.id, query: 'plan' });
    await vi.advanceTimersByTimeAsync(80);
    // The pending debounced search was replaced by the Enter search.
    expect(fake.api.drive.recent).toHaveBeenCalledTimes(3);
  });
});

describe('ProfileView', () => {
  it('shows the error with Retry and keeps the account visible', async () => {
    const fake = createFakeApi();
    fake.api.profile.get.mockResolvedValueOnce(fail('NETWORK'));
    installApi(fake);
    render(ProfileView, { account: ADA, onsignin: vi.fn() });
    await settle();
    expect(screen.getByRole('heading', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: "Can't reach Google" })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(fake.api.profile.get).toHaveBeenLastCalledWith({ accountId: ADA.id, refresh: true });
  });

  it('says truthfully whether the profile was fetched now or is the copy kept on this computer', async () => {
    const fake = createFakeApi();
    const fetchedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    fake.api.profile.get
      .mockResolvedValueOnce(ok(profileOf(ADA, { cached: true, fetchedAt })))
      .mockResolvedValueOnce(
        ok(profileOf(ADA, { cached: false, fetchedAt: new Date().toISOString() })),
      );
    installApi(fake);
    render(ProfileView, { account: ADA, onsignin: vi.fn() });
    await settle();
    const term = (name: string) => screen.getByText(name, { selector: 'dt' });
    expect(term('Saved on this computer').nextElementSibling?.textContent?.trim()).toBe(
      'A copy fetched from Google 3 hours ago',
    );
    expect(screen.queryByText('Fetched from Google', { selector: 'dt' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: /Refresh/ }));
    await settle();
    expect(term('Fetched from Google').nextElementSibling?.textContent?.trim()).toBe('just now');
    expect(screen.queryByText(/copy/)).toBeNull();
  });
});

describe('SecurityView', () => {
  /** Six days from now: a Testing-mode app's sign-in that Google ends then. */
  const SIGN_IN_END = new Date(Date.now() + 6 * 24 * 3600_000).toISOString();
  const info: SecurityInfo = {
    storage: { kind: 'memory', reason: 'No Secret Service is running.' },
    demo: true,
    issuer: 'http://127.0.0.1:4000',
    redirect: 'loopback',
    accounts: [
      {
        id: ADA.id,
        email: ADA.email,
        grantedScopes: ['openid', 'email', 'profile', CALENDAR_SCOPE],
        accessTokenExpiresAt: new Date(Date.now() + 50 * 60_000).toISOString(),
        boundToThisComputer: true,
        signInExpiresAt: null,
      },
      {
        id: GRACE.id,
        email: GRACE.email,
        grantedScopes: ['openid'],
        accessTokenExpiresAt: null,
        boundToThisComputer: false,
        signInExpiresAt: SIGN_IN_END,
      },
    ],
    pendingRevocations: 2,
    dpopRefusedAt: null,
    dpopEnabled: true,
  };

  it('shows storage, scopes in words, token expiry, pending revocations and actions', async () => {
    const fake = createFakeApi(authState());
    fake.api.settings.security.mockResolvedValue(ok(info));
    installApi(fake);
    const onsignout = vi.fn(async () => {});
    const ondisconnect = vi.fn(async () => {});
    render(SecurityView, { accounts: [ADA, GRACE], onsignin: vi.fn(), onsignout, ondisconnect });
    await settle();
    expect(screen.getByText(/In memory only/)).toBeTruthy();
    expect(screen.getByText(/No keychain service is running/)).toBeTruthy();
    expect(screen.getByText(/2 sign-outs have not reached Google/)).toBeTruthy();
    const ada = screen.getByRole('region', { name: 'Account ada@example.com' });
    expect(within(ada).getByText('See your Google Calendar events')).toBeTruthy();
    expect(within(ada).getByText('See your email address')).toBeTruthy();
    expect(within(ada).getByText(/Expires at .* \(in (49|50) min\)/)).toBeTruthy();
    const grace = screen.getByRole('region', { name: 'Account grace@example.com' });
    expect(within(grace).getByText(/None held right now/)).toBeTruthy();
    // DPoP: whether a copy of the sign-in would work elsewhere, per account, in plain words.
    expect(within(ada).getByText('Bound to this computer')).toBeTruthy();
    expect(
      within(ada).getByText(/^Yes\. .*a copy of the token without the key is useless elsewhere/),
    ).toBeTruthy();
    expect(within(grace).getByText(/^No\. .*Sign out and in again to bind it/)).toBeTruthy();
    expect(within(grace).queryByRole('button', { name: /Disconnect/ })).toBeNull();
    // When Google said the sign-in ends (refresh_token_expires_in), the day is said in plain words,
    // without claiming Testing mode is the only reason.
    const endDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }).format(
      new Date(SIGN_IN_END),
    );
    expect(within(grace).getByText('Sign-in ends')).toBeTruthy();
    expect(
      within(grace).getByText(
        new RegExp(
          `^This sign-in ends on ${endDay} .*access granted for a limited time, or an app in Testing mode with Calendar, Drive or Tasks connected`,
        ),
      ),
    ).toBeTruthy();
    expect(within(ada).queryByText('Sign-in ends')).toBeNull();

    await fireEvent.click(within(ada).getByRole('button', { name: 'Disconnect Google Calendar' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    expect(ondisconnect).toHaveBeenCalledWith('calendar', ADA.id);
    await settle();
    await fireEvent.click(
      within(grace).getByRole('button', { name: 'Sign out grace@example.com' }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onsignout).toHaveBeenCalledWith(GRACE.id);
    await settle();
    expect(fake.api.settings.security).toHaveBeenCalledTimes(3);
  });

  it('says "not bound" with the reason when Google refused the key binding (DPoP)', async () => {
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(
      ok({ ...info, dpopRefusedAt: '2026-12-01T09:00:00.000Z' }),
    );
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA, GRACE],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    const grace = screen.getByRole('region', { name: 'Account grace@example.com' });
    expect(
      within(grace).getByText(
        /^No\. Google refused to bind sign-ins of this app to this computer’s key on .*LATCHKEY_DPOP=on/,
      ),
    ).toBeTruthy();
    // An account bound before the refusal stays bound, and says so.
    const ada = screen.getByRole('region', { name: 'Account ada@example.com' });
    expect(within(ada).getByText(/^Yes\. /)).toBeTruthy();
  });

  it('with DPoP off, does not promise that signing in again binds the sign-in', async () => {
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(ok({ ...info, dpopEnabled: false }));
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA, GRACE],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    const grace = screen.getByRole('region', { name: 'Account grace@example.com' });
    expect(
      within(grace).getByText(/^No\. Binding is turned off for this app \(LATCHKEY_DPOP=off\)/),
    ).toBeTruthy();
    expect(within(grace).queryByText(/Sign out and in again to bind/)).toBeNull();
    // A bound sign-in says what a copy without the key can do, not more.
    const ada = screen.getByRole('region', { name: 'Account ada@example.com' });
    expect(
      within(ada).getByText(/a copy of the token without the key is useless elsewhere/),
    ).toBeTruthy();
  });

  it('names the keychain when the session is kept there', async () => {
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(
      ok({ ...info, storage: { kind: 'keychain', service: 'Latchkey' }, pendingRevocations: 0 }),
    );
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    expect(screen.getByText(/operating system's keychain \(entry “Latchkey”\)/)).toBeTruthy();
    expect(screen.getByText(/None — every sign-out has reached Google/)).toBeTruthy();
  });

  it('says a temporary keyring ends with Latchkey, never that it is the system keychain', async () => {
    const fake = createFakeApi();
    fake.api.settings.security.mockResolvedValue(
      ok({
        ...info,
        storage: { kind: 'keychain', service: 'Latchkey', temporary: true },
        pendingRevocations: 0,
      }),
    );
    installApi(fake);
    render(SecurityView, {
      accounts: [ADA],
      onsignin: vi.fn(),
      onsignout: vi.fn(),
      ondisconnect: vi.fn(),
    });
    await settle();
    expect(screen.getByText(/temporary keyring .* ends when Latchkey quits/s)).toBeTruthy();
    expect(screen.queryByText(/operating system's keychain/)).toBeNull();
  });
});
