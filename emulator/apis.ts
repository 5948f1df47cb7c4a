/**
 * Stand-ins for the two Google APIs Latchkey calls, on the emulator's origin (rootUrl = issuer +
 * '/'): Calendar v3 events.list on the primary calendar and Drive v3 files.list. Each checks the
 * bearer token against oidc-provider's AccessToken model and the token's scopes, and answers in
 * Google's shapes, errors included, so `@googleapis/*` clients work unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { EmulatorAccount } from './accounts.ts';
import { CALENDAR_SCOPE, DRIVE_SCOPE } from './accounts.ts';
import { googleApiError, googleApiErrorHeaders } from './api-errors.ts';
import { applyFieldMask } from './fields.ts';
import { sendJson } from './http.ts';
import { fileMatches, parseDriveQuery } from './drive-query.ts';
import type { DriveFile } from './seed.ts';
import { eventEnd, eventStart, seedEvents, seedFiles } from './seed.ts';

export interface ApiDeps {
  provider: Provider;
  accounts: EmulatorAccount[];
}

const CALENDAR_EVENTS = '/calendar/v3/calendars/primary/events';
const DRIVE_FILES = '/drive/v3/files';

class ApiError extends Error {
  readonly status: number;
  readonly extra: Record<string, string>;

  constructor(status: number, extra: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.extra = extra;
  }
}

function badParameter(name: string): ApiError {
  return new ApiError(400, { location: name, locationType: 'parameter' });
}

/** The account behind a valid bearer token that carries `scope`; throws 401/403 otherwise. */
async function authorize(
  req: IncomingMessage,
  scope: string,
  deps: ApiDeps,
): Promise<EmulatorAccount> {
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
  const unauthenticated = new ApiError(401, { location: 'Authorization', locationType: 'header' });
  if (!match?.[1]) throw unauthenticated;
  // find() returns nothing for unknown, expired and revoked tokens alike.
  const token = await deps.provider.AccessToken.find(match[1]);
  const account = token && deps.accounts.find((candidate) => candidate.sub === token.accountId);
  if (!token || !account) throw unauthenticated;
  if (!token.scopes.has(scope)) throw new ApiError(403);
  return account;
}

function integerParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw badParameter(name);
  return Math.min(value, max);
}

function timeParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  // Google requires an RFC 3339 timestamp with an offset.
  const time = /[zZ]|[+-]\d\d:\d\d$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(time)) throw badParameter(name);
  return time;
}

/** Page tokens are opaque to clients; here they carry the offset of the next item. */
function pageOffset(url: URL): number {
  const token = url.searchParams.get('pageToken');
  if (token === null) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) throw badParameter('pageToken');
  return offset;
}

function paginate<T>(items: T[], url: URL, size: number) {
  const offset = pageOffset(url);
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length
      ? Buffer.from(String(offset + size)).toString('base64url')
      : undefined;
  return { page, next };
}

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
  try {
    if (req.method !== 'GET') throw new ApiError(405);
    const account = await authorize(req, route === 'calendar' ? CALENDAR_SCOPE : DRIVE_SCOPE, deps);
    const body = route === 'calendar' ? listEvents(url, account) : listFiles(url, account);
    const fields =
      url.searchParams.get('fields') ?? (route === 'drive' ? DRIVE_DEFAULT_FIELDS : null);
    const masked = fields === null ? body : applyFieldMask(body, fields);
    if (masked === undefined) throw badParameter('fields');
    sendJson(res, 200, masked);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendJson(
      res,
      error.status,
      googleApiError(error.status, error.extra),
      googleApiErrorHeaders(error.status),
    );
  }
  return true;
}
