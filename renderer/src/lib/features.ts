/** Names and plain-words descriptions of features and OAuth scopes. */
import {
  FEATURE_INFO,
  FEATURE_SCOPES,
  FEATURES,
  USERINFO_SCOPES,
  type Feature,
} from '../../../common/features.ts';

/** "Google Calendar", "Google Drive", … (the feature registry's product name). */
export function featureName(feature: Feature): string {
  return FEATURE_INFO[feature].product;
}

const SCOPE_WORDS: Record<string, string> = {
  openid: 'Confirm who you are',
  email: 'See your email address',
  [USERINFO_SCOPES.email]: 'See your email address',
  profile: 'See your name and profile picture',
  [USERINFO_SCOPES.profile]: 'See your name and profile picture',
  ...Object.fromEntries(
    FEATURES.map((feature) => [FEATURE_INFO[feature].scope, FEATURE_INFO[feature].scopeWords]),
  ),
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
