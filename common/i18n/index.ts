/**
 * THE message catalogs and how a sentence is put into words. Every sentence a person sees — the
 * window, the browser pages after a sign-in, the main process's notices and errors, the terminal
 * lines meant for people — is a key of the English catalog (en.ts), with the same key in every
 * other shipped language (de.ts): ICU MessageFormat (intl-messageformat), so plurals and
 * choices follow each language's rules, and Intl for lists.
 *
 * A message may mark words with `<strong>…</strong>`, `<link>…</link>` or `<code>…</code>`:
 * {@link Translator.parts} hands them to whoever draws them (a Svelte component, an HTML page);
 * {@link Translator.t} leaves the tags out.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Feature } from '../features.ts';
import { de } from './de.ts';
import { en, type MessageKey } from './en.ts';
import { DEFAULT_LOCALE, pickLocale, terminalLanguages, type Locale } from './locales.ts';

export type { MessageKey } from './en.ts';
export * from './locales.ts';

/** A catalog: one ICU message per key of the English one, no more, no fewer. */
export type Catalog = Readonly<Record<MessageKey, string>>;

/** Every shipped catalog. */
export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, de };

/** The values a message's placeholders take. */
export type Values = Readonly<Record<string, string | number | Date>>;

/**
 * The tags a message may use: `<strong>` for stressed words, `<link>` for a link's words,
 * `<code>` for a command.
 */
export type Tag = 'strong' | 'link' | 'code';

/** One piece of a formatted message: plain text, or the words of a tag. */
export interface Part {
  text: string;
  tag?: Tag;
}

/** Formats messages of one language. */
export interface Translator {
  readonly locale: Locale;
  /** The message `key` with `values`, as plain text. */
  t(key: MessageKey, values?: Values): string;
  /** The message `key` with `values`, in pieces: the words of a tag marked with it. */
  parts(key: MessageKey, values?: Values): Part[];
  /** `items` as a list in running text: "a, b and c" / "a, b und c". */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
}

const compiled = new Map<string, IntlMessageFormat>();

/** The compiled message (compiled once per language and key). */
function message(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGS[locale][key], locale);
    compiled.set(id, format);
  }
  return format;
}

/** The words a tag wraps, kept as an object so they survive formatting. */
interface Tagged {
  tag: Tag;
  text: string;
}

const flatten = (chunks: Array<string | Tagged>): string =>
  chunks.map((chunk) => (typeof chunk === 'string' ? chunk : chunk.text)).join('');

/** Formats `key` into pieces; a missing value or a broken message throws (a bug to see). */
export function formatParts(locale: Locale, key: MessageKey, values: Values = {}): Part[] {
  const output = message(locale, key).format<Tagged>({
    ...values,
    strong: (chunks: Array<string | Tagged>) => ({ tag: 'strong', text: flatten(chunks) }),
    link: (chunks: Array<string | Tagged>) => ({ tag: 'link', text: flatten(chunks) }),
    code: (chunks: Array<string | Tagged>) => ({ tag: 'code', text: flatten(chunks) }),
  });
  const pieces = Array.isArray(output) ? output : [output];
  const parts: Part[] = [];
  for (const piece of pieces) {
    const part: Part = typeof piece === 'string' ? { text: piece } : piece;
    const last = parts[parts.length - 1];
    if (last && !last.tag && !part.tag) last.text += part.text;
    else if (part.text) parts.push(part);
  }
  return parts;
}

/** Formats `key` as plain text. */
export function format(locale: Locale, key: MessageKey, values?: Values): string {
  return formatParts(locale, key, values)
    .map((part) => part.text)
    .join('');
}

/** `items` joined the language's way ("a, b and c"). */
export function formatList(
  locale: Locale,
  items: readonly string[],
  type: 'conjunction' | 'disjunction' = 'conjunction',
): string {
  return new Intl.ListFormat(locale, { style: 'long', type }).format(items);
}

/** A {@link Translator} for `locale`. */
export function createTranslator(locale: Locale = DEFAULT_LOCALE): Translator {
  return {
    locale,
    t: (key, values) => format(locale, key, values),
    parts: (key, values) => formatParts(locale, key, values),
    list: (items, type) => formatList(locale, items, type),
  };
}

/** The language's own name for itself ("English", "Deutsch"), for the language setting. */
export function languageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.slice(0, 1).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * The translator for lines a person reads in a terminal: the terminal's language (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG — see terminalLanguages), English in the C locale.
 */
export function terminalTranslator(env: Readonly<Record<string, string | undefined>>): Translator {
  return createTranslator(pickLocale(terminalLanguages(env)));
}

/**
 * The words each feature has in the catalogs: Google's product ("Google Calendar"), the view's
 * name ("Agenda"), what its scope allows ("See your Google Calendar events"), and the same as
 * what a person did not allow ("see your Google Calendar events" after "not to").
 */
export type FeatureWords = 'product' | 'label' | 'scope' | 'consent';

/** `true` only when every feature has all its words in the catalogs (else this file fails). */
type EveryFeatureWorded = `feature.${Feature}.${FeatureWords}` extends MessageKey ? true : false;
const everyFeatureWorded: EveryFeatureWorded = true;
void everyFeatureWorded;

/** The catalog key of one of a feature's words. */
export function featureKey(feature: Feature, words: FeatureWords): MessageKey {
  return `feature.${feature}.${words}` as MessageKey;
}
