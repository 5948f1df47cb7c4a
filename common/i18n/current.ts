/**
 * The language of the main process's sentences (errors, notices, the browser pages after a
 * sign-in): one per process, set by the host-neutral app from the language setting and the
 * system's languages (main/app/language.ts), English until then. Main-side code formats with
 * {@link t} at the moment it speaks, so a sentence follows the language of that moment.
 */
import {
  createTranslator,
  type MessageKey,
  type Part,
  type Translator,
  type Values,
} from './index.ts';
import { DEFAULT_LOCALE, type Locale } from './locales.ts';

let current: Translator = createTranslator(DEFAULT_LOCALE);

/** Makes `locale` the language of every sentence formatted from now on. */
export function setMessageLocale(locale: Locale): void {
  if (locale !== current.locale) current = createTranslator(locale);
}

/** The language sentences are formatted in now. */
export function messageLocale(): Locale {
  return current.locale;
}

/** The message `key` in the current language. */
export function t(key: MessageKey, values?: Values): string {
  return current.t(key, values);
}

/** The message `key` in the current language, in pieces (see Translator.parts). */
export function tParts(key: MessageKey, values?: Values): Part[] {
  return current.parts(key, values);
}

/** A list in the current language ("a, b and c"). */
export function tList(items: readonly string[]): string {
  return current.list(items);
}
