/**
 * The window's language: every sentence the window shows is a message of the catalogs
 * (common/i18n/), put into words by {@link t} in the language of the moment. That language is
 * main's (the setting, or the system's: main/app/language.ts) — the window reports the browser's
 * languages when it asks, which is what `system` means in the preview — and, until main
 * answers, the browser's own. Reading {@link language.locale} inside a component's template
 * makes it redraw when the language changes.
 */
import {
  format,
  formatList,
  formatParts,
  languageOf,
  pickLocale,
  type LanguageChoice,
  type Locale,
  type MessageKey,
  type Part,
  type Values,
} from '../../../common/i18n/index.ts';
import type { LanguageSettings } from '../../../common/model.ts';
import { api } from './api.ts';

/** The browser's languages, most preferred first. */
function browserLanguages(): readonly string[] {
  return typeof navigator === 'undefined' ? [] : navigator.languages;
}

class Language {
  /** The language in use. */
  locale = $state<Locale>(pickLocale(browserLanguages()));
  /** The setting: `system`, or a chosen language. */
  choice = $state<LanguageChoice>('system');
  /** What `system` comes to. */
  system = $state<Locale>(pickLocale(browserLanguages()));

  /**
   * The locale dates and times are written in: the browser's own tag for the language in use
   * ("en-GB" when Latchkey speaks English to a British browser), else the language itself.
   */
  readonly formatLocale: string = $derived(
    browserLanguages().find((tag) => languageOf(tag) === this.locale) ?? this.locale,
  );

  constructor() {
    this.#mark();
  }

  /** Asks main which language to speak (reporting the browser's languages); then speaks it. */
  async start(): Promise<void> {
    const result = await Promise.resolve()
      .then(() => api().settings.language({ preferred: [...browserLanguages()] }))
      .catch(() => null);
    if (result?.ok) this.apply(result.value);
  }

  /** Keeps a new setting in main and speaks what it comes to; false when main refused. */
  async choose(choice: LanguageChoice): Promise<boolean> {
    const result = await Promise.resolve()
      .then(() => api().settings.setLanguage({ choice }))
      .catch(() => null);
    if (!result?.ok) return false;
    this.apply(result.value);
    return true;
  }

  /** Speaks the language main answered with. */
  apply(settings: LanguageSettings): void {
    this.choice = settings.choice;
    this.system = settings.system;
    this.locale = settings.locale;
    this.#mark();
  }

  /** The page says which language it is in (screen readers pronounce by it). */
  #mark(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale;
  }
}

/** The window's one language. */
export const language = new Language();

/** The message `key` with `values`, in the window's language. */
export function t(key: MessageKey, values?: Values): string {
  return format(language.locale, key, values);
}

/** The message `key` in pieces, its tagged words marked (components/Message.svelte draws them). */
export function tParts(key: MessageKey, values?: Values): Part[] {
  return formatParts(language.locale, key, values);
}

/** A list in running text, the language's way ("a, b and c"). */
export function tList(items: readonly string[]): string {
  return formatList(language.locale, items);
}
