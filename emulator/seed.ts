/**
 * Seeded Calendar events and Drive files per account, in Google's response shapes. Times are
 * relative to "now", computed on each request, so the next seven days always have events (timed
 * and all-day, some today) and the files were always modified recently.
 */
import type { EmulatorAccount } from './accounts.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A Calendar v3 event resource (the fields Google always sends for a simple event). */
export interface CalendarEvent {
  kind: 'calendar#event';
  etag: string;
  id: string;
  status: 'confirmed';
  htmlLink: string;
  created: string;
  updated: string;
  summary: string;
  description?: string;
  location?: string;
  creator: { email: string; self: true };
  organizer: { email: string; self: true };
  start: { dateTime: string; timeZone: string } | { date: string };
  end: { dateTime: string; timeZone: string } | { date: string };
  iCalUID: string;
  sequence: 0;
  eventType: 'default';
}

/** A Drive v3 file resource. */
export interface DriveFile {
  kind: 'drive#file';
  id: string;
  name: string;
  mimeType: string;
  starred: boolean;
  trashed: boolean;
  parents: string[];
  createdTime: string;
  modifiedTime: string;
  webViewLink: string;
  iconLink: string;
  owners: {
    kind: 'drive#user';
    displayName: string;
    emailAddress: string;
    me: true;
    permissionId: string;
    photoLink: string;
  }[];
  size?: string;
}

/** Per day offset: timed events as [start hour, duration in minutes, title, location?]. */
const TIMED: [day: number, hour: number, minutes: number, summary: string, location?: string][] = [
  [-1, 10, 30, 'Design review'],
  [0, 8, 30, 'Morning run', 'Riverside park'],
  [0, 13, 60, 'Lunch with the team', 'Canteen'],
  [0, 16, 45, 'Release planning'],
  [0, 21, 30, 'Call with the night shift'],
  [1, 9, 15, 'Stand-up'],
  [1, 14, 60, 'Dentist', '12 High Street'],
  [2, 9, 15, 'Stand-up'],
  [2, 11, 90, 'Workshop: keychains on Linux'],
  [3, 9, 15, 'Stand-up'],
  [3, 15, 60, 'One-to-one'],
  [4, 10, 120, 'Hiring panel'],
  [5, 19, 150, 'Concert', 'City Hall'],
  [6, 12, 60, 'Brunch with family'],
  [8, 9, 15, 'Stand-up'],
  [10, 16, 60, 'Quarterly review'],
];

/** All-day events as [first day, number of days, title]. */
const ALL_DAY: [day: number, days: number, summary: string][] = [
  [0, 1, 'Focus day'],
  [2, 1, 'Team offsite'],
  [4, 3, 'Conference trip'],
  [12, 1, 'Public holiday'],
];

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 16777619) >>> 0;
  return value;
}

function idFor(...parts: (string | number)[]): string {
  return hash(parts.join('|')).toString(36) + hash(parts.join('/')).toString(36);
}

function dateOnly(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Midnight UTC of the current day: the seed's day 0. */
function today(now: number): number {
  return Math.floor(now / DAY) * DAY;
}

/**
 * The account's events around `now`, sorted by start. Each account's day looks a little
 * different: its events are shifted by up to two hours.
 */
export function seedEvents(account: EmulatorAccount, now: number = Date.now()): CalendarEvent[] {
  const day0 = today(now);
  const shift = (hash(account.email) % 3) * HOUR;
  const created = new Date(day0 - 30 * DAY).toISOString();
  const base = (id: string, summary: string) => ({
    kind: 'calendar#event' as const,
    etag: `"${hash(id + account.email)}"`,
    id,
    status: 'confirmed' as const,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${account.email}`).toString('base64url')}`,
    created,
    updated: created,
    summary,
    creator: { email: account.email, self: true as const },
    organizer: { email: account.email, self: true as const },
    iCalUID: `${id}@google.com`,
    sequence: 0 as const,
    eventType: 'default' as const,
  });

  const timed = TIMED.map(([day, hour, minutes, summary, location]): CalendarEvent => {
    const start = day0 + day * DAY + hour * HOUR + shift;
    const id = idFor(account.email, 'timed', day, hour);
    return {
      ...base(id, summary),
      ...(location ? { location } : {}),
      start: { dateTime: new Date(start).toISOString(), timeZone: 'UTC' },
      end: { dateTime: new Date(start + minutes * 60_000).toISOString(), timeZone: 'UTC' },
    };
  });
  const allDay = ALL_DAY.map(([day, days, summary]): CalendarEvent => {
    const id = idFor(account.email, 'all-day', day);
    return {
      ...base(id, summary),
      start: { date: dateOnly(day0 + day * DAY) },
      end: { date: dateOnly(day0 + (day + days) * DAY) },
    };
  });
  return [...timed, ...allDay].sort((a, b) => eventStart(a) - eventStart(b));
}

/** Start of an event in epoch ms (an all-day event starts at midnight UTC). */
export function eventStart(event: CalendarEvent): number {
  return Date.parse('dateTime' in event.start ? event.start.dateTime : event.start.date);
}

export function eventEnd(event: CalendarEvent): number {
  return Date.parse('dateTime' in event.end ? event.end.dateTime : event.end.date);
}

const MIME = {
  folder: 'application/vnd.google-apps.folder',
  document: 'application/vnd.google-apps.document',
  spreadsheet: 'application/vnd.google-apps.spreadsheet',
  presentation: 'application/vnd.google-apps.presentation',
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
} as const;

type FileType = keyof typeof MIME;

/** [name, type, hours since modified, trashed?, starred?] */
const FILES: [
  name: string,
  type: FileType,
  hoursAgo: number,
  trashed?: boolean,
  starred?: boolean,
][] = [
  ['Project Latchkey', 'folder', 1],
  ['Q4 planning', 'document', 2, false, true],
  ['Budget 2026', 'spreadsheet', 3],
  ['All-hands slides', 'presentation', 5],
  ['Expense report November', 'spreadsheet', 7],
  ['Meeting notes – design review', 'document', 9],
  ['Signed contract.pdf', 'pdf', 12],
  ['Team photo.jpg', 'jpeg', 20],
  ['Architecture diagram.png', 'png', 26],
  ['Roadmap', 'presentation', 30, false, true],
  ['Hiring plan', 'document', 36],
  ['Receipts', 'folder', 40],
  ['Travel itinerary.pdf', 'pdf', 48],
  ['Reading list', 'document', 55],
  ['Customer interviews', 'spreadsheet', 60],
  ['Old logo.png', 'png', 66, true],
  ['Onboarding guide', 'document', 72],
  ['Launch checklist', 'spreadsheet', 80],
  ['Conference talk', 'presentation', 90],
  ['Invoice 2026-041.pdf', 'pdf', 100],
  ['Whiteboard.jpg', 'jpeg', 110],
  ['Draft – do not share', 'document', 120, true],
  ['Family recipes', 'document', 130],
  ['Photos', 'folder', 140],
  ['Security review notes', 'document', 150],
  ['Keychain test matrix', 'spreadsheet', 160],
  ['Release notes 0.1', 'document', 170],
  ['Product screenshots.png', 'png', 180],
  ['Research paper.pdf', 'pdf', 200],
  ['Weekly status', 'document', 220],
];

const SIZES: Partial<Record<FileType, number>> = { pdf: 482_113, png: 154_920, jpeg: 2_318_007 };

function viewLink(type: FileType, id: string): string {
  switch (type) {
    case 'folder':
      return `https://drive.google.com/drive/folders/${id}`;
    case 'document':
      return `https://docs.google.com/document/d/${id}/edit?usp=drivesdk`;
    case 'spreadsheet':
      return `https://docs.google.com/spreadsheets/d/${id}/edit?usp=drivesdk`;
    case 'presentation':
      return `https://docs.google.com/presentation/d/${id}/edit?usp=drivesdk`;
    default:
      return `https://drive.google.com/file/d/${id}/view?usp=drivesdk`;
  }
}

/** The account's Drive files, in seed order (Drive's own order is unspecified without orderBy). */
export function seedFiles(account: EmulatorAccount, now: number = Date.now()): DriveFile[] {
  const hour = Math.floor(now / HOUR) * HOUR;
  return FILES.map(([name, type, hoursAgo, trashed = false, starred = false]) => {
    const id = `1${idFor(account.email, name)}${idFor(name, account.sub)}`.slice(0, 33);
    const modified = hour - hoursAgo * HOUR - (hash(account.email + name) % 50) * 60_000;
    const size = SIZES[type];
    return {
      kind: 'drive#file' as const,
      id,
      name,
      mimeType: MIME[type],
      starred,
      trashed,
      parents: ['0AExampleRootFolder'],
      createdTime: new Date(modified - 14 * DAY).toISOString(),
      modifiedTime: new Date(modified).toISOString(),
      webViewLink: viewLink(type, id),
      iconLink: `https://drive-thirdparty.googleusercontent.com/16/type/${MIME[type]}`,
      owners: [
        {
          kind: 'drive#user' as const,
          displayName: account.name,
          emailAddress: account.email,
          me: true as const,
          permissionId: idFor('permission', account.sub),
          photoLink: account.picture,
        },
      ],
      ...(size === undefined ? {} : { size: String(size) }),
    };
  });
}
