/**
 * Calendar-day arithmetic and local formatting. Days are `YYYY-MM-DD` keys computed from a time
 * zone's wall clock (Intl), and day arithmetic happens on the calendar date in UTC, so a 23- or
 * 25-hour day around a DST change never shifts an event to the wrong day. Dates and times are
 * written in the window's language unless a locale is given (language.formatLocale).
 */
import { format, pickLocale, type MessageKey, type Values } from '../../../common/i18n/index.ts';
import { language } from './i18n.svelte.ts';

/** A catalog message in the language of `locale` (a formatting locale such as "en-GB"). */
export function say(locale: string, key: MessageKey, values?: Values): string {
  return format(pickLocale([locale]), key, values);
}

/** `YYYY-MM-DD`: one calendar day. */
export type DayKey = string;

const keyFormatters = new Map<string, Intl.DateTimeFormat>();

function keyFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const id = timeZone ?? '';
  let formatter = keyFormatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    keyFormatters.set(id, formatter);
  }
  return formatter;
}

/** The calendar day `date` falls on in `timeZone` (default: the system's local zone). */
export function dayKeyOf(date: Date, timeZone?: string): DayKey {
  const parts = keyFormatter(timeZone).formatToParts(date);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function parseKey(key: DayKey): [number, number, number] {
  const [y, m, d] = key.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** The day `days` after `key` (negative: before), by the calendar, not by 24-hour steps. */
export function addDays(key: DayKey, days: number): DayKey {
  const [y, m, d] = parseKey(key);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Noon UTC of a day key: a stable instant to format the calendar date itself. */
function keyInstant(key: DayKey): Date {
  const [y, m, d] = parseKey(key);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

/** Upper-cases the first letter the locale's way ("today" → "Today"). */
function capitalize(text: string, locale: string = language.formatLocale): string {
  return text.slice(0, 1).toLocaleUpperCase(locale) + text.slice(1);
}

/** The number of calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: DayKey, to: DayKey): number {
  const [fy, fm, fd] = parseKey(from);
  const [ty, tm, td] = parseKey(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

/**
 * The locale's word for today or tomorrow ("Today", "Tomorrow"; "Heute", "Morgen"), from
 * Intl.RelativeTimeFormat; null for any other day.
 */
export function relativeDayLabel(
  key: DayKey,
  today: DayKey,
  locale: string = language.formatLocale,
): string | null {
  const offset = daysBetween(today, key);
  if (offset !== 0 && offset !== 1) return null;
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day');
  return capitalize(words, locale);
}

/** The calendar date of a day, e.g. "Wednesday, 2 December". */
export function dateLabel(key: DayKey, locale: string = language.formatLocale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(keyInstant(key));
}

/** "Today", "Tomorrow" (see {@link relativeDayLabel}), else the date ({@link dateLabel}). */
export function dayLabel(
  key: DayKey,
  today: DayKey,
  locale: string = language.formatLocale,
): string {
  return relativeDayLabel(key, today, locale) ?? dateLabel(key, locale);
}

/** A time of day in the local zone ("09:30" or "9:30 AM" by the locale). */
export function formatTime(
  iso: string,
  timeZone?: string,
  locale: string = language.formatLocale,
): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/**
 * A compact time range on one day, the locale's way: "10:00 – 10:15 AM" (the day period once),
 * "09:00–10:15". Falls back to "start – end" where Intl has no formatRange.
 */
export function formatTimeRange(
  startIso: string,
  endIso: string,
  timeZone?: string,
  locale: string = language.formatLocale,
): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (typeof format.formatRange === 'function' && start.getTime() <= end.getTime()) {
    return format.formatRange(start, end);
  }
  const [a, b] = [format.format(start), format.format(end)];
  return a === b ? a : `${a} – ${b}`;
}

/** A full local date and time, for tooltips and `<time>` titles. */
export function formatDateTime(
  iso: string,
  timeZone?: string,
  locale: string = language.formatLocale,
): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/**
 * "just now", "5 minutes ago", "yesterday", "3 days ago"; a local date past a week
 * (also for times in the future beyond a minute, which a clock skew can produce).
 */
export function formatRelative(
  iso: string,
  now: Date,
  timeZone?: string,
  locale: string = language.formatLocale,
): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (seconds < 45 && seconds > -60) return say(locale, 'time.justNow');
  if (seconds > 0 && seconds < 7 * 24 * 60 * 60) {
    const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const today = dayKeyOf(now, timeZone);
    const day = dayKeyOf(then, timeZone);
    if (seconds >= 12 * 60 * 60 && day !== today) {
      // Count calendar days, so "yesterday" means the previous local date.
      let n = 0;
      for (let key = day; key !== today && n < 8; key = addDays(key, 1)) n += 1;
      return rtf.format(-n, 'day');
    }
    const [unit, size] =
      [...UNITS].reverse().find(([, unitSeconds]) => seconds >= unitSeconds) ?? UNITS[0]!;
    return rtf.format(-Math.floor(seconds / size), unit);
  }
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' }).format(then);
}
