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

/** `{ error: { code, message, errors: [{ reason, … }], status } }` for an HTTP status. */
export function googleApiError(code: number, extra: Record<string, string> = {}) {
  const [status, reason, message] = STATUS_NAMES[code] ?? ['UNKNOWN', 'unknown', `HTTP ${code}`];
  return {
    error: {
      code,
      message,
      errors: [{ message, domain: 'global', reason, ...extra }],
      status,
    },
  };
}

/** The headers Google sends with an API error: the bearer challenge, or a retry hint. */
export function googleApiErrorHeaders(code: number): Record<string, string> {
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
