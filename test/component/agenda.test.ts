import { describe, expect, it } from 'vitest';
import type { AgendaEvent } from '../../common/features.ts';
import { eventDays, eventTimeOnDay, groupAgenda } from '../../renderer/src/lib/agenda.ts';
import { addDays, dayKeyOf, dayLabel } from '../../renderer/src/lib/time.ts';

function event(id: string, start: string, end: string, allDay = false): AgendaEvent {
  return {
    id,
    summary: id,
    start,
    end,
    allDay,
    location: null,
    htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
  };
}

describe('day keys', () => {
  it('are the wall-clock date in the given zone, not the UTC date', () => {
    const instant = new Date('2026-11-25T23:30:00Z');
    expect(dayKeyOf(instant, 'UTC')).toBe('2026-11-25');
    expect(dayKeyOf(instant, 'Europe/Berlin')).toBe('2026-11-26');
    expect(dayKeyOf(instant, 'America/Los_Angeles')).toBe('2026-11-25');
  });

  it('add calendar days across DST changes and month/year ends', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08'); // US spring forward (23-hour day)
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26'); // EU fall back (25-hour day)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('label today, tomorrow, then weekday and date', () => {
    expect(dayLabel('2026-11-25', '2026-11-25')).toBe('Today');
    expect(dayLabel('2026-11-26', '2026-11-25')).toBe('Tomorrow');
    expect(dayLabel('2026-11-27', '2026-11-25', 'en-GB')).toBe('Friday 27 November');
    expect(dayLabel('2026-11-27', '2026-11-25', 'en-US')).toBe('Friday, November 27');
  });
});

describe('groupAgenda', () => {
  const now = new Date('2026-11-25T09:00:00Z');

  it('groups timed events by the local day they start on, sorted by time', () => {
    const events = [
      event('late', '2026-11-25T22:30:00Z', '2026-11-25T23:00:00Z'),
      event('early', '2026-11-25T08:00:00Z', '2026-11-25T09:00:00Z'),
      event('next', '2026-11-26T10:00:00Z', '2026-11-26T11:00:00Z'),
    ];
    const utc = groupAgenda(events, now, { timeZone: 'UTC', locale: 'en-GB' });
    expect(utc.map((d) => [d.label, d.events.map((e) => e.id)])).toEqual([
      ['Today', ['early', 'late']],
      ['Tomorrow', ['next']],
    ]);
    // In Tokyo (UTC+9) 22:30Z is already the next morning.
    const tokyo = groupAgenda(events, now, { timeZone: 'Asia/Tokyo', locale: 'en-GB' });
    expect(tokyo.map((d) => [d.key, d.events.map((e) => e.id)])).toEqual([
      ['2026-11-25', ['early']],
      ['2026-11-26', ['late', 'next']],
    ]);
  });

  it('puts all-day events first and on every day they cover (end date exclusive)', () => {
    const events = [
      event('meeting', '2026-11-26T09:00:00Z', '2026-11-26T10:00:00Z'),
      event('trip', '2026-11-26', '2026-11-28', true),
      event('holiday', '2026-11-25', '2026-11-26', true),
    ];
    const days = groupAgenda(events, now, { timeZone: 'UTC' });
    expect(days.map((d) => [d.key, d.events.map((e) => e.id)])).toEqual([
      ['2026-11-25', ['holiday']],
      ['2026-11-26', ['trip', 'meeting']],
      ['2026-11-27', ['trip']],
    ]);
  });

  it('keeps all-day dates as dates in every time zone', () => {
    const holiday = event('holiday', '2026-11-26', '2026-11-27', true);
    for (const timeZone of ['Pacific/Kiritimati', 'UTC', 'Pacific/Pago_Pago']) {
      expect(eventDays(holiday, timeZone)).toEqual(['2026-11-26']);
    }
  });

  it('stays on the right days across a DST change', () => {
    // New York springs forward on 2026-03-08: that day has 23 hours.
    const march = new Date('2026-03-07T17:00:00Z'); // noon on the 7th in New York
    const events = [
      event('sat-late', '2026-03-08T04:30:00Z', '2026-03-08T04:45:00Z'), // 23:30 EST on the 7th
      event('sun-late', '2026-03-09T03:30:00Z', '2026-03-09T03:45:00Z'), // 23:30 EDT on the 8th
      event('mon-early', '2026-03-09T04:30:00Z', '2026-03-09T05:00:00Z'), // 00:30 EDT on the 9th
    ];
    const days = groupAgenda(events, march, { timeZone: 'America/New_York', locale: 'en-US' });
    expect(days.map((d) => [d.label, d.events.map((e) => e.id)])).toEqual([
      ['Today', ['sat-late']],
      ['Tomorrow', ['sun-late']],
      ['Monday, March 9', ['mon-early']],
    ]);
  });

  it('leaves out days outside the window and events that ended before today', () => {
    const events = [
      event('past', '2026-11-20', '2026-11-21', true),
      event('ongoing', '2026-11-24T20:00:00Z', '2026-11-25T10:00:00Z'),
      event('day7', '2026-12-01T10:00:00Z', '2026-12-01T11:00:00Z'),
      event('day8', '2026-12-02T10:00:00Z', '2026-12-02T11:00:00Z'),
    ];
    const days = groupAgenda(events, now, { timeZone: 'UTC', days: 7 });
    expect(days.map((d) => [d.key, d.events.map((e) => e.id)])).toEqual([
      ['2026-11-25', ['ongoing']],
      ['2026-12-01', ['day7']],
    ]);
  });

  it('does not spill an event ending at midnight into the next day', () => {
    const e = event('evening', '2026-11-25T20:00:00Z', '2026-11-26T00:00:00Z');
    expect(eventDays(e, 'UTC')).toEqual(['2026-11-25']);
  });
});

describe('eventTimeOnDay', () => {
  it('formats local times, all-day events and multi-day spans', () => {
    const meeting = event('m', '2026-11-25T09:00:00Z', '2026-11-25T10:30:00Z');
    expect(eventTimeOnDay(meeting, '2026-11-25', 'UTC', 'en-GB')).toBe('09:00–10:30');
    expect(eventTimeOnDay(meeting, '2026-11-25', 'Europe/Paris', 'en-GB')).toBe('10:00–11:30');
    const allDay = event('a', '2026-11-25', '2026-11-26', true);
    expect(eventTimeOnDay(allDay, '2026-11-25', 'UTC', 'en-GB')).toBe('All day');
    const overnight = event('o', '2026-11-25T22:00:00Z', '2026-11-27T06:00:00Z');
    expect(eventTimeOnDay(overnight, '2026-11-25', 'UTC', 'en-GB')).toBe('From 22:00');
    expect(eventTimeOnDay(overnight, '2026-11-26', 'UTC', 'en-GB')).toBe('All day');
    expect(eventTimeOnDay(overnight, '2026-11-27', 'UTC', 'en-GB')).toBe('Until 6:00');
  });
});
