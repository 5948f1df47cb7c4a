/**
 * THE feature registry's shared half, and each feature's data as the window sees it. A Google
 * feature is one entry here — its scope, its names, its bridge method with input and output —
 * plus its API module (main/google/features.ts lists them), its input schema
 * (main/bridge/schemas.ts) and its view (renderer/src/features.ts lists them). Plain constants
 * and types: main, the preload and the renderer all read this file.
 */

/** Scopes asked for at sign-in. */
export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;

/** The long forms Google may return for the `email` and `profile` scopes. */
export const USERINFO_SCOPES = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
} as const;

/**
 * What every side knows of a Google feature. Its words are in the message catalogs
 * (common/i18n/), under `feature.<id>.product` (Google's product: "Google Calendar"),
 * `feature.<id>.label` (the view's name in the navigation: "Agenda") and `feature.<id>.scope`
 * (what the scope lets Latchkey do, in plain words): the window does not compile without them.
 */
export interface FeatureInfo {
  /** The one OAuth scope it needs, asked for the first time the feature is opened. */
  scope: string;
  /** Google's pages of the feature the window may open in the browser (https, default port). */
  links: ReadonlyArray<{ host: string; pathPrefix?: string }>;
}

/** The features, in the order of the navigation. */
export const FEATURE_INFO = {
  calendar: {
    scope: 'https://www.googleapis.com/auth/calendar.readonly',
    links: [{ host: 'calendar.google.com' }, { host: 'www.google.com', pathPrefix: '/calendar/' }],
  },
  drive: {
    scope: 'https://www.googleapis.com/auth/drive.metadata.readonly',
    links: [{ host: 'drive.google.com' }, { host: 'docs.google.com' }],
  },
  tasks: {
    scope: 'https://www.googleapis.com/auth/tasks.readonly',
    links: [{ host: 'tasks.google.com' }],
  },
} as const satisfies Record<string, FeatureInfo>;

/** A feature's id. */
export type Feature = keyof typeof FEATURE_INFO;

/** Every feature id, in the order of the navigation. */
export const FEATURES = Object.keys(FEATURE_INFO) as [Feature, ...Feature[]];

/** The one scope each feature needs. */
export const FEATURE_SCOPES = Object.fromEntries(
  FEATURES.map((feature) => [feature, FEATURE_INFO[feature].scope]),
) as Readonly<Record<Feature, string>>;

/** One bridge method of a feature: what it takes and what it resolves to. */
export interface FeatureCall<I, O> {
  input: I;
  output: O;
}

/** Every feature's bridge methods (common/contract.ts makes them part of the contract). */
export interface FeatureCalls {
  /** `days`: a whole number from 1 to 31. */
  calendar: { upcoming: FeatureCall<{ accountId?: string; days?: number } | undefined, Agenda> };
  /** `query`: at most 200 characters. */
  drive: { recent: FeatureCall<{ accountId?: string; query?: string } | undefined, DriveListing> };
  tasks: { open: FeatureCall<{ accountId?: string } | undefined, OpenTasks> };
}

/** The method names of {@link FeatureCalls}, at run time. */
export const FEATURE_METHODS = {
  calendar: ['upcoming'],
  drive: ['recent'],
  tasks: ['open'],
} as const satisfies { [F in Feature]: ReadonlyArray<keyof FeatureCalls[F]> };

/** One Calendar event. Times are as Google gives them; the window formats them locally. */
export interface AgendaEvent {
  id: string;
  summary: string;
  /** RFC 3339 date-time for timed events, `YYYY-MM-DD` for all-day events. */
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  /** "Open in Google Calendar" link (https://www.google.com/calendar/event?eid=…). */
  htmlLink: string;
}

export interface Agenda {
  timeMin: string;
  timeMax: string;
  events: AgendaEvent[];
}

/** One Drive file's metadata. */
export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime: string;
  ownerName: string | null;
  ownerEmail: string | null;
  /** "Open in Drive" link (https://drive.google.com/… or https://docs.google.com/…). */
  webViewLink: string;
  iconLink: string | null;
}

export interface DriveListing {
  query: string;
  files: DriveFile[];
}

/** One open task (Google Tasks). */
export interface TaskItem {
  id: string;
  title: string;
  /** The task's notes, or null. */
  notes: string | null;
  /**
   * The due date as `YYYY-MM-DD`, or null. Google keeps only the date (the time it returns is
   * always midnight UTC), so it is a calendar day, not an instant: shown as that day, anywhere.
   */
  due: string | null;
  /** The list it belongs to. */
  listId: string;
  listTitle: string;
  /** The parent task's id for a subtask, else null. */
  parentId: string | null;
  /** "Open in Google Tasks" (https://tasks.google.com/…). */
  webViewLink: string;
}

/** The open tasks of every task list, soonest due first, undated last. */
export interface OpenTasks {
  /** The task lists, in Google's order. */
  lists: Array<{ id: string; title: string }>;
  tasks: TaskItem[];
}
