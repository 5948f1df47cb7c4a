/**
 * What makes a set of message catalogs shippable, as a list of problems (empty: shippable):
 * every language has exactly the English keys; every message parses as ICU MessageFormat; each
 * message takes the same placeholders (and the same choices of each `select`, the same tags) in
 * every language, so no value is dropped or asked for in one language only (the parser itself
 * refuses a `plural` or `select` without its `other` case). test/unit/i18n/catalogs.test.ts runs it on the shipped catalogs and on planted
 * broken ones.
 */
import { IntlMessageFormat } from 'intl-messageformat';

/** A language's messages by key. */
export type AnyCatalog = Readonly<Record<string, string>>;

/** The element types of intl-messageformat's AST (TYPE in @formatjs/icu-messageformat-parser). */
const TYPE = {
  literal: 0,
  argument: 1,
  number: 2,
  date: 3,
  time: 4,
  select: 5,
  plural: 6,
  pound: 7,
  tag: 8,
} as const;

interface Element {
  type: number;
  value: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

/**
 * What a message asks of its caller, as a sorted list: `name` for a value, `name:select=a|b|other`
 * for a select's cases, `name:plural` for a count, `<tag>` for a tag.
 */
export function signature(elements: readonly Element[]): string[] {
  const found = new Set<string>();
  const walk = (list: readonly Element[]): void => {
    for (const element of list) {
      switch (element.type) {
        case TYPE.argument:
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(element.value);
          break;
        case TYPE.select:
          found.add(
            `${element.value}:select=${Object.keys(element.options ?? {})
              .sort()
              .join('|')}`,
          );
          for (const option of Object.values(element.options ?? {})) walk(option.value);
          break;
        case TYPE.plural:
          found.add(`${element.value}:plural`);
          for (const option of Object.values(element.options ?? {})) walk(option.value);
          break;
        case TYPE.tag:
          found.add(`<${element.value}>`);
          walk(element.children ?? []);
          break;
      }
    }
  };
  walk(elements);
  return [...found].sort();
}

/** The parsed message, or the parser's complaint. */
export function parseMessage(text: string, locale: string): Element[] | Error {
  try {
    return new IntlMessageFormat(text, locale).getAst() as unknown as Element[];
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The tags messages may use (common/i18n/index.ts): a placeholder may not take their names. */
export const TAGS = ['strong', 'link', 'code'];

/** Placeholders named like a tag (their value would be taken for the tag's formatter). */
function tagNamed(shape: readonly string[]): string[] {
  return shape.filter((entry) => TAGS.includes(entry.split(':')[0] ?? ''));
}

/** Every problem of `catalogs` (by language; `source` is the one the others must match). */
export function catalogProblems(
  catalogs: Readonly<Record<string, AnyCatalog>>,
  source = 'en',
): string[] {
  const problems: string[] = [];
  const reference = catalogs[source];
  if (!reference) return [`no ${source} catalog`];
  const shapes = new Map<string, string[]>();
  for (const [key, text] of Object.entries(reference)) {
    const parsed = parseMessage(text, source);
    if (parsed instanceof Error) {
      problems.push(`${source} ${key}: does not parse (${parsed.message})`);
      continue;
    }
    shapes.set(key, signature(parsed));
    for (const name of tagNamed(signature(parsed))) {
      problems.push(`${source} ${key}: placeholder {${name}} is named like a tag`);
    }
  }
  for (const [locale, catalog] of Object.entries(catalogs)) {
    if (locale === source) continue;
    for (const key of Object.keys(reference)) {
      if (!Object.hasOwn(catalog, key)) problems.push(`${locale} ${key}: missing`);
    }
    for (const [key, text] of Object.entries(catalog)) {
      if (!Object.hasOwn(reference, key)) {
        problems.push(`${locale} ${key}: not a key of ${source}`);
        continue;
      }
      const parsed = parseMessage(text, locale);
      if (parsed instanceof Error) {
        problems.push(`${locale} ${key}: does not parse (${parsed.message})`);
        continue;
      }
      const expected = shapes.get(key);
      const actual = signature(parsed);
      if (expected && expected.join(',') !== actual.join(',')) {
        problems.push(
          `${locale} ${key}: takes ${actual.join(', ') || 'nothing'}, ${source} takes ${expected.join(', ') || 'nothing'}`,
        );
      }
      if (!text.trim()) problems.push(`${locale} ${key}: empty`);
    }
  }
  return problems;
}
