/** Names and plain-words descriptions of features and OAuth scopes. */
import { FEATURE_SCOPES, USERINFO_SCOPES, type Feature } from '../../../common/features.ts';

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
  [USERINFO_SCOPES.email]: 'See your email address',
  profile: 'See your name and profile picture',
  [USERINFO_SCOPES.profile]: 'See your name and profile picture',
  [FEATURE_SCOPES.calendar]: 'See your Google Calendar events',
  [FEATURE_SCOPES.drive]: 'See the names and details of your Google Drive files',
};

/** A scope in plain words; an unknown scope is shown as it is. */
export function scopeInWords(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}

/** Whether `grantedScopes` include `feature`'s scope. */
export function hasFeature(grantedScopes: readonly string[], feature: Feature): boolean {
  return grantedScopes.includes(FEATURE_SCOPES[feature]);
}

/** Which feature a scope belongs to, if any (for the Security view's "Disconnect"). */
export function featureOfScope(scope: string): Feature | null {
  const entry = (Object.entries(FEATURE_SCOPES) as Array<[Feature, string]>).find(
    ([, value]) => value === scope,
  );
  return entry ? entry[0] : null;
}
