import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildDriveQuery,
  DRIVE_FIELDS,
  escapeDriveQueryValue,
  mapFile,
  recentFiles,
} from '../../../main/google/drive.ts';
import { ACCOUNT, coreFor, signedInClient } from './fixtures.ts';
import { sendJson, startLoopback } from './loopback.ts';
import type { Loopback } from './loopback.ts';

/** Reads back a single-quoted Drive query string literal (the inverse of the escaping). */
function unescapeLiteral(literal: string): string | null {
  if (!literal.startsWith("'") || !literal.endsWith("'") || literal.length < 2) return null;
  let out = '';
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[i + 1];
      if (next !== '\\' && next !== "'") return null;
      out += next;
      i += 1;
    } else if (c === "'") {
      return null; // an unescaped quote would end the literal early: injection
    } else {
      out += c;
    }
  }
  return out;
}

describe('Drive query escaping', () => {
  it('escapes backslashes and single quotes', () => {
    expect(escapeDriveQueryValue("Ada's notes")).toBe("Ada\\'s notes");
    expect(escapeDriveQueryValue('C:\\temp')).toBe('C:\\\\temp');
    expect(escapeDriveQueryValue("\\'")).toBe("\\\\\\'");
  });

  it('builds trashed = false, plus name contains for a search', () => {
    expect(buildDriveQuery('')).toBe('trashed = false');
    expect(buildDriveQuery("it's")).toBe("trashed = false and name contains 'it\\'s'");
  });

  it('any search string reads back unchanged and cannot leave its literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (search) => {
        fc.pre(search !== '');
        const q = buildDriveQuery(search);
        const prefix = 'trashed = false and name contains ';
        expect(q.startsWith(prefix)).toBe(true);
        expect(unescapeLiteral(q.slice(prefix.length))).toBe(search);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mapFile', () => {
  it('maps the fields the view shows', () => {
    expect(
      mapFile({
        id: 'f1',
        name: 'Notes',
        mimeType: 'application/vnd.google-apps.document',
        modifiedTime: '2026-11-24T10:00:00.000Z',
        owners: [{ displayName: 'Ada Lovelace', emailAddress: 'ada@example.com' }],
        webViewLink: 'https://docs.google.com/document/d/f1/edit',
        iconLink: 'https://drive-thirdparty.googleusercontent.com/16/type/doc',
      }),
    ).toEqual({
      id: 'f1',
      name: 'Notes',
      mimeType: 'application/vnd.google-apps.document',
      modifiedTime: '2026-11-24T10:00:00.000Z',
      ownerName: 'Ada Lovelace',
      ownerEmail: 'ada@example.com',
      webViewLink: 'https://docs.google.com/document/d/f1/edit',
      iconLink: 'https://drive-thirdparty.googleusercontent.com/16/type/doc',
    });
  });

  it('copes with missing owners (shared drives) and links', () => {
    expect(mapFile({ id: 'f/2', name: 'x', webViewLink: 'file:///etc/passwd' })).toMatchObject({
      ownerName: null,
      ownerEmail: null,
      webViewLink: 'https://drive.google.com/file/d/f%2F2/view',
      iconLink: null,
    });
    expect(mapFile({ name: 'no id' })).toBeNull();
  });
});

describe('recentFiles against a loopback Drive', () => {
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback((_request, response) =>
      sendJson(response, 200, {
        files: [
          {
            id: 'f1',
            name: 'One',
            mimeType: 'text/plain',
            modifiedTime: '2026-11-24T10:00:00Z',
            webViewLink: 'https://drive.google.com/file/d/f1/view',
          },
        ],
      }),
    );
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('sends the fields mask, order, page size and escaped query', async () => {
    const result = await recentFiles(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { apiRoot: `${server.origin}/`, query: "  Ada's  " },
    );
    expect(result.ok && result.value.query).toBe("Ada's");
    expect(result.ok && result.value.files.map((f) => f.id)).toEqual(['f1']);
    const request = server.requests[0]!;
    expect(request.url.pathname).toBe('/drive/v3/files');
    expect(Object.fromEntries(request.url.searchParams)).toMatchObject({
      q: "trashed = false and name contains 'Ada\\'s'",
      orderBy: 'modifiedTime desc',
      pageSize: '20',
      fields: DRIVE_FIELDS,
    });
  });

  it('asks for SCOPE_REQUIRED without a request when Drive is not connected', async () => {
    const account = { ...ACCOUNT, grantedScopes: ['openid'] };
    const result = await recentFiles(
      { core: coreFor(account, signedInClient()), accountId: account.id },
      { apiRoot: `${server.origin}/` },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'SCOPE_REQUIRED' } });
    expect(server.requests).toHaveLength(0);
  });
});
