/**
 * The languages Latchkey speaks and how one is chosen: from a list of preferred languages (the
 * operating system's, the browser's, a terminal's LANG/LC_ALL), or by the person's own choice.
 * Plain data and functions, no formatting: the bridge's schemas and the contract read this file,
 * so it stays free of the message catalogs (common/i18n/index.ts has those).
 */

/** Every shipped language, as a BCP 47 language subtag; the first is the fallback. */
export const LOCALES = ['en', 'de'] as const;

/** A shipped language. */
export type Locale = (typeof LOCALES)[number];

/** The language of every sentence when nothing better is known. */
export const DEFAULT_LOCALE: Locale = 'en';

/** The language setting: follow the system (`system`), or one language whatever it says. */
export type LanguageChoice = 'system' | Locale;

/** Every value of the language setting, `system` first. */
export const LANGUAGE_CHOICES = ['system', ...LOCALES] as const satisfies readonly LanguageChoice[];

/** Whether `value` names a shipped language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Whether `value` is a value of the language setting. */
export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return value === 'system' || isLocale(value);
}

/**
 * The language subtag of a language tag in any of the spellings systems use: BCP 47 (`de-DE`,
 * `de-Latn-AT`), POSIX locales (`de_DE.UTF-8`, `de_AT@euro`); lower-case, or null for a tag that
 * names no language (`C`, `POSIX`, empty).
 */
export function languageOf(tag: string): string | null {
  const bare = tag.trim().split(/[.@]/, 1)[0] ?? '';
  const language = bare.split(/[-_]/, 1)[0]?.toLowerCase() ?? '';
  if (!/^[a-z]{2,3}$/.test(language)) return null;
  return language;
}

/**
 * The first shipped language in `preferred` (most preferred first), matched by language, so
 * `de-AT` and `de_CH.UTF-8` pick German; {@link DEFAULT_LOCALE} when none matches.
 */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const language = languageOf(tag);
    if (isLocale(language)) return language;
  }
  return DEFAULT_LOCALE;
}

/** The language a setting comes to, given the system's preferred languages. */
export function resolveLanguage(choice: LanguageChoice, system: readonly string[]): Locale {
  return choice === 'system' ? pickLocale(system) : choice;
}

/**
 * A terminal's preferred languages, the way gettext reads them: the locale for messages
 * (`LC_ALL`, else `LC_MESSAGES`, else `LANG`), preceded by the `LANGUAGE` list (colon-separated)
 * unless that locale is `C`/`POSIX` or unset, where messages stay untranslated.
 */
export function terminalLanguages(env: Readonly<Record<string, string | undefined>>): string[] {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  if (languageOf(locale) === null) return [];
  const list = (env.LANGUAGE ?? '').split(':').filter(Boolean);
  return [...list, locale];
}
