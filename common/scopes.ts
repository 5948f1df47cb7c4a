/**
 * The OAuth scopes Latchkey asks for, declared once. Plain constants with no imports: main, the
 * contract and the renderer use them.
 */

/** Scopes asked for at sign-in. */
export const SIGN_IN_SCOPES = ['openid', 'email', 'profile'] as const;

/** Features that need their own scope, asked for the first time the feature is opened. */
export const FEATURES = ['calendar', 'drive'] as const;
export type Feature = (typeof FEATURES)[number];

/** The one scope each feature needs. */
export const FEATURE_SCOPES: Readonly<Record<Feature, string>> = {
  calendar: 'https://www.googleapis.com/auth/calendar.readonly',
  drive: 'https://www.googleapis.com/auth/drive.metadata.readonly',
};

/** The long forms Google may return for the `email` and `profile` scopes. */
export const USERINFO_SCOPES = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
} as const;
