/**
 * The Calendar agenda: upcoming events of the primary calendar, through `@googleapis/calendar`
 * events.list with the account's authorized client and the configured `rootUrl` (Google or the
 * local test Google).
 */
import { calendar } from '@googleapis/calendar';
import type { calendar_v3 } from '@googleapis/calendar';
import type { OAuth2Client } from 'google-auth-library';
import type { Agenda, AgendaEvent } from '../../common/features.ts';
import type { Result } from '../../common/result.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import type { CallContext, RequestOptions } from './call.ts';
import { callGoogle } from './call.ts';
import { httpsOr } from './links.ts';
import { t } from '../../common/i18n/current.ts';

/** Days shown when the caller does not say. */
export const DEFAULT_AGENDA_DAYS = 7;
/** Events per page (Google's maximum is 2500; 250 is its default). */
export const EVENTS_PAGE_SIZE = 250;
/** Pages followed at most: a week with more than 2500 events is not an agenda a person reads. */
export const MAX_EVENT_PAGES = 10;

/** Only the fields the agenda shows. */
const EVENT_FIELDS = 'nextPageToken,items(id,status,summary,start,end,location,htmlLink)';

/** Where "Open in Google Calendar" goes when an event has no usable link. */
const CALENDAR_HOME = 'https://calendar.google.com/calendar/';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A Calendar client over an account's client (the same google-auth-library as the app's, so no
 * cast: see test/unit/google/dependencies.test.ts).
 */
export function calendarClient(client: OAuth2Client, rootUrl: string): calendar_v3.Calendar {
  return calendar({ version: 'v3', auth: client, rootUrl });
}

/**
 * Maps one Google event to an {@link AgendaEvent}, or null for events the agenda skips
 * (cancelled, or without a start). An event with `start.date` (no time) is all-day.
 */
export function mapEvent(event: calendar_v3.Schema$Event): AgendaEvent | null {
  if (event.status === 'cancelled' || !event.id) return null;
  const start = event.start ?? {};
  const end = event.end ?? {};
  const allDay = Boolean(start.date) && !start.dateTime;
  const startValue = allDay ? start.date : start.dateTime;
  if (!startValue) return null;
  const endValue = (allDay ? end.date : end.dateTime) ?? startValue;
  return {
    id: event.id,
    summary: event.summary?.trim() || t('google.noTitle'),
    start: startValue,
    end: endValue,
    allDay,
    location: event.location?.trim() || null,
    htmlLink: httpsOr(event.htmlLink, CALENDAR_HOME),
  };
}

/** The time window of an agenda of `days` days starting `now`. */
export function agendaWindow(now: Date, days: number): { timeMin: string; timeMax: string } {
  return {
    timeMin: now.toISOString(),
    timeMax: new Date(now.getTime() + days * DAY_MS).toISOString(),
  };
}

/** Lists every event of the window, following `nextPageToken` up to {@link MAX_EVENT_PAGES}. */
export async function listEvents(
  api: calendar_v3.Calendar,
  window: { timeMin: string; timeMax: string },
  request: RequestOptions,
  maxPages: number = MAX_EVENT_PAGES,
  pageSize: number = EVENTS_PAGE_SIZE,
): Promise<AgendaEvent[]> {
  const events: AgendaEvent[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const response = await api.events.list(
      {
        calendarId: 'primary',
        timeMin: window.timeMin,
        timeMax: window.timeMax,
        singleEvents: true,
        orderBy: 'startTime',
        maxResults: pageSize,
        fields: EVENT_FIELDS,
        ...(pageToken ? { pageToken } : {}),
      },
      request,
    );
    for (const item of response.data.items ?? []) {
      const mapped = mapEvent(item);
      if (mapped) events.push(mapped);
    }
    pageToken = response.data.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return events;
}

/** Options of {@link upcomingEvents}. */
export interface AgendaOptions {
  apiRoot: string;
  days?: number;
  now?: () => Date;
  maxPages?: number;
}

/** Upcoming events of the account's primary calendar for the next `days` days. */
export async function upcomingEvents(
  ctx: Omit<CallContext, 'service' | 'scope'>,
  options: AgendaOptions,
): Promise<Result<Agenda>> {
  const window = agendaWindow(
    (options.now ?? (() => new Date()))(),
    options.days ?? DEFAULT_AGENDA_DAYS,
  );
  return callGoogle(
    { ...ctx, service: t('google.service.calendar'), scope: FEATURE_SCOPES.calendar },
    async (client, request) => {
      // The whole listing is retried as one call: a page token from a failed listing is not reused.
      const events = await listEvents(
        calendarClient(client, options.apiRoot),
        window,
        request,
        options.maxPages,
      );
      return { ...window, events };
    },
  );
}
