/**
 * Drive's most recently modified files, through `@googleapis/drive` files.list with a `fields`
 * mask, the account's authorized client and the configured `rootUrl`.
 */
import { drive } from '@googleapis/drive';
import type { drive_v3 } from '@googleapis/drive';
import type { OAuth2Client } from 'google-auth-library';
import type { DriveFile, DriveListing } from '../../common/features.ts';
import type { Result } from '../../common/result.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import type { CallContext } from './call.ts';
import { callGoogle } from './call.ts';
import { httpsOr } from './links.ts';
import { t } from '../../common/i18n/current.ts';

/** How many files the Drive view shows. */
export const DRIVE_PAGE_SIZE = 20;

/** Only the metadata the view shows (Drive returns just `id,name,mimeType` otherwise). */
export const DRIVE_FIELDS =
  // i18n-ignore: Drive's field list
  'nextPageToken, files(id,name,mimeType,modifiedTime,owners(displayName,emailAddress),webViewLink,iconLink)';

/**
 * Escapes a value for a single-quoted string in Drive's query language: a backslash and a single
 * quote are each preceded by a backslash (developers.google.com/drive/api/guides/ref-search-terms).
 */
export function escapeDriveQueryValue(value: string): string {
  return value.replace(/[\\']/g, (character) => `\\${character}`);
}

/** The `q` of files.list: files not in the trash, whose name contains `search` when given. */
export function buildDriveQuery(search: string): string {
  const clauses = ['trashed = false'];
  // i18n-ignore: Drive's query language
  if (search !== '') clauses.push(`name contains '${escapeDriveQueryValue(search)}'`);
  return clauses.join(' and ');
}

/** A Drive client over an account's client. */
export function driveClient(client: OAuth2Client, rootUrl: string): drive_v3.Drive {
  return drive({ version: 'v3', auth: client, rootUrl });
}

/** Maps one Drive file to a {@link DriveFile}, or null when it lacks an id. */
export function mapFile(file: drive_v3.Schema$File): DriveFile | null {
  if (!file.id) return null;
  const owner = file.owners?.[0];
  return {
    id: file.id,
    name: file.name ?? '(Untitled)',
    mimeType: file.mimeType ?? 'application/octet-stream',
    modifiedTime: file.modifiedTime ?? '',
    ownerName: owner?.displayName ?? null,
    ownerEmail: owner?.emailAddress ?? null,
    webViewLink:
      httpsOr(file.webViewLink, null) ??
      `https://drive.google.com/file/d/${encodeURIComponent(file.id)}/view`,
    iconLink: httpsOr(file.iconLink, null),
  };
}

/** Options of {@link recentFiles}. */
export interface DriveOptions {
  apiRoot: string;
  /** Name search; blank means "all files". */
  query?: string;
}

/** The account's {@link DRIVE_PAGE_SIZE} most recently modified files, optionally by name. */
export async function recentFiles(
  ctx: Omit<CallContext, 'service' | 'scope'>,
  options: DriveOptions,
): Promise<Result<DriveListing>> {
  const query = (options.query ?? '').trim();
  return callGoogle(
    { ...ctx, service: t('google.service.drive'), scope: FEATURE_SCOPES.drive },
    async (client, request) => {
      const response = await driveClient(client, options.apiRoot).files.list(
        {
          q: buildDriveQuery(query),
          // i18n-ignore: Drive's sort order
          orderBy: 'modifiedTime desc',
          pageSize: DRIVE_PAGE_SIZE,
          fields: DRIVE_FIELDS,
          spaces: 'drive',
        },
        request,
      );
      const files = (response.data.files ?? [])
        .map(mapFile)
        .filter((file): file is DriveFile => file !== null)
        .slice(0, DRIVE_PAGE_SIZE);
      return { query, files };
    },
  );
}
