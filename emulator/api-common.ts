/**
 * What every Google API stand-in shares (Calendar and Drive in apis.ts, Tasks in tasks-api.ts):
 * the bearer check against oidc-provider's AccessToken model and the token's scopes, query
 * parameters as Google reads them, opaque page tokens, the `fields` mask, and errors in Google's
 * JSON shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { EmulatorAccount } from './accounts.ts';
import { googleApiError, googleApiErrorHeaders } from './api-errors.ts';
import { applyFieldMask } from './fields.ts';
import { sendJson } from './http.ts';

export interface ApiDeps {
  provider: Provider;
  accounts: EmulatorAccount[];
}

/** An error answered in Google's shape (api-errors.ts), with `location` details in `extra`. */
export class ApiError extends Error {
  readonly status: number;
  readonly extra: Record<string, string>;

  constructor(status: number, extra: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.extra = extra;
  }
}

export function badParameter(name: string): ApiError {
  return new ApiError(400, { location: name, locationType: 'parameter' });
}

/** The account behind a valid bearer token that carries `scope`; throws 401/403 otherwise. */
export async function authorize(
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

/** A positive integer parameter; values above `max` are lowered to it. */
export function integerParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw badParameter(name);
  return Math.min(value, max);
}

/** An RFC 3339 timestamp parameter, in epoch ms. */
export function timeParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  // Google requires an RFC 3339 timestamp with an offset.
  const time = /[zZ]|[+-]\d\d:\d\d$/.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(time)) throw badParameter(name);
  return time;
}

/** A boolean parameter: `true` or `false`, anything else is 400. */
export function booleanParam(url: URL, name: string, fallback: boolean): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badParameter(name);
}

/** Page tokens are opaque to clients; here they carry the offset of the next item. */
function pageOffset(url: URL): number {
  const token = url.searchParams.get('pageToken');
  if (token === null) return 0;
  const offset = Number(Buffer.from(token, 'base64url').toString());
  if (!Number.isInteger(offset) || offset < 0) throw badParameter('pageToken');
  return offset;
}

/** The page `pageToken` points at, and the token of the next one when there is more. */
export function paginate<T>(items: T[], url: URL, size: number) {
  const offset = pageOffset(url);
  const page = items.slice(offset, offset + size);
  const next =
    offset + size < items.length
      ? Buffer.from(String(offset + size)).toString('base64url')
      : undefined;
  return { page, next };
}

/** Answers with Google's error body and headers for `status`. */
export function sendApiError(res: ServerResponse, error: ApiError): void {
  sendJson(
    res,
    error.status,
    googleApiError(error.status, error.extra),
    googleApiErrorHeaders(error.status),
  );
}

export interface ApiRoute {
  scope: string;
  /** The response body for the signed-in account; throws ApiError for bad requests. */
  body: (account: EmulatorAccount) => unknown;
  /** The mask Google applies when the request names no `fields` (Drive has one). */
  defaultFields?: string;
}

/** Serves one GET route of a stand-in: method, token and scope, body, `fields`, errors. */
export async function serveApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ApiDeps,
  route: ApiRoute,
): Promise<void> {
  try {
    if (req.method !== 'GET') throw new ApiError(405);
    const account = await authorize(req, route.scope, deps);
    const body = route.body(account);
    const fields = url.searchParams.get('fields') ?? route.defaultFields ?? null;
    const masked = fields === null ? body : applyFieldMask(body, fields);
    if (masked === undefined) throw badParameter('fields');
    sendJson(res, 200, masked);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    sendApiError(res, error);
  }
}
