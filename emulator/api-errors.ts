/** Error bodies in the shape Google's JSON APIs (Calendar, Drive) send them. */

const STATUS_NAMES: Record<number, [status: string, reason: string, message: string]> = {
  400: ['INVALID_ARGUMENT', 'invalid', 'Invalid Value'],
  401: [
    'UNAUTHENTICATED',
    'authError',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  ],
  403: [
    'PERMISSION_DENIED',
    'insufficientPermissions',
    'Request had insufficient authentication scopes.',
  ],
  404: ['NOT_FOUND', 'notFound', 'Not Found'],
  429: ['RESOURCE_EXHAUSTED', 'rateLimitExceeded', 'Rate Limit Exceeded'],
  500: ['INTERNAL', 'backendError', 'Backend Error'],
  503: ['UNAVAILABLE', 'backendError', 'The service is currently unavailable.'],
};

/**
 * Reasons a test can ask for with an `api` status fault, as Calendar and Drive send them
 * (developers.google.com/workspace/calendar/api/guides/errors, …/drive/api/guides/handle-errors):
 * the `usageLimits` ones come with 403 (and the rate ones with 429 too), a missing scope with 403.
 */
export const API_ERROR_REASONS = {
  userRateLimitExceeded: ['usageLimits', 'User Rate Limit Exceeded'],
  rateLimitExceeded: ['usageLimits', 'Rate Limit Exceeded'],
  quotaExceeded: ['usageLimits', 'Calendar usage limits exceeded.'],
  dailyLimitExceeded: ['usageLimits', 'Daily Limit Exceeded'],
  insufficientPermissions: ['global', 'Request had insufficient authentication scopes.'],
} as const satisfies Record<string, readonly [domain: string, message: string]>;

/** A reason from {@link API_ERROR_REASONS}. */
export type ApiErrorReason = keyof typeof API_ERROR_REASONS;

/** Whether `value` is one of {@link API_ERROR_REASONS}. */
export function isApiErrorReason(value: unknown): value is ApiErrorReason {
  return typeof value === 'string' && Object.hasOwn(API_ERROR_REASONS, value);
}

/**
 * `{ error: { code, message, errors: [{ domain, reason, message }], status } }` for an HTTP status,
 * with the status's usual reason or the given one (a 403 may be a missing scope or a rate limit).
 */
export function googleApiError(
  code: number,
  extra: Record<string, string> = {},
  withReason?: ApiErrorReason,
) {
  const [status, defaultReason, defaultMessage] = STATUS_NAMES[code] ?? [
    'UNKNOWN',
    'unknown',
    `HTTP ${code}`,
  ];
  const [domain, message] = withReason
    ? API_ERROR_REASONS[withReason]
    : (['global', defaultMessage] as const);
  const reason = withReason ?? defaultReason;
  return {
    error: {
      code,
      message,
      errors: [{ message, domain, reason, ...extra }],
      status,
    },
  };
}

/** The headers Google sends with an API error: the bearer challenge, or a retry hint. */
export function googleApiErrorHeaders(
  code: number,
  reason?: ApiErrorReason,
): Record<string, string> {
  // A 403 for a rate or quota limit is not a scope challenge.
  if (code === 403 && reason !== undefined && reason !== 'insufficientPermissions') return {};
  if (code === 401)
    return {
      'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    };
  if (code === 403)
    return {
      'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"',
    };
  if (code === 429 || code === 503) return { 'retry-after': '1' };
  return {};
}
