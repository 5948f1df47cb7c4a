/** The seeded Google accounts the emulator signs in, and the scopes it knows. */

/** A seeded account, with the claims Google puts in its id_token and userinfo. */
export interface EmulatorAccount {
  sub: string;
  email: string;
  name: string;
  givenName: string;
  familyName: string;
  /** URL of the account's avatar (an SVG served by the emulator). */
  picture: string;
}

const PEOPLE = [
  {
    sub: '110000000000000000001',
    email: 'ada@example.com',
    givenName: 'Ada',
    familyName: 'Lovelace',
  },
  {
    sub: '110000000000000000002',
    email: 'grace@example.com',
    givenName: 'Grace',
    familyName: 'Hopper',
  },
  {
    sub: '110000000000000000003',
    email: 'alan@example.com',
    givenName: 'Alan',
    familyName: 'Turing',
  },
];

/** The seeded accounts, with avatar URLs under the given issuer. */
export function seedAccounts(issuer: string): EmulatorAccount[] {
  return PEOPLE.map((person) => ({
    ...person,
    name: `${person.givenName} ${person.familyName}`,
    picture: `${issuer}/avatars/${person.sub}.svg`,
  }));
}

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.metadata.readonly';
/** Google Tasks, read-only (developers.google.com/workspace/tasks/auth: "View your tasks."). */
export const TASKS_SCOPE = 'https://www.googleapis.com/auth/tasks.readonly';

/**
 * Every scope the emulator grants, with the words the consent page uses for it (close to what
 * Google's own consent screen says).
 */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Associate you with your personal info on Google',
  email: 'See your primary Google Account email address',
  profile: 'See your personal info, including your name and profile picture',
  offline_access: 'Keep access to this data while you are not using the app',
  [CALENDAR_SCOPE]: 'See and download any calendar you can access using your Google Calendar',
  [DRIVE_SCOPE]: 'See information about your Google Drive files',
  [TASKS_SCOPE]: 'View your tasks',
};

/**
 * Scopes a person can untick on the consent page (Google's granular consent). `email` and
 * `profile` too, so the app's answer to a sign-in that comes back without them can be tried.
 */
export const OPTIONAL_SCOPES = new Set([
  'email',
  'profile',
  CALENDAR_SCOPE,
  DRIVE_SCOPE,
  TASKS_SCOPE,
]);
