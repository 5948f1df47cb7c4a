/**
 * The window in German: when main says the system speaks German, every screen speaks it — the
 * signed-out screen, the navigation, the views and their dates, the outcome of a flow — and the
 * page says lang="de". The Language setting on the Security page switches the window at once,
 * tells main (which keeps it) and reads main's notices again in the new language.
 */
import { fireEvent, screen, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenTasks } from '../../common/features.ts';
import { addDays, dayKeyOf } from '../../renderer/src/lib/time.ts';

import {
  ADA,
  authState,
  CALENDAR_SCOPE,
  createFakeApi,
  fail,
  installApi,
  ok,
  profileOf,
  settle,
  TASKS_SCOPE,
  type FakeApi,
} from './fake-api.ts';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** A fresh App (fresh language, auth and navigation singletons) against `fake`. */
async function renderApp(fake: FakeApi): Promise<void> {
  installApi(fake);
  vi.resetModules();
  const library = await import('@testing-library/svelte');
  const { default: App } = (await import('../../renderer/src/App.svelte')) as {
    default: Component;
  };
  library.render(App);
  cleanup = library.cleanup;
  await settle();
}

function nav(name: string): HTMLElement {
  return within(screen.getByRole('navigation', { name: 'Ansichten' })).getByRole('button', {
    name,
  });
}

describe('a German system', () => {
  it('shows the signed-out screen in German, and the page says lang="de"', async () => {
    const fake = createFakeApi(authState({ demo: true }), 'de');
    await renderApp(fake);
    expect(fake.api.settings.language).toHaveBeenCalledWith({
      preferred: [...navigator.languages],
    });
    expect(document.documentElement.lang).toBe('de');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Ihr Google-Konto auf Ihrem Desktop',
    );
    expect(screen.getByRole('button', { name: 'Über Google anmelden' })).toBeTruthy();
    expect(screen.getByText('Demomodus: ein lokales Test-Google, nicht Ihr Konto')).toBeTruthy();
    expect(screen.getByText('Beim Abmelden wird der Zugriff bei Google widerrufen.')).toBeTruthy();
  });

  it('words how a sign-in ended in German: a toast for Deny, a panel for a timeout', async () => {
    const fake = createFakeApi(authState(), 'de');
    fake.api.auth.signIn.mockResolvedValue(fail('CONSENT_DENIED', 'Abgelehnt (von main).'));
    await renderApp(fake);
    await fireEvent.click(screen.getByRole('button', { name: 'Über Google anmelden' }));
    await settle();
    expect(
      within(screen.getByRole('status', { name: 'Mitteilungen' })).getByText(
        'Nicht angemeldet: Sie haben auf der Seite von Google „Ablehnen“ gewählt, daher wurde nichts geteilt.',
      ),
    ).toBeTruthy();

    fake.api.auth.signIn.mockResolvedValue(fail('TIMED_OUT', 'Zu lange (von main).'));
    await fireEvent.click(screen.getByRole('button', { name: 'Über Google anmelden' }));
    await settle();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(
      'Zeit für die Anmeldung abgelaufen',
    );
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Zurück' })).toBeTruthy();
  });

  it('names the views in German and shows the profile with German labels', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }), 'de');
    fake.api.profile.get.mockResolvedValue(ok(profileOf(ADA)));
    await renderApp(fake);
    for (const name of ['Profil', 'Termine', 'Drive', 'Aufgaben', 'Sicherheit']) {
      expect(nav(name)).toBeTruthy();
    }
    expect(document.title).toBe('Profil · Latchkey');
    expect(screen.getByRole('heading', { level: 1, name: 'Profil' })).toBeTruthy();
    expect(screen.getByText('Google-Konto-ID')).toBeTruthy();
    expect(screen.getByText('gerade eben')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Aktualisieren/ })).toBeTruthy();
  });

  it('asks to connect Google Kalender in German', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }), 'de');
    await renderApp(fake);
    await fireEvent.click(nav('Termine'));
    await settle();
    expect(screen.getByRole('heading', { name: 'Google Kalender verbinden' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Google Kalender verbinden' })).toBeTruthy();
  });

  it('shows an agenda day in German', async () => {
    const withCalendar = { ...ADA, grantedScopes: [...ADA.grantedScopes, CALENDAR_SCOPE] };
    const fake = createFakeApi(authState({ accounts: [withCalendar], activeId: ADA.id }), 'de');
    // Tomorrow at noon, local time: "Morgen" whatever the hour the test runs.
    const start = new Date();
    start.setDate(start.getDate() + 1);
    start.setHours(12, 0, 0, 0);
    fake.api.calendar.upcoming.mockResolvedValue(
      ok({
        timeMin: '',
        timeMax: '',
        events: [
          {
            id: 'e1',
            summary: 'Standup',
            start: start.toISOString(),
            end: new Date(start.getTime() + 900_000).toISOString(),
            allDay: false,
            location: null,
            htmlLink: 'https://www.google.com/calendar/event?eid=1',
          },
        ],
      }),
    );
    await renderApp(fake);
    await fireEvent.click(nav('Termine'));
    await settle();
    expect(screen.getByRole('heading', { level: 2, name: /^Morgen / })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'In Google Kalender öffnen: Standup' })).toBeTruthy();
  });

  it('groups tasks and says how long they are overdue in German', async () => {
    const withTasks = { ...ADA, grantedScopes: [...ADA.grantedScopes, TASKS_SCOPE] };
    const fake = createFakeApi(authState({ accounts: [withTasks], activeId: ADA.id }), 'de');
    const today = dayKeyOf(new Date());
    const open: OpenTasks = {
      lists: [{ id: 'L1', title: 'Meine Aufgaben' }],
      tasks: [
        {
          id: 't1',
          title: 'Steuererklärung',
          notes: null,
          due: addDays(today, -2),
          listId: 'L1',
          listTitle: 'Meine Aufgaben',
          parentId: null,
          webViewLink: 'https://tasks.google.com/task/t1',
        },
        {
          id: 't2',
          title: 'Einkaufen',
          notes: null,
          due: null,
          listId: 'L1',
          listTitle: 'Meine Aufgaben',
          parentId: null,
          webViewLink: 'https://tasks.google.com/task/t2',
        },
      ],
    };
    fake.api.tasks.open.mockResolvedValue(ok(open));
    await renderApp(fake);
    await fireEvent.click(nav('Aufgaben'));
    await settle();
    expect(screen.getByRole('heading', { level: 2, name: /^Überfällig/ })).toBeTruthy();
    expect(screen.getByRole('heading', { level: 2, name: /^Ohne Fälligkeitsdatum/ })).toBeTruthy();
    expect(screen.getByText('2 Tage überfällig')).toBeTruthy();
  });
});

describe('the Language setting', () => {
  it('switches the window at once, keeps the choice in main and rereads main’s notices', async () => {
    const fake = createFakeApi(authState({ accounts: [ADA], activeId: ADA.id }), 'de');
    await renderApp(fake);
    await fireEvent.click(nav('Sicherheit'));
    await settle();
    const select = screen.getByRole('combobox', { name: 'Sprache von Latchkey' });
    const options = within(select).getAllByRole('option');
    // Each language named in itself; the system's named in the current language.
    expect(options.map((option) => option.textContent?.trim())).toEqual([
      'Wie das System (Deutsch)',
      'English',
      'Deutsch',
    ]);
    expect(options.map((option) => option.getAttribute('lang'))).toEqual([null, 'en', 'de']);
    const accountsBefore = fake.api.auth.accounts.mock.calls.length;

    await fireEvent.change(select, { target: { value: 'en' } });
    await settle();
    expect(fake.api.settings.setLanguage).toHaveBeenCalledWith({ choice: 'en' });
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByRole('heading', { level: 1, name: 'Security' })).toBeTruthy();
    expect(
      within(screen.getByRole('navigation', { name: 'Views' })).getByRole('button', {
        name: 'Agenda',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Language of Latchkey' })).toBeTruthy();
    expect(fake.api.auth.accounts.mock.calls.length).toBeGreaterThan(accountsBefore);

    await fireEvent.change(screen.getByRole('combobox'), { target: { value: 'system' } });
    await settle();
    expect(fake.api.settings.setLanguage).toHaveBeenLastCalledWith({ choice: 'system' });
    expect(screen.getByRole('heading', { level: 1, name: 'Sicherheit' })).toBeTruthy();
  });
});

describe('the proxy question', () => {
  it('asks for the proxy sign-in in German, naming the proxy and the host', async () => {
    // Fresh modules, as renderApp: the window's language is German before the dialog opens.
    vi.resetModules();
    const library = await import('@testing-library/svelte');
    const { language } = await import('../../renderer/src/lib/i18n.svelte.ts');
    const { default: ProxySignInDialog } =
      await import('../../renderer/src/components/ProxySignInDialog.svelte');
    language.apply({ choice: 'de', locale: 'de', system: 'en' });
    library.render(ProxySignInDialog, {
      prompt: {
        id: 'p1',
        proxy: 'proxy.corp.example:3128',
        host: 'oauth2.googleapis.com',
        realm: 'Corp',
        scheme: 'basic',
        refused: true,
        username: '',
        canRemember: true,
      },
      onsignin: () => {},
      oncancel: () => {},
    });
    cleanup = library.cleanup;
    const dialog = screen.getByRole('dialog', { name: 'Beim Proxy Ihres Netzwerks anmelden' });
    expect(dialog.textContent).toContain(
      'Der Proxy proxy.corp.example:3128 verlangt einen Benutzernamen und ein Passwort, bevor Latchkey oauth2.googleapis.com erreichen kann.',
    );
    expect(within(dialog).getByText('Der Proxy sagt: „Corp“')).toBeTruthy();
    expect(within(dialog).getByRole('alert').textContent).toContain('nicht akzeptiert');
    expect(
      within(dialog).getByRole('checkbox', { name: 'Auf diesem Computer speichern' }),
    ).toBeTruthy();
    await library.fireEvent.submit(dialog.querySelector('form')!);
    expect(within(dialog).getByRole('status').textContent).toBe(
      'Geben Sie den Benutzernamen für den Proxy ein.',
    );
  });
});
