/**
 * Stand-ins for the two Google APIs Latchkey calls, on the emulator's origin (rootUrl = issuer +
 * '/'): Calendar v3 events.list on the primary calendar and Drive v3 files.list. Each checks the
 * bearer token against oidc-provider's AccessToken model and the token's scopes, and answers in
 * Google's shapes, errors included, so `@googleapis/*` clients work unchanged (helpers shared with
 * the Tasks stand-in in api-common.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiDeps } from './api-common.ts';
import { badParameter, integerParam, paginate, serveApi, timeParam } from './api-common.ts';
import type { EmulatorAccount } from './accounts.ts';
import { CALENDAR_SCOPE, DRIVE_SCOPE } from './accounts.ts';
import { googleApiError } from './api-errors.ts';
import { sendJson } from './http.ts';
import { fileMatches, parseDriveQuery } from './drive-query.ts';
import type { DriveFile } from './seed.ts';
import { eventEnd, eventStart, seedEvents, seedFiles } from './seed.ts';

export type { ApiDeps } from './api-common.ts';

const CALENDAR_EVENTS = '/calendar/v3/calendars/primary/events';
const DRIVE_FILES = '/drive/v3/files';

function listEvents(url: URL, account: EmulatorAccount) {
  const timeMin = timeParam(url, 'timeMin');
  const timeMax = timeParam(url, 'timeMax');
  const maxResults = integerParam(url, 'maxResults', 250, 2500);
  const orderBy = url.searchParams.get('orderBy');
  if (orderBy !== null && orderBy !== 'startTime' && orderBy !== 'updated')
    throw badParameter('orderBy');
  // As at Google: ordering by start time is only defined for expanded recurring events.
  if (orderBy === 'startTime' && url.searchParams.get('singleEvents') !== 'true')
    throw badParameter('orderBy');

  // timeMin bounds an event's end, timeMax its start (both exclusive), as Google documents.
  const events = seedEvents(account).filter(
    (event) =>
      (timeMin === undefined || eventEnd(event) > timeMin) &&
      (timeMax === undefined || eventStart(event) < timeMax),
  );
  const { page, next } = paginate(events, url, maxResults);
  return {
    kind: 'calendar#events',
    etag: `"${events.length}"`,
    summary: account.email,
    description: '',
    updated: new Date().toISOString(),
    timeZone: 'UTC',
    accessRole: 'owner',
    defaultReminders: [],
    ...(next ? { nextPageToken: next } : { nextSyncToken: 'sync-token-not-supported' }),
    items: page,
  };
}

const SORT_KEYS: Record<string, (file: DriveFile) => string> = {
  modifiedTime: (file) => file.modifiedTime,
  createdTime: (file) => file.createdTime,
  name: (file) => file.name.toLowerCase(),
  folder: (file) => (file.mimeType === 'application/vnd.google-apps.folder' ? '0' : '1'),
  starred: (file) => (file.starred ? '0' : '1'),
};

/** Drive's orderBy: comma-separated keys, each optionally followed by `desc`. */
function sortFiles(files: DriveFile[], orderBy: string): DriveFile[] {
  const keys = orderBy.split(',').map((part) => {
    const [name = '', direction, ...rest] = part.trim().split(/\s+/);
    const key = SORT_KEYS[name];
    if (!key || rest.length || (direction !== undefined && direction !== 'desc'))
      throw badParameter('orderBy');
    return { key, sign: direction === 'desc' ? -1 : 1 };
  });
  return [...files].sort((a, b) => {
    for (const { key, sign } of keys) {
      const order = key(a).localeCompare(key(b));
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}

function listFiles(url: URL, account: EmulatorAccount) {
  const pageSize = integerParam(url, 'pageSize', 100, 1000);
  const q = url.searchParams.get('q');
  const query = q === null ? [] : parseDriveQuery(q);
  if (query === undefined) throw badParameter('q');
  let files = seedFiles(account).filter((file) => fileMatches(file, query));
  const orderBy = url.searchParams.get('orderBy');
  if (orderBy) files = sortFiles(files, orderBy);
  const { page, next } = paginate(files, url, pageSize);
  return {
    kind: 'drive#fileList',
    incompleteSearch: false,
    ...(next ? { nextPageToken: next } : {}),
    files: page,
  };
}

/** What Drive returns for each file when the request names no `fields`. */
const DRIVE_DEFAULT_FIELDS = 'kind,incompleteSearch,nextPageToken,files(kind,id,name,mimeType)';

/** Serves the API stand-ins; returns false when the path is not one of them. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ApiDeps,
): Promise<boolean> {
  const route =
    url.pathname === CALENDAR_EVENTS
      ? 'calendar'
      : url.pathname === DRIVE_FILES
        ? 'drive'
        : undefined;
  if (!route) {
    if (!url.pathname.startsWith('/calendar/') && !url.pathname.startsWith('/drive/')) return false;
    sendJson(res, 404, googleApiError(404));
    return true;
  }
  await serveApi(
    req,
    res,
    url,
    deps,
    route === 'calendar'
      ? { scope: CALENDAR_SCOPE, body: (account) => listEvents(url, account) }
      : {
          scope: DRIVE_SCOPE,
          body: (account) => listFiles(url, account),
          defaultFields: DRIVE_DEFAULT_FIELDS,
        },
  );
  return true;
}
