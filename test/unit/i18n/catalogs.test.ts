/**
 * The shipped catalogs are complete and consistent: every language has exactly the English keys,
 * every message parses as ICU, takes the same placeholders (and select cases, and tags) as the
 * English one, and formats in its language with sample values. Each check is shown to fail on a
 * planted broken catalog, so a passing run means something.
 */
import { describe, expect, it } from 'vitest';
import {
  CATALOGS,
  LOCALES,
  createTranslator,
  format,
  formatParts,
  type MessageKey,
} from '../../../common/i18n/index.ts';
import { en } from '../../../common/i18n/en.ts';
import { catalogProblems, parseMessage, signature } from '../../helpers/catalogs.ts';

describe('the shipped catalogs', () => {
  it('ship English and German', () => {
    expect(Object.keys(CATALOGS).sort()).toEqual([...LOCALES].sort());
    expect(LOCALES).toEqual(['en', 'de']);
  });

  it('have no missing or extra key, no broken message, the same placeholders everywhere', () => {
    expect(catalogProblems(CATALOGS)).toEqual([]);
  });

  it('format every message in every language with sample values', () => {
    for (const locale of LOCALES) {
      for (const key of Object.keys(en) as MessageKey[]) {
        const parsed = parseMessage(en[key], 'en');
        if (parsed instanceof Error) throw parsed;
        for (const values of sampleValues(signature(parsed))) {
          const text = format(locale, key, values);
          expect(text.trim(), `${locale} ${key}`).not.toBe('');
          // Nothing left unformatted: no placeholder, no tag.
          expect(text, `${locale} ${key}`).not.toMatch(/[{}]|<\/?(strong|link|code)>/);
        }
      }
    }
  });

  it('keep every apostrophe of a message without placeholders (ICU quoting eats none)', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(CATALOGS[locale])) {
        if (/[{<]/.test(text)) continue;
        expect(format(locale, key as MessageKey), `${locale} ${key}`).toBe(text);
      }
    }
  });

  it('are not English in German: most German messages differ from the English ones', () => {
    const keys = Object.keys(en) as MessageKey[];
    const same = keys.filter((key) => CATALOGS.de[key] === en[key]);
    // Only messages that are names, codes or punctuation may read the same in both.
    for (const key of same) expect(en[key], key).not.toMatch(/\b(the|is|and|you|your|to)\b/i);
  });
});

describe('the checks themselves', () => {
  const base = {
    en: {
      greet: 'Hello {name}.',
      count: '{n, plural, one {# file} other {# files}}',
      done: 'Done.',
    },
    de: {
      greet: 'Hallo {name}.',
      count: '{n, plural, one {# Datei} other {# Dateien}}',
      done: 'Fertig.',
    },
  };

  it('find nothing in a good pair', () => {
    expect(catalogProblems(base)).toEqual([]);
  });

  it('find a missing key', () => {
    const de: Record<string, string> = { ...base.de };
    delete de.done;
    expect(catalogProblems({ ...base, de })).toEqual(['de done: missing']);
  });

  it('find an extra key', () => {
    expect(catalogProblems({ ...base, de: { ...base.de, extra: 'Mehr.' } })).toEqual([
      'de extra: not a key of en',
    ]);
  });

  it('find a message that does not parse', () => {
    const problems = catalogProblems({ ...base, de: { ...base.de, greet: 'Hallo {name.' } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^de greet: does not parse/);
  });

  it('find placeholders that differ', () => {
    expect(catalogProblems({ ...base, de: { ...base.de, greet: 'Hallo {nom}.' } })).toEqual([
      'de greet: takes nom, en takes name',
    ]);
  });

  it('find a placeholder named like a tag (its value would be lost to the tag)', () => {
    const en = { ...base.en, exit: 'Stopped (exit code {code}).' };
    const de = { ...base.de, exit: 'Beendet (Exit-Code {code}).' };
    expect(catalogProblems({ en, de })).toEqual([
      'en exit: placeholder {code} is named like a tag',
    ]);
  });

  it('find select cases and tags that differ, and a plural without its "other" case', () => {
    const en = { ...base.en, pick: '{x, select, a {A} other {<strong>B</strong>}}' };
    const de = {
      ...base.de,
      pick: '{x, select, a {A} b {B} other {B}}',
      count: '{n, plural, one {# Datei}}',
    };
    const problems = catalogProblems({ en, de });
    expect(problems).toContain('de count: does not parse (MISSING_OTHER_CLAUSE)');
    expect(problems).toContain(
      'de pick: takes x:select=a|b|other, en takes <strong>, x:select=a|other',
    );
  });
});

describe('formatting', () => {
  it('marks <strong> words as parts and leaves the tag out of plain text', () => {
    expect(formatParts('en', 'page.signedInAs', { email: 'ada@example.com' })).toEqual([
      { text: "You're signed in as " },
      { text: 'ada@example.com', tag: 'strong' },
      { text: '.' },
    ]);
    expect(format('de', 'page.signedInAs', { email: '<b>' })).toBe('Sie sind als <b> angemeldet.');
  });

  it('chooses by ICU select, and joins lists the language’s way', () => {
    const de = createTranslator('de');
    expect(de.t('auth.demoGoogleAfresh', { email: 'a@b.c', why: 'new' })).toContain(
      'hatte keinen gespeicherten Eintrag',
    );
    expect(de.list(['Kalender', 'Drive', 'Tasks'])).toBe('Kalender, Drive und Tasks');
    expect(createTranslator('en').list(['a', 'b', 'c'])).toBe('a, b, and c');
  });

  it('throws on a missing value (a bug to see, not a sentence with a hole)', () => {
    expect(() => format('en', 'page.signedInAs')).toThrow();
  });
});

/** Values for a message's signature: one set per select case, plural counts 0, 1, 2 and 21. */
function sampleValues(shape: readonly string[]): Array<Record<string, string | number>> {
  let sets: Array<Record<string, string | number>> = [{}];
  for (const entry of shape) {
    if (entry.startsWith('<')) continue;
    const [name, kind] = entry.split(':') as [string, string | undefined];
    let choices: Array<string | number>;
    if (kind?.startsWith('select=')) choices = kind.slice('select='.length).split('|');
    else if (kind === 'plural') choices = [0, 1, 2, 21];
    else choices = ['x'];
    sets = sets.flatMap((set) => choices.map((choice) => ({ ...set, [name]: choice })));
  }
  return sets;
}
