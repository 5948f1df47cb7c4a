/** Names and plain-words descriptions of features and OAuth scopes, in the window's language. */
import {
  FEATURE_INFO,
  FEATURE_SCOPES,
  FEATURES,
  USERINFO_SCOPES,
  type Feature,
} from '../../../common/features.ts';
import { featureKey, type MessageKey } from '../../../common/i18n/index.ts';
import { t } from './i18n.svelte.ts';

export { featureKey } from '../../../common/i18n/index.ts';

/** "Google Calendar", "Google Drive", … (Google's name for the product, in the language). */
export function featureName(feature: Feature): string {
  return t(featureKey(feature, 'product'));
}

/** The catalog key of each scope Latchkey knows in plain words. */
const SCOPE_WORDS: Record<string, MessageKey> = {
  openid: 'scope.openid',
  email: 'scope.email',
  [USERINFO_SCOPES.email]: 'scope.email',
  profile: 'scope.profile',
  [USERINFO_SCOPES.profile]: 'scope.profile',
  ...Object.fromEntries(
    FEATURES.map((feature) => [FEATURE_INFO[feature].scope, featureKey(feature, 'scope')]),
  ),
};

/** A scope in plain words; an unknown scope is shown as it is. */
export function scopeInWords(scope: string): string {
  const key = SCOPE_WORDS[scope];
  return key ? t(key) : scope;
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
