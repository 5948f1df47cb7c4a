/**
 * Groups Calendar events into local days for the agenda: "Today", "Tomorrow", then weekday and
 * date; all-day events first in each day, then timed events by start time.
 */
import type { AgendaEvent } from '../../../common/features.ts';
import {
  addDays,
  dateLabel,
  dayKeyOf,
  formatTime,
  formatTimeRange,
  relativeDayLabel,
  say,
  type DayKey,
} from './time.ts';
import { language } from './i18n.svelte.ts';

/** One day of the agenda. */
export interface AgendaDay {
  key: DayKey;
  /** "Today", "Tomorrow", else the date. */
  label: string;
  /** The date, shown next to a relative label ("Today · Wednesday, 25 November"). */
  date: string;
  /** True when {@link label} is a relative word rather than the date. */
  relative: boolean;
  events: AgendaEvent[];
}

/** Options for {@link groupAgenda}; the defaults are the system's zone and the window's language. */
export interface GroupOptions {
  /** How many days from today to show (today included). */
  days?: number;
  timeZone?: string;
  locale?: string;
}

/** The days an event covers, as day keys (all-day end dates are exclusive, as Google gives them). */
export function eventDays(event: AgendaEvent, timeZone?: string): DayKey[] {
  if (event.allDay) {
    const first = event.start.slice(0, 10);
    const end = event.end.slice(0, 10);
    const days: DayKey[] = [first];
    // Cap the walk: a malformed end must not loop for long.
    for (let key = addDays(first, 1); key < end && days.length < 366; key = addDays(key, 1)) {
      days.push(key);
    }
    return days;
  }
  const first = dayKeyOf(new Date(event.start), timeZone);
  // An event ending exactly at midnight does not spill into the next day.
  const endInstant = new Date(new Date(event.end).getTime() - 1);
  const last = dayKeyOf(endInstant, timeZone);
  const days: DayKey[] = [first];
  for (let key = addDays(first, 1); key <= last && days.length < 366; key = addDays(key, 1)) {
    days.push(key);
  }
  return days;
}

function startInstant(event: AgendaEvent): number {
  return event.allDay ? 0 : new Date(event.start).getTime();
}

/**
 * The agenda from `now`'s local day for `days` days. An event spanning several days appears on
 * each of them (within the window); days without events are left out.
 */
export function groupAgenda(
  events: readonly AgendaEvent[],
  now: Date,
  options: GroupOptions = {},
): AgendaDay[] {
  const { days = 7, timeZone, locale } = options;
  const today = dayKeyOf(now, timeZone);
  const last = addDays(today, days - 1);
  const byDay = new Map<DayKey, AgendaEvent[]>();
  for (const event of events) {
    for (const key of eventDays(event, timeZone)) {
      if (key < today || key > last) continue;
      const list = byDay.get(key) ?? [];
      list.push(event);
      byDay.set(key, list);
    }
  }
  return [...byDay.keys()].sort().map((key) => {
    const relative = relativeDayLabel(key, today, locale);
    const date = dateLabel(key, locale);
    return {
      key,
      label: relative ?? date,
      date,
      relative: relative !== null,
      events: (byDay.get(key) ?? []).sort(
        (a, b) =>
          Number(b.allDay) - Number(a.allDay) ||
          startInstant(a) - startInstant(b) ||
          a.summary.localeCompare(b.summary),
      ),
    };
  });
}

/**
 * What the agenda shows as an event's time on a given day: "All day", "10:00 – 10:30 AM",
 * or for an event running over several days "Until 11:00" / "From 22:00" / "All day".
 */
export function eventTimeOnDay(
  event: AgendaEvent,
  day: DayKey,
  timeZone?: string,
  locale: string = language.formatLocale,
): string {
  if (event.allDay) return say(locale, 'agenda.allDay');
  const startDay = dayKeyOf(new Date(event.start), timeZone);
  const endDay = dayKeyOf(new Date(new Date(event.end).getTime() - 1), timeZone);
  if (startDay === endDay) return formatTimeRange(event.start, event.end, timeZone, locale);
  if (day === startDay) {
    return say(locale, 'agenda.from', { time: formatTime(event.start, timeZone, locale) });
  }
  if (day === endDay) {
    return say(locale, 'agenda.until', { time: formatTime(event.end, timeZone, locale) });
  }
  return say(locale, 'agenda.allDay');
}
