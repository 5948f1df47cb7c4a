/** How a language is chosen from what systems report. */
import { describe, expect, it } from 'vitest';
import {
  languageOf,
  pickLocale,
  resolveLanguage,
  terminalLanguages,
} from '../../../common/i18n/locales.ts';

describe('languageOf', () => {
  it('reads BCP 47 tags and POSIX locales alike', () => {
    expect(languageOf('de-DE')).toBe('de');
    expect(languageOf('de-Latn-AT')).toBe('de');
    expect(languageOf('de_DE.UTF-8')).toBe('de');
    expect(languageOf('de_AT@euro')).toBe('de');
    expect(languageOf('EN_us')).toBe('en');
  });

  it('finds no language in C, POSIX or nothing', () => {
    expect(languageOf('C')).toBeNull();
    expect(languageOf('C.UTF-8')).toBeNull();
    expect(languageOf('POSIX')).toBeNull();
    expect(languageOf('')).toBeNull();
  });
});

describe('pickLocale', () => {
  it('takes the first shipped language, by language', () => {
    expect(pickLocale(['de-CH', 'en-US'])).toBe('de');
    expect(pickLocale(['fr-FR', 'de-DE', 'en'])).toBe('de');
    expect(pickLocale(['en-GB', 'de'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(pickLocale([])).toBe('en');
    expect(pickLocale(['fr', 'ja'])).toBe('en');
  });
});

describe('resolveLanguage', () => {
  it('follows the system unless a language was chosen', () => {
    expect(resolveLanguage('system', ['de-DE'])).toBe('de');
    expect(resolveLanguage('en', ['de-DE'])).toBe('en');
    expect(resolveLanguage('de', ['en-US'])).toBe('de');
  });
});

describe('terminalLanguages', () => {
  it('reads LC_ALL before LC_MESSAGES before LANG', () => {
    expect(terminalLanguages({ LANG: 'en_US.UTF-8', LC_ALL: 'de_DE.UTF-8' })).toEqual([
      'de_DE.UTF-8',
    ]);
    expect(terminalLanguages({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' })).toEqual([
      'en_GB.UTF-8',
    ]);
    expect(pickLocale(terminalLanguages({ LANG: 'de_AT.UTF-8' }))).toBe('de');
  });

  it('puts LANGUAGE first, except in the C locale (gettext’s rule)', () => {
    expect(terminalLanguages({ LANG: 'en_US.UTF-8', LANGUAGE: 'de:en' })).toEqual([
      'de',
      'en',
      'en_US.UTF-8',
    ]);
    expect(terminalLanguages({ LANG: 'C.UTF-8', LANGUAGE: 'de' })).toEqual([]);
    expect(terminalLanguages({})).toEqual([]);
  });
});
