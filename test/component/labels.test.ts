import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ApiError } from '../../common/result.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { errorView } from '../../renderer/src/lib/errors.ts';
import { featureOfScope, hasFeature, scopeInWords } from '../../renderer/src/lib/features.ts';
import { fileType } from '../../renderer/src/lib/files.ts';
import { flowOutcome } from '../../renderer/src/lib/outcome.ts';
import { formatRelative } from '../../renderer/src/lib/time.ts';

const error = (code: ApiError['code'], message = 'detail'): ApiError => ({ code, message });

describe('fileType', () => {
  it.each([
    ['application/vnd.google-apps.document', 'Document', 'document'],
    ['application/vnd.google-apps.spreadsheet', 'Spreadsheet', 'spreadsheet'],
    ['application/vnd.google-apps.presentation', 'Presentation', 'presentation'],
    ['application/vnd.google-apps.folder', 'Folder', 'folder'],
    ['application/pdf', 'PDF', 'pdf'],
    ['image/png', 'Image', 'image'],
    ['IMAGE/JPEG', 'Image', 'image'],
    ['video/mp4', 'Video', 'video'],
    ['text/plain; charset=utf-8', 'Text', 'document'],
    [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'Word document',
      'document',
    ],
    ['application/octet-stream', 'File', 'file'],
    ['', 'File', 'file'],
  ])('%s → %s', (mime, label, kind) => {
    expect(fileType(mime)).toEqual({ label, kind });
  });
});

describe('errorView', () => {
  it('maps each code to its message and action', () => {
    expect(errorView(error('NETWORK'))).toMatchObject({
      title: "Can't reach Google",
      action: 'retry',
      actionLabel: 'Retry',
    });
    expect(errorView(error('SESSION_EXPIRED'))).toMatchObject({
      action: 'sign-in',
      actionLabel: 'Sign in again',
    });
    expect(errorView(error('SCOPE_REQUIRED'), 'calendar')).toMatchObject({
      title: 'Connect Google Calendar',
      action: 'connect',
      actionLabel: 'Connect Google Calendar',
    });
    expect(errorView(error('SCOPE_REQUIRED'), 'drive').actionLabel).toBe('Connect Google Drive');
    for (const code of ['RATE_LIMITED', 'GOOGLE_API'] as const) {
      expect(errorView(error(code))).toMatchObject({ title: 'Google is busy', action: 'retry' });
    }
  });

  it('never leaves a code without a title and an action', () => {
    for (const code of ERROR_CODES) {
      const view = errorView(error(code));
      expect(view.title.length).toBeGreaterThan(0);
      expect(view.actionLabel.length).toBeGreaterThan(0);
    }
  });

  it("says main's sentence, written once, for every code (the window adds a heading)", () => {
    for (const code of ERROR_CODES) {
      expect(errorView(error(code, `The ${code} sentence.`)).message).toBe(`The ${code} sentence.`);
    }
    expect(errorView(error('INTERNAL', '')).message).toBe('Latchkey hit an unexpected problem.');
  });
});

describe('flowOutcome', () => {
  it('gives each ending its own words', () => {
    const kinds = ['CONSENT_DENIED', 'TIMED_OUT', 'CANCELLED', 'SIGN_IN_FAILED'] as const;
    const outcomes = kinds.map((code) => flowOutcome(error(code)));
    expect(outcomes.map((o) => o.kind)).toEqual(['denied', 'timed-out', 'cancelled', 'failed']);
    expect(new Set(outcomes.map((o) => o.message)).size).toBe(4);
    expect(new Set(outcomes.map((o) => o.title)).size).toBe(4);
  });

  it('speaks of the feature when a connect flow ends', () => {
    expect(flowOutcome(error('CONSENT_DENIED'), 'drive').title).toBe(
      'Google Drive was not connected',
    );
    expect(flowOutcome(error('CANCELLED'), 'drive').title).toBe(
      'Connecting Google Drive cancelled',
    );
  });
});

describe('features', () => {
  it('tell granted features and describe scopes in plain words', () => {
    expect(hasFeature(['openid', FEATURE_SCOPES.calendar], 'calendar')).toBe(true);
    expect(hasFeature(['openid', FEATURE_SCOPES.calendar], 'drive')).toBe(false);
    expect(featureOfScope(FEATURE_SCOPES.drive)).toBe('drive');
    expect(featureOfScope('email')).toBeNull();
    expect(scopeInWords(FEATURE_SCOPES.calendar)).toBe('See your Google Calendar events');
    expect(scopeInWords('https://example.test/unknown')).toBe('https://example.test/unknown');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  it('says how long ago, in calendar days past half a day', () => {
    expect(formatRelative('2026-11-25T11:59:40Z', now, 'UTC', 'en')).toBe('just now');
    expect(formatRelative('2026-11-25T11:55:00Z', now, 'UTC', 'en')).toBe('5 minutes ago');
    expect(formatRelative('2026-11-25T09:00:00Z', now, 'UTC', 'en')).toBe('3 hours ago');
    expect(formatRelative('2026-11-25T01:00:00Z', now, 'UTC', 'en')).toBe('11 hours ago');
    expect(formatRelative('2026-11-24T20:00:00Z', now, 'UTC', 'en')).toBe('yesterday');
    expect(formatRelative('2026-11-23T23:00:00Z', now, 'UTC', 'en')).toBe('2 days ago');
    expect(formatRelative('2026-11-24T08:00:00Z', now, 'UTC', 'en')).toBe('yesterday');
    expect(formatRelative('2026-11-01T08:00:00Z', now, 'UTC', 'en-GB')).toBe('1 Nov 2026');
  });
});
