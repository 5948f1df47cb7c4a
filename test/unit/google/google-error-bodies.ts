/**
 * Error bodies as Calendar and Drive send them, copied from Google's error guides
 * (developers.google.com/workspace/calendar/api/guides/errors,
 * developers.google.com/workspace/drive/api/guides/handle-errors) and from answers seen in the
 * wild (the newer shape with `status` and an ErrorInfo in `details`). A 403 is one of three
 * things here: a rate limit (retry), a used-up quota (don't), a missing scope (ask for it).
 */

/** Calendar/Drive 403: the user is making requests too fast. */
export const USER_RATE_LIMIT_403 = {
  error: {
    code: 403,
    message: 'User Rate Limit Exceeded',
    errors: [
      {
        domain: 'usageLimits',
        reason: 'userRateLimitExceeded',
        message: 'User Rate Limit Exceeded',
      },
    ],
    status: 'PERMISSION_DENIED',
  },
};

/** The project's per-minute limit, newer shape (ErrorInfo RATE_LIMIT_EXCEEDED in details). */
export const RATE_LIMIT_403 = {
  error: {
    code: 403,
    message:
      "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'drive.googleapis.com' for consumer 'project_number:100000000001'.",
    errors: [
      {
        message:
          "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service 'drive.googleapis.com' for consumer 'project_number:100000000001'.",
        domain: 'usageLimits',
        reason: 'rateLimitExceeded',
      },
    ],
    status: 'PERMISSION_DENIED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: { service: 'drive.googleapis.com', quota_metric: 'drive.googleapis.com/default' },
      },
    ],
  },
};

/** Calendar 403: the calendar's usage limits (not per second: retrying now does not help). */
export const QUOTA_EXCEEDED_403 = {
  error: {
    code: 403,
    message: 'Calendar usage limits exceeded.',
    errors: [
      {
        domain: 'usageLimits',
        reason: 'quotaExceeded',
        message: 'Calendar usage limits exceeded.',
      },
    ],
    status: 'PERMISSION_DENIED',
  },
};

/** Drive 403: the project's daily quota is used up. */
export const DAILY_LIMIT_403 = {
  error: {
    code: 403,
    message: 'Daily Limit Exceeded',
    errors: [
      { domain: 'usageLimits', reason: 'dailyLimitExceeded', message: 'Daily Limit Exceeded' },
    ],
    status: 'PERMISSION_DENIED',
  },
};

/** 403 in the `usageLimits` domain that is neither: the API is off for the Cloud project. */
export const ACCESS_NOT_CONFIGURED_403 = {
  error: {
    code: 403,
    message:
      'Google Calendar API has not been used in project 100000000001 before or it is disabled.',
    errors: [
      {
        domain: 'usageLimits',
        reason: 'accessNotConfigured',
        message:
          'Google Calendar API has not been used in project 100000000001 before or it is disabled.',
      },
    ],
    status: 'PERMISSION_DENIED',
  },
};

/** 403 for a token without the scope (both shapes at once, as Google sends it today). */
export const INSUFFICIENT_SCOPE_403 = {
  error: {
    code: 403,
    message: 'Request had insufficient authentication scopes.',
    errors: [
      { message: 'Insufficient Permission', domain: 'global', reason: 'insufficientPermissions' },
    ],
    status: 'PERMISSION_DENIED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'ACCESS_TOKEN_SCOPE_INSUFFICIENT',
        domain: 'googleapis.com',
        metadata: { method: 'calendar.v3.Events.List', service: 'calendar-json.googleapis.com' },
      },
    ],
  },
};
