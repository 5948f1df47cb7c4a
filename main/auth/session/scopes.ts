/**
 * Scope bookkeeping. Google answers `email profile` with their long forms
 * (`…/auth/userinfo.email`, `…/auth/userinfo.profile`); we store the short forms so a comparison
 * with what we asked for works either way.
 */
const ALIASES: Readonly<Record<string, string>> = {
  'https://www.googleapis.com/auth/userinfo.email': 'email',
  'https://www.googleapis.com/auth/userinfo.profile': 'profile',
};

/** The canonical form of one scope. */
export function normalizeScope(scope: string): string {
  return ALIASES[scope] ?? scope;
}

/** Splits a space-delimited `scope` value into unique canonical scopes, keeping order. */
export function parseScopes(scope: string | undefined | null): string[] {
  if (!scope) return [];
  return unique(scope.split(/\s+/).filter(Boolean).map(normalizeScope));
}

/** Unique values, first occurrence wins. */
export function unique(scopes: Iterable<string>): string[] {
  return [...new Set(scopes)];
}

/** True when every scope in `wanted` is in `granted`. */
export function hasAllScopes(granted: readonly string[], wanted: readonly string[]): boolean {
  const have = new Set(granted.map(normalizeScope));
  return wanted.every((scope) => have.has(normalizeScope(scope)));
}

/** Scopes of `wanted` missing from `granted`. */
export function missingScopes(granted: readonly string[], wanted: readonly string[]): string[] {
  const have = new Set(granted.map(normalizeScope));
  return unique(wanted.map(normalizeScope).filter((scope) => !have.has(scope)));
}
