/** Names and plain-words descriptions of features and OAuth scopes. */
import type { Feature } from '../../../preload/contract.ts';

const FEATURE_NAMES: Record<Feature, string> = {
  calendar: 'Google Calendar',
  drive: 'Google Drive',
};

/** "Google Calendar", "Google Drive". */
export function featureName(feature: Feature): string {
  return FEATURE_NAMES[feature];
}

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Confirm who you are',
  email: 'See your email address',
  'https://www.googleapis.com/auth/userinfo.email': 'See your email address',
  profile: 'See your name and profile picture',
  'https://www.googleapis.com/auth/userinfo.profile': 'See your name and profile picture',
  'https://www.googleapis.com/auth/calendar.readonly': 'See your Google Calendar events',
  'https://www.googleapis.com/auth/drive.metadata.readonly':
    'See the names and details of your Google Drive files',
};

/** A scope in plain words; an unknown scope is shown as it is. */
export function scopeInWords(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}

/**
 * The scope each feature needs. The same values as `FEATURE_SCOPES` in the contract, which the
 * renderer may import only as types (a component test checks they agree).
 */
export const FEATURE_SCOPE: Record<Feature, string> = {
  calendar: 'https://www.googleapis.com/auth/calendar.readonly',
  drive: 'https://www.googleapis.com/auth/drive.metadata.readonly',
};

/** Whether `grantedScopes` include `feature`'s scope. */
export function hasFeature(grantedScopes: readonly string[], feature: Feature): boolean {
  return grantedScopes.includes(FEATURE_SCOPE[feature]);
}

/** Which feature a scope belongs to, if any (for the Security view's "Disconnect"). */
export function featureOfScope(scope: string): Feature | null {
  const entry = (Object.entries(FEATURE_SCOPE) as Array<[Feature, string]>).find(
    ([, value]) => value === scope,
  );
  return entry ? entry[0] : null;
}
