/**
 * The language setting: `system` by default, following the host's languages (or the window's
 * where the host has none); a chosen language wins and is kept in the metadata store; what it
 * comes to becomes the main process's language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LanguageSettings } from '../../../common/model.ts';
import { messageLocale, setMessageLocale, t } from '../../../common/i18n/current.ts';
import { createLanguageController, LANGUAGE_KEY } from '../../../main/app/language.ts';
import { memoryStore } from '../../helpers/memory.ts';

afterEach(() => setMessageLocale('en'));

describe('the language setting', () => {
  it('follows the operating system by default and speaks its language in main', () => {
    const language = createLanguageController({
      metadata: memoryStore(),
      systemLanguages: () => ['de-DE', 'en-US'],
    });
    expect(language.settings()).toEqual({ choice: 'system', locale: 'de', system: 'de' });
    expect(messageLocale()).toBe('de');
    expect(t('auth.cancelled')).toBe('Die Anmeldung wurde abgebrochen.');
  });

  it('keeps a chosen language in the metadata store, and a restart reads it back', () => {
    const metadata = memoryStore();
    const first = createLanguageController({ metadata, systemLanguages: () => ['de-DE'] });
    expect(first.choose('en')).toEqual({ choice: 'en', locale: 'en', system: 'de' });
    expect(metadata.get(LANGUAGE_KEY)).toBe('en');
    expect(t('auth.cancelled')).toBe('Sign-in was cancelled.');

    setMessageLocale('de');
    const again = createLanguageController({ metadata, systemLanguages: () => ['de-DE'] });
    expect(again.settings()).toEqual({ choice: 'en', locale: 'en', system: 'de' });
    expect(messageLocale()).toBe('en');
    expect(again.choose('system').locale).toBe('de');
    expect(metadata.get(LANGUAGE_KEY)).toBe('system');
  });

  it('ignores a stored value that is not a setting', () => {
    const metadata = memoryStore();
    metadata.set(LANGUAGE_KEY, 'klingon');
    const language = createLanguageController({ metadata, systemLanguages: () => ['en'] });
    expect(language.settings().choice).toBe('system');
  });

  it('without languages of its own, goes by the fallback, then by what the window reports', () => {
    const language = createLanguageController({
      metadata: memoryStore(),
      fallbackLanguages: ['en_US.UTF-8'],
    });
    expect(language.settings().locale).toBe('en');
    expect(language.settings(['de-DE', 'de'])).toEqual({
      choice: 'system',
      locale: 'de',
      system: 'de',
    });
    // What the window reported stays until it reports again.
    expect(language.settings().locale).toBe('de');
    expect(messageLocale()).toBe('de');
  });

  it('prefers the host’s own languages to the window’s', () => {
    const language = createLanguageController({
      metadata: memoryStore(),
      systemLanguages: () => ['en-US'],
    });
    expect(language.settings(['de-DE']).locale).toBe('en');
  });

  it('tells listeners when the language in use changes, and only then', () => {
    const seen: LanguageSettings[] = [];
    const language = createLanguageController({
      metadata: memoryStore(),
      systemLanguages: () => ['en'],
    });
    language.onChange((settings) => seen.push(settings));
    language.choose('en');
    expect(seen).toEqual([]);
    language.choose('de');
    language.choose('de');
    expect(seen).toEqual([{ choice: 'de', locale: 'de', system: 'en' }]);
  });
});
