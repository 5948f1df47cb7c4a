import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agendaWindow, mapEvent, upcomingEvents } from '../../../main/google/calendar.ts';
import { ACCOUNT, coreFor, signedInClient } from './fixtures.ts';
import { sendJson, startLoopback } from './loopback.ts';
import type { Loopback } from './loopback.ts';

describe('mapEvent', () => {
  it('maps a timed event', () => {
    expect(
      mapEvent({
        id: 'e1',
        status: 'confirmed',
        summary: ' Standup ',
        start: { dateTime: '2026-11-26T09:00:00+01:00', timeZone: 'Europe/Paris' },
        end: { dateTime: '2026-11-26T09:15:00+01:00' },
        location: 'Room 1',
        htmlLink: 'https://www.google.com/calendar/event?eid=ZTE',
      }),
    ).toEqual({
      id: 'e1',
      summary: 'Standup',
      start: '2026-11-26T09:00:00+01:00',
      end: '2026-11-26T09:15:00+01:00',
      allDay: false,
      location: 'Room 1',
      htmlLink: 'https://www.google.com/calendar/event?eid=ZTE',
    });
  });

  it('detects an all-day event from start.date', () => {
    const event = mapEvent({
      id: 'e2',
      summary: 'Holiday',
      start: { date: '2026-11-27' },
      end: { date: '2026-11-28' },
      htmlLink: 'https://www.google.com/calendar/event?eid=ZTI',
    });
    expect(event).toMatchObject({
      allDay: true,
      start: '2026-11-27',
      end: '2026-11-28',
      location: null,
    });
  });

  it('names untitled events, skips cancelled or start-less ones, and only keeps https links', () => {
    expect(
      mapEvent({ id: 'e3', start: { dateTime: '2026-11-26T10:00:00Z' }, end: {} }),
    ).toMatchObject({
      summary: '(No title)',
      end: '2026-11-26T10:00:00Z',
      htmlLink: 'https://calendar.google.com/calendar/',
    });
    expect(mapEvent({ id: 'e4', status: 'cancelled', start: { date: '2026-11-26' } })).toBeNull();
    expect(mapEvent({ id: 'e5' })).toBeNull();
    expect(
      mapEvent({ id: 'e6', start: { date: '2026-11-26' }, htmlLink: 'javascript:alert(1)' })
        ?.htmlLink,
    ).toBe('https://calendar.google.com/calendar/');
  });
});

describe('agendaWindow', () => {
  it('spans now to now + days', () => {
    expect(agendaWindow(new Date('2026-11-25T07:00:00Z'), 7)).toEqual({
      timeMin: '2026-11-25T07:00:00.000Z',
      timeMax: '2026-12-02T07:00:00.000Z',
    });
  });
});

describe('upcomingEvents against a loopback Calendar', () => {
  let server: Loopback;
  const NOW = new Date('2026-11-25T07:00:00Z');
  /** Three pages of two events each. */
  const pages: Record<string, { items: unknown[]; nextPageToken?: string }> = {
    '': {
      items: [
        {
          id: 'a',
          summary: 'A',
          start: { dateTime: '2026-11-25T08:00:00Z' },
          end: { dateTime: '2026-11-25T09:00:00Z' },
        },
        { id: 'b', summary: 'B', start: { date: '2026-11-26' }, end: { date: '2026-11-27' } },
      ],
      nextPageToken: 'p2',
    },
    p2: {
      items: [
        { id: 'c', summary: 'C', status: 'cancelled', start: { dateTime: '2026-11-27T08:00:00Z' } },
        {
          id: 'd',
          summary: 'D',
          start: { dateTime: '2026-11-28T08:00:00Z' },
          end: { dateTime: '2026-11-28T09:00:00Z' },
        },
      ],
      nextPageToken: 'p3',
    },
    p3: {
      items: [
        {
          id: 'e',
          summary: 'E',
          start: { dateTime: '2026-11-29T08:00:00Z' },
          end: { dateTime: '2026-11-29T09:00:00Z' },
        },
      ],
    },
  };

  beforeAll(async () => {
    server = await startLoopback((request, response) => {
      const page = pages[request.url.searchParams.get('pageToken') ?? ''];
      if (!page) sendJson(response, 400, { error: { code: 400, message: 'bad page' } });
      else sendJson(response, 200, page);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('follows nextPageToken and sends the documented parameters', async () => {
    const result = await upcomingEvents(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { apiRoot: `${server.origin}/`, now: () => NOW },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.events.map((e) => e.id)).toEqual(['a', 'b', 'd', 'e']);
    expect(result.value.events[1]?.allDay).toBe(true);
    expect(result.value.timeMin).toBe('2026-11-25T07:00:00.000Z');
    expect(result.value.timeMax).toBe('2026-12-02T07:00:00.000Z');
    expect(server.requests).toHaveLength(3);
    const first = server.requests[0]!;
    expect(first.url.pathname).toBe('/calendar/v3/calendars/primary/events');
    expect(first.authorization).toBe('Bearer valid');
    const params = Object.fromEntries(first.url.searchParams);
    expect(params).toMatchObject({
      timeMin: '2026-11-25T07:00:00.000Z',
      timeMax: '2026-12-02T07:00:00.000Z',
      singleEvents: 'true',
      orderBy: 'startTime',
      maxResults: '250',
    });
    expect(params.pageToken).toBeUndefined();
    expect(server.requests[2]!.url.searchParams.get('pageToken')).toBe('p3');
  });

  it('stops at the page cap', async () => {
    const result = await upcomingEvents(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { apiRoot: `${server.origin}/`, now: () => NOW, maxPages: 2, days: 3 },
    );
    expect(result.ok && result.value.events.map((e) => e.id)).toEqual(['a', 'b', 'd']);
    expect(result.ok && result.value.timeMax).toBe('2026-11-28T07:00:00.000Z');
    expect(server.requests).toHaveLength(2);
  });

  it('asks for SCOPE_REQUIRED without a request when Calendar is not connected', async () => {
    const account = { ...ACCOUNT, grantedScopes: ['openid', 'email', 'profile'] };
    const result = await upcomingEvents(
      { core: coreFor(account, signedInClient()), accountId: account.id },
      { apiRoot: `${server.origin}/` },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'SCOPE_REQUIRED' } });
    expect(server.requests).toHaveLength(0);
  });
});
