/**
 * One copy of google-auth-library and of gaxios: the `@googleapis/*` clients must share the
 * app's, or an OAuth2Client from one copy is handed to the other's request code, errors come from
 * two different GaxiosError classes, and a fix in one copy (redirects, body caps) misses the other.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const fromApp = createRequire(import.meta.url);

/** Where `name` resolves when required from inside package `from` (or from the app). */
function resolvedFrom(from: string | null, name: string): string {
  const base = from === null ? fromApp : createRequire(fromApp.resolve(`${from}/package.json`));
  return dirname(base.resolve(`${name}/package.json`));
}

/** The package googleapis-common resolves to for an `@googleapis/*` client. */
function common(client: string): string {
  return resolvedFrom(client, 'googleapis-common');
}

describe('Google client dependencies', () => {
  for (const client of ['@googleapis/calendar', '@googleapis/drive']) {
    it(`${client} uses the app's google-auth-library and gaxios`, () => {
      expect(resolvedFrom(common(client), 'google-auth-library')).toBe(
        resolvedFrom(null, 'google-auth-library'),
      );
      expect(resolvedFrom(common(client), 'gaxios')).toBe(resolvedFrom(null, 'gaxios'));
    });
  }

  it("google-auth-library uses the app's gaxios", () => {
    expect(resolvedFrom('google-auth-library', 'gaxios')).toBe(resolvedFrom(null, 'gaxios'));
  });
});
