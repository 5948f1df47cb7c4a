/** Small windows and content first: the collapsing sidebar, rows as links, compact times. */
import { cleanup, render, screen, within } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Agenda, DriveListing } from '../../common/features.ts';
import { eventTimeOnDay, groupAgenda } from '../../renderer/src/lib/agenda.ts';
import {
  NARROW_BELOW,
  NARROW_MEDIA,
  sidebarCollapsed,
  SIDEBAR_COLLAPSE_BELOW,
} from '../../renderer/src/lib/layout.ts';
import {
  dayLabel,
  formatTimeRange,
  relativeDayLabel,
  daysBetween,
} from '../../renderer/src/lib/time.ts';
import AgendaView from '../../renderer/src/views/AgendaView.svelte';
import DriveView from '../../renderer/src/views/DriveView.svelte';
import {
  ADA,
  authState,
  CALENDAR_SCOPE,
  createFakeApi,
  DRIVE_SCOPE,
  installApi,
  ok,
  settle,
} from './fake-api.ts';

afterEach(() => cleanup());

/** Intl puts thin or narrow no-break spaces around the dash and before AM/PM. */
const plain = (text: string): string => text.replace(/[\u2009\u202f\u00a0]/g, ' ');

describe('compact time ranges', () => {
  it('says the day period once: "10:00 – 10:15 AM"', () => {
    const range = formatTimeRange('2026-11-25T10:00:00Z', '2026-11-25T10:15:00Z', 'UTC', 'en-US');
    expect(plain(range)).toBe('10:00 – 10:15 AM');
    expect(
      plain(formatTimeRange('2026-11-25T09:00:00Z', '2026-11-25T13:15:00Z', 'UTC', 'en-US')),
    ).toBe('9:00 AM – 1:15 PM');
    expect(formatTimeRange('2026-11-25T09:00:00Z', '2026-11-25T10:30:00Z', 'UTC', 'en-GB')).toBe(
      '09:00–10:30',
    );
  });

  it('is one time for an event without duration, and falls back without formatRange', () => {
    expect(
      plain(formatTimeRange('2026-11-25T10:00:00Z', '2026-11-25T10:00:00Z', 'UTC', 'en-US')),
    ).toBe('10:00 AM');
    const original = Object.getOwnPropertyDescriptor(Intl.DateTimeFormat.prototype, 'formatRange');
    // @ts-expect-error: an older Intl without formatRange
    delete Intl.DateTimeFormat.prototype.formatRange;
    try {
      expect(
        plain(formatTimeRange('2026-11-25T10:00:00Z', '2026-11-25T10:15:00Z', 'UTC', 'en-US')),
      ).toBe('10:00 AM – 10:15 AM');
    } finally {
      if (original) Object.defineProperty(Intl.DateTimeFormat.prototype, 'formatRange', original);
    }
  });

  it('is what the agenda shows for a timed event', () => {
    const event = {
      id: 'e',
      summary: 'Stand-up',
      start: '2026-11-25T10:00:00Z',
      end: '2026-11-25T10:15:00Z',
      allDay: false,
      location: null,
      htmlLink: 'https://www.google.com/calendar/event?eid=e',
    };
    expect(plain(eventTimeOnDay(event, '2026-11-25', 'UTC', 'en-US'))).toBe('10:00 – 10:15 AM');
  });
});

describe('relative day labels', () => {
  it('come from Intl.RelativeTimeFormat in the locale, capitalized', () => {
    expect(relativeDayLabel('2026-11-25', '2026-11-25', 'en')).toBe('Today');
    expect(relativeDayLabel('2026-11-26', '2026-11-25', 'en')).toBe('Tomorrow');
    expect(relativeDayLabel('2026-11-25', '2026-11-25', 'de')).toBe('Heute');
    expect(relativeDayLabel('2026-11-26', '2026-11-25', 'fr')).toBe('Demain');
    expect(relativeDayLabel('2026-11-27', '2026-11-25', 'en')).toBeNull();
    expect(relativeDayLabel('2026-11-24', '2026-11-25', 'en')).toBeNull();
  });

  it('count calendar days across months and DST changes', () => {
    expect(daysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(dayLabel('2026-12-01', '2026-11-30', 'en')).toBe('Tomorrow');
    expect(dayLabel('2026-12-02', '2026-11-30', 'en-GB')).toBe('Wednesday 2 December');
  });

  it('mark agenda days as relative and carry the date beside the word', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const days = groupAgenda(
      [
        {
          id: 'a',
          summary: 'A',
          start: '2026-11-25',
          end: '2026-11-26',
          allDay: true,
          location: null,
          htmlLink: 'https://www.google.com/calendar/event?eid=a',
        },
        {
          id: 'b',
          summary: 'B',
          start: '2026-11-28',
          end: '2026-11-29',
          allDay: true,
          location: null,
          htmlLink: 'https://www.google.com/calendar/event?eid=b',
        },
      ],
      now,
      { timeZone: 'UTC', locale: 'en-GB' },
    );
    expect(days.map(({ label, date, relative }) => ({ label, date, relative }))).toEqual([
      { label: 'Today', date: 'Wednesday 25 November', relative: true },
      { label: 'Saturday 28 November', date: 'Saturday 28 November', relative: false },
    ]);
  });
});

describe('the sidebar', () => {
  it('collapses to icons below 960 px', () => {
    expect(SIDEBAR_COLLAPSE_BELOW).toBe(960);
    expect(sidebarCollapsed(800)).toBe(true);
    expect(sidebarCollapsed(959)).toBe(true);
    expect(sidebarCollapsed(960)).toBe(false);
    expect(sidebarCollapsed(1280)).toBe(false);
  });

  async function renderSignedIn(width: number) {
    Object.defineProperty(window, 'innerWidth', { value: width, configurable: true });
    installApi(createFakeApi(authState({ accounts: [ADA], activeId: ADA.id })));
    vi.resetModules();
    const library = await import('@testing-library/svelte');
    const { default: App } = (await import('../../renderer/src/App.svelte')) as {
      default: Component;
    };
    const rendered = library.render(App);
    await settle();
    return { rendered, cleanup: library.cleanup };
  }

  it('keeps names as accessible names and tooltips when collapsed (800 px)', async () => {
    const { rendered, cleanup: done } = await renderSignedIn(800);
    try {
      const nav = screen.getByRole('navigation', { name: 'Views' });
      expect(rendered.container.querySelector('.shell')?.classList.contains('collapsed')).toBe(
        true,
      );
      const agenda = within(nav).getByRole('button', { name: 'Agenda' });
      expect(agenda.getAttribute('title')).toBe('Agenda');
      expect(agenda.querySelector('.label')?.classList.contains('visually-hidden')).toBe(true);
    } finally {
      done();
    }
  });

  it('shows the names beside the icons in a wide window (1280 px)', async () => {
    const { rendered, cleanup: done } = await renderSignedIn(1280);
    try {
      expect(rendered.container.querySelector('.shell')?.classList.contains('collapsed')).toBe(
        false,
      );
      const agenda = screen.getByRole('button', { name: 'Agenda' });
      expect(agenda.getAttribute('title')).toBeNull();
      expect(agenda.querySelector('.label')?.classList.contains('visually-hidden')).toBe(false);
      // Narrowing the window collapses it.
      Object.defineProperty(window, 'innerWidth', { value: 900, configurable: true });
      window.dispatchEvent(new Event('resize'));
      await settle();
      expect(rendered.container.querySelector('.shell')?.classList.contains('collapsed')).toBe(
        true,
      );
    } finally {
      done();
    }
  });
});

describe('the narrow layout', () => {
  it('starts below 640 px, where the sidebar is already icons only', () => {
    expect(NARROW_BELOW).toBe(640);
    expect(NARROW_BELOW).toBeLessThan(SIDEBAR_COLLAPSE_BELOW);
    expect(sidebarCollapsed(NARROW_BELOW - 1)).toBe(true);
  });

  it('is the one width-based media query of every style in the renderer', () => {
    // Every style source, as text (Vite reads them; no Node APIs in the renderer's type check).
    const sources = import.meta.glob<string>('../../renderer/src/**/*.{svelte,css}', {
      query: '?raw',
      import: 'default',
      eager: true,
    });
    const queries = Object.entries(sources).flatMap(([file, text]) =>
      [...text.matchAll(/@media\s*([^{]*\b(?:min|max)-width[^{]*)\{/g)].map((match) => ({
        file,
        query: match[1]!.trim(),
      })),
    );
    expect(NARROW_MEDIA).toBe('(max-width: 639.98px)');
    // The signed-in window, the account menu, view headers, fact lists and each view's rows.
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const { file, query } of queries)
      expect({ file, query }).toEqual({ file, query: NARROW_MEDIA });
  });
});

describe('rows are links', () => {
  it('makes each agenda row one link with an icon-only "Open in Google Calendar"', async () => {
    const now = new Date();
    const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 10);
    const agenda: Agenda = {
      timeMin: '',
      timeMax: '',
      events: [
        {
          id: 'e1',
          summary: 'Lunch with the team at the new place',
          start: start.toISOString(),
          end: new Date(start.getTime() + 15 * 60_000).toISOString(),
          allDay: false,
          location: 'Cafeteria',
          htmlLink: 'https://www.google.com/calendar/event?eid=e1',
        },
      ],
    };
    const fake = createFakeApi();
    fake.api.calendar.upcoming.mockResolvedValue(ok(agenda));
    installApi(fake);
    const account = { ...ADA, grantedScopes: [...ADA.grantedScopes, CALENDAR_SCOPE] };
    render(AgendaView, { account, onsignin: vi.fn() });
    await settle();
    const row = screen.getByText('Lunch with the team at the new place').closest('li')!;
    const links = within(row).getAllByRole('link');
    expect(links).toHaveLength(1);
    const link = links[0]!;
    expect(link.getAttribute('aria-label')).toBe(
      'Open in Google Calendar: Lunch with the team at the new place',
    );
    expect(link.getAttribute('href')).toBe('https://www.google.com/calendar/event?eid=e1');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('title')).toBe('Open in Google Calendar');
    // Icon only: no visible words compete with the title for the row's width.
    expect(link.textContent?.trim()).toBe('');
    expect(row.textContent).not.toContain('Open in Google Calendar');
    expect(plain(row.querySelector('.when')?.textContent ?? '')).toMatch(/^\s*\S+ – \S+/);
  });

  it('makes each Drive row one link with an icon-only "Open in Google Drive"', async () => {
    const listing: DriveListing = {
      query: '',
      files: [
        {
          id: 'f1',
          name: 'Quarterly planning notes',
          mimeType: 'application/vnd.google-apps.document',
          modifiedTime: new Date().toISOString(),
          ownerName: 'Ada Lovelace',
          ownerEmail: ADA.email,
          webViewLink: 'https://docs.google.com/document/d/f1/edit',
          iconLink: null,
        },
      ],
    };
    const fake = createFakeApi();
    fake.api.drive.recent.mockResolvedValue(ok(listing));
    installApi(fake);
    const account = { ...ADA, grantedScopes: [...ADA.grantedScopes, DRIVE_SCOPE] };
    render(DriveView, { account, onsignin: vi.fn() });
    await settle();
    const row = screen.getByText('Quarterly planning notes').closest('li')!;
    const links = within(row).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('aria-label')).toBe(
      'Open in Google Drive: Quarterly planning notes',
    );
    expect(links[0]!.getAttribute('href')).toBe('https://docs.google.com/document/d/f1/edit');
    expect(links[0]!.textContent?.trim()).toBe('');
  });
});
