/**
 * No sentence is written outside the message catalogs (common/i18n/): the window's components
 * and modules, and the main-process modules that speak to people (errors, notices, the browser
 * pages, the terminal lines), are scanned for text in markup, words in human-facing attributes
 * and prose string literals (test/helpers/prose.ts says what is allowed, and why). The scanner
 * is first shown to find planted sentences of each kind, so an empty result means something.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  findProseInSvelte,
  findProseInTs,
  looksLikeProse,
  type Finding,
} from '../../helpers/prose.ts';

describe('the scanner', () => {
  it('finds text in markup, but not brand names and symbols', () => {
    const found = findProseInSvelte(
      '<h1>Latchkey</h1>\n<p>Sign in again</p>\n<span>· — %</span>\n<b>Google</b>',
      'Planted.svelte',
    );
    expect(found).toEqual([
      { file: 'Planted.svelte', line: 2, kind: 'text', text: 'Sign in again' },
    ]);
  });

  it('finds words in human-facing attributes and component props, not in classes or ids', () => {
    const found = findProseInSvelte(
      [
        '<button class="btn btn-small" data-testid="sign in" aria-label="Close the menu">x</button>',
        '<Dialog confirmLabel="Sign out" role="alert dialog" />',
        '<input placeholder="Search files {q}" title={label} />',
      ].join('\n'),
      'Planted.svelte',
    );
    expect(found.map((f) => [f.line, f.kind, f.text])).toEqual([
      [1, 'attribute', 'aria-label="Close the menu"'],
      [1, 'text', 'x'],
      [2, 'attribute', 'confirmLabel="Sign out"'],
      [3, 'attribute', 'placeholder="Search files"'],
    ]);
  });

  it('finds prose literals in scripts and template expressions', () => {
    const found = findProseInSvelte(
      [
        '<script lang="ts">',
        "  const title = 'Something went wrong';",
        "  const kind = 'error';",
        '</script>',
        "<p>{busy ? 'Loading files…' : count}</p>",
        "<Icon name={open ? 'chevron' : 'close'} />",
      ].join('\n'),
      'Planted.svelte',
    );
    expect(found.map((f) => [f.line, f.text])).toEqual([
      [2, 'Something went wrong'],
      [5, 'Loading files…'],
    ]);
  });

  it('finds prose in TypeScript, one capitalised word included, but not code', () => {
    const code = [
      "export const NO_ACCOUNT = 'Sign in to Google first.';",
      "const label = 'Retry';",
      'const line = `Signed out of ${email}.`;',
      "if (event.key === 'Arrow Down') return;",
      "logger.warn('update check failed', { kind });",
      "throw new Error('Building the bridge produced no code.');",
      "import x from 'some module';",
      "const type = 'text/html; charset=utf-8';",
      "const css = 'h1{font-size:1.375rem;line-height:1.3;margin:0 0 .5rem}';",
      "type Kind = 'sign in' | 'sign out';",
      "const headers = { 'Content Type': 'x' };",
      '// i18n-ignore: an HTTP reason phrase, read by programs',
      "const phrase = 'Not Found';",
    ].join('\n');
    expect(findProseInTs(code, 'planted.ts').map((f) => [f.line, f.text])).toEqual([
      [1, 'Sign in to Google first.'],
      [2, 'Retry'],
      [3, 'Signed out of  {…} .'],
    ]);
  });

  it('tells prose from identifiers', () => {
    for (const text of ['Try again', 'Document', 'just now', 'Sign-in: Google’s page is in']) {
      expect(looksLikeProse(text), text).toBe(true);
    }
    for (const text of ['ArrowDown', 'SESSION_EXPIRED', 'btn btn-small', 'a', '']) {
      // Two lower-case words with a space read as prose; class lists are checked by context.
      expect(looksLikeProse(text) && !/^btn/.test(text), text).toBe(false);
    }
  });
});

const ROOT = resolve(import.meta.dirname, '../../..');

/** Every .ts (and .svelte) file under `dir`, relative to the repository. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.endsWith('.d.ts'))
    .sort();
}

function scan(files: readonly string[]): Finding[] {
  return files.flatMap((file) => {
    const source = readFileSync(join(ROOT, file), 'utf8');
    return file.endsWith('.svelte') ? findProseInSvelte(source, file) : findProseInTs(source, file);
  });
}

function listed(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.kind}: ${f.text}`);
}

describe('no sentence outside the catalog', () => {
  it('in the window: every component, screen, view and module of renderer/src', () => {
    const files = filesUnder('renderer/src', ['.svelte', '.ts']);
    expect(files.filter((file) => file.endsWith('.svelte')).length).toBeGreaterThan(30);
    expect(listed(scan(files))).toEqual([]);
  });

  it('in the main process, the preview and npm start (errors, notices, pages, terminal lines)', () => {
    const files = [
      ...filesUnder('main', ['.ts']),
      ...filesUnder('preview', ['.ts']),
      'scripts/start.ts',
      'scripts/npm-args.ts',
    ];
    expect(files.length).toBeGreaterThan(50);
    expect(listed(scan(files))).toEqual([]);
  });
});
