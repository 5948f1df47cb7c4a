/**
 * The language setting, host-neutral: which language Latchkey speaks, kept in the metadata store
 * like the automatic-update setting. `system` (the default) follows the system's preferred
 * languages — the operating system's in the Electron app (app.getPreferredSystemLanguages), the
 * browser's in the preview (the window reports navigator.languages), the terminal's LANG until
 * it does — and a chosen language wins over them. Whatever it comes to becomes the language of
 * the main process's sentences (common/i18n/current.ts).
 */
import type { LanguageSettings } from '../../common/model.ts';
import { setMessageLocale } from '../../common/i18n/current.ts';
import {
  isLanguageChoice,
  pickLocale,
  resolveLanguage,
  type LanguageChoice,
} from '../../common/i18n/locales.ts';
import type { MetadataStore } from '../auth/types.ts';

/** The metadata key of the language setting (`system`, or a language; absent means `system`). */
export const LANGUAGE_KEY = 'language';

export interface LanguageControllerDeps {
  metadata: MetadataStore;
  /**
   * The system's preferred languages, most preferred first, when the host knows them (the
   * operating system's); absent where only the window can tell (the preview).
   */
  systemLanguages?: () => readonly string[];
  /** What to assume until the window reports its languages, where the host knows none. */
  fallbackLanguages?: readonly string[];
  /** Makes a language the main process's (default: common/i18n/current.ts). */
  apply?: (settings: LanguageSettings) => void;
}

/** The language setting as the bridge's handlers use it. */
export interface LanguageController {
  /**
   * The setting and what it comes to; `preferred`: the window's languages, used as the system's
   * where the host knows none of its own.
   */
  settings(preferred?: readonly string[]): LanguageSettings;
  /** Keeps a new setting and speaks what it comes to. */
  choose(choice: LanguageChoice): LanguageSettings;
  /** Calls `listener` when the language in use changes; returns the unsubscribe function. */
  onChange(listener: (settings: LanguageSettings) => void): () => void;
}

/** Creates the controller and makes the language it comes to the main process's at once. */
export function createLanguageController(deps: LanguageControllerDeps): LanguageController {
  const apply = deps.apply ?? ((settings) => setMessageLocale(settings.locale));
  const listeners = new Set<(settings: LanguageSettings) => void>();
  let reported: readonly string[] | null = null;

  const stored = deps.metadata.get(LANGUAGE_KEY);
  let choice: LanguageChoice = isLanguageChoice(stored) ? stored : 'system';

  const systemList = (): readonly string[] => {
    const own = deps.systemLanguages?.() ?? [];
    if (own.length > 0) return own;
    return reported ?? deps.fallbackLanguages ?? [];
  };
  const compute = (): LanguageSettings => {
    const system = pickLocale(systemList());
    return { choice, locale: resolveLanguage(choice, [system]), system };
  };

  let current = compute();
  apply(current);

  const refresh = (): LanguageSettings => {
    const next = compute();
    const changed = next.locale !== current.locale;
    current = next;
    if (changed) {
      apply(next);
      for (const listener of listeners) listener({ ...next });
    }
    return { ...next };
  };

  return {
    settings(preferred) {
      if (preferred && preferred.length > 0) reported = [...preferred];
      return refresh();
    },
    choose(next) {
      choice = next;
      deps.metadata.set(LANGUAGE_KEY, next);
      return refresh();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
