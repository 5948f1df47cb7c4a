/**
 * Finds sentences written outside the message catalogs (common/i18n/): text a person would read
 * that sits in a Svelte template, in a human-facing attribute, or in a string literal of code
 * that speaks to people. test/unit/i18n/outside-catalog.test.ts runs it over the window and the
 * main-process modules that speak; what it allows is listed here, each with why:
 *
 * - in Svelte markup: text made only of brand names (Latchkey, Google), digits, punctuation and
 *   symbols;
 * - attributes: only those people read (title, alt, placeholder, aria-label…, and a component's
 *   props named like `…Label`, `title`, `text`, `message`) are checked; class names, test ids,
 *   roles, icon names and URLs are not prose;
 * - string literals: only prose (two words or more, or one capitalised word like "Retry") is
 *   checked, and not where code compares, imports, names a property or a type, writes the
 *   developer log (logger / console) or throws a plain Error (a bug report, not a sentence).
 *
 * `// i18n-ignore: <why>` on the line before (or at the end of) a line allows that line, and
 * `// i18n-ignore-start: <why>` … `// i18n-ignore-end` the lines between: for words that are data
 * or for the log rather than sentences for a person. Each use says why.
 */
import { parse as parseSvelte } from 'svelte/compiler';
import ts from 'typescript';

/** A sentence found outside the catalog. */
export interface Finding {
  file: string;
  line: number;
  kind: 'text' | 'attribute' | 'literal';
  text: string;
}

/** Words that may stand in markup or code as they are: names, not sentences. */
export const ALLOWED_WORDS = new Set([
  'Latchkey',
  'Google',
  'Latchkey’s',
  'DPoP',
  'HTTP',
  'PKCE',
  // The HTTP authorization scheme.
  'Bearer',
]);

/** Attributes a person reads (or hears from a screen reader). */
const HUMAN_ATTRIBUTES = new Set([
  'title',
  'alt',
  'placeholder',
  'label',
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
]);

/** Props of a component that carry words ("dismissLabel", "title", "subtitle", "text"). */
const HUMAN_PROP = /(label|title|text|message|heading|description|hint|tip)$/i;

/** Text that is only names, digits, punctuation, symbols and whitespace. */
function onlyNamesAndSymbols(text: string): boolean {
  const words = text.match(/[\p{L}’']+/gu) ?? [];
  return words.every((word) => ALLOWED_WORDS.has(word));
}

/**
 * Whether a literal's text reads as prose: two words of letters in a row, or one capitalised
 * word ("Retry", "Document"). Identifiers (`ArrowDown`, `SESSION_EXPIRED`, `text/html`), paths,
 * selectors and CSS are not.
 */
export function looksLikeProse(text: string): boolean {
  // Markup is code (a literal may hold part of a tag); the words between its tags are not.
  const markup = /<[a-z!/]|="/i.test(text);
  const words = markup
    ? text.replace(/<[a-z!/][^>]*(>|$)/gi, ' ').replace(/^[^<>]*="[^<>]*>/, ' ')
    : text;
  // Identifiers with an underscore (select_account, id_token) are protocol words.
  const trimmed = words.replace(/\b\w*_\w*\b/g, ' ').trim();
  if (onlyNamesAndSymbols(trimmed)) return false;
  // Code that happens to have spaces: MIME types, CSS rules, Content-Security-Policy.
  if (/^[a-z]+\/[\w.+-]+(\s*;\s*[\w-]+=[^\s;]+)*$/i.test(trimmed)) return false;
  if (/[\w-]+\s*:\s*[^\s;{}]+\s*[;}]/.test(trimmed) && /[{};]/.test(trimmed)) return false;
  if (/\b[a-z]+-src\b|'none'/.test(trimmed)) return false;
  if (/\p{L}{2,}[’']?\p{L}*[,;:]?[ \u00a0]+[(“"‘]?\p{L}{2,}/u.test(trimmed)) return true;
  return /^\p{Lu}\p{Ll}{2,}[.!?…]?$/u.test(trimmed);
}

/** Line of an offset. */
function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i += 1) if (source[i] === '\n') line += 1;
  return line;
}

/**
 * Lines carrying (or preceded by) an `i18n-ignore: <why>` comment, and the lines between
 * `i18n-ignore-start: <why>` and `i18n-ignore-end`.
 */
function ignoredLines(source: string): Set<number> {
  const lines = source.split('\n');
  const ignored = new Set<number>();
  let inBlock = false;
  lines.forEach((text, index) => {
    if (/i18n-ignore-start:\s*\S/.test(text)) inBlock = true;
    if (inBlock) ignored.add(index + 1);
    if (/i18n-ignore-end\b/.test(text)) inBlock = false;
    if (/i18n-ignore:\s*\S/.test(text)) {
      ignored.add(index + 1);
      ignored.add(index + 2);
    }
  });
  return ignored;
}

const LOG_METHODS = new Set(['debug', 'info', 'warn', 'error', 'trace', 'log']);
/**
 * Functions whose text goes to the developer log or to a program, never to a person: the
 * bridge's reporter of failed handlers (`report`) and of refused callers (`refuse`), which log
 * the reason they are given; an HTTP reason phrase (`refuseUpgrade`); a WebSocket close reason.
 */
const LOG_SINKS = new Set(['report', 'refuse', 'refuseUpgrade', 'close']);
const PLAIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError']);

/** Whether a string literal at `node` is in a place where code, not a person, reads it. */
function codeContext(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return true;
  if (ts.isExternalModuleReference(parent) || ts.isImportTypeNode(parent)) return true;
  if (ts.isLiteralTypeNode(parent)) return true;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return true;
  if (ts.isPropertySignature(parent) || ts.isEnumMember(parent)) return true;
  if (ts.isElementAccessExpression(parent) && parent.argumentExpression === node) return true;
  if (ts.isCaseClause(parent)) return true;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (
      op === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      op === ts.SyntaxKind.EqualsEqualsToken ||
      op === ts.SyntaxKind.ExclamationEqualsToken ||
      op === ts.SyntaxKind.InKeyword
    ) {
      return true;
    }
  }
  // Walk up through expressions that only pass the string on, to the call or `new` it feeds.
  let current: ts.Node = node;
  while (
    current.parent &&
    (ts.isTemplateSpan(current.parent) ||
      ts.isTemplateExpression(current.parent) ||
      ts.isBinaryExpression(current.parent) ||
      ts.isConditionalExpression(current.parent) ||
      ts.isParenthesizedExpression(current.parent) ||
      ts.isPropertyAssignment(current.parent) ||
      ts.isShorthandPropertyAssignment(current.parent) ||
      ts.isObjectLiteralExpression(current.parent) ||
      ts.isArrayLiteralExpression(current.parent) ||
      ts.isSpreadElement(current.parent) ||
      ts.isAsExpression(current.parent))
  ) {
    current = current.parent;
  }
  const call = current.parent;
  if (call && ts.isCallExpression(call) && call.arguments.includes(current as ts.Expression)) {
    const callee = call.expression;
    if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
    if (ts.isPropertyAccessExpression(callee) && LOG_METHODS.has(callee.name.text)) {
      const target = callee.expression.getText();
      if (/(^|\.|#)(logger|log|console)$/i.test(target)) return true;
    }
    const name = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : null;
    if (name !== null && LOG_SINKS.has(name)) return true;
  }
  if (
    call &&
    ts.isNewExpression(call) &&
    ts.isIdentifier(call.expression) &&
    PLAIN_ERRORS.has(call.expression.text)
  ) {
    return true;
  }
  return false;
}

/** Prose string literals of TypeScript `code` (a file, or a script block at `offset`). */
export function findProseInTs(
  code: string,
  file: string,
  options: { source?: string; offset?: number } = {},
): Finding[] {
  const source = options.source ?? code;
  const offset = options.offset ?? 0;
  const ignored = ignoredLines(source);
  const sourceFile = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string): void => {
    const line = lineAt(source, offset + node.getStart(sourceFile));
    if (ignored.has(line)) return;
    findings.push({ file, line, kind: 'literal', text: text.trim().slice(0, 120) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (looksLikeProse(node.text) && !codeContext(node)) report(node, node.text);
    } else if (ts.isTemplateExpression(node)) {
      const pieces = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      const joined = pieces.join(' {…} ');
      if (looksLikeProse(joined) && !codeContext(node)) report(node, joined);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return findings;
}

/** Svelte's own node types; anything else with a position is a JavaScript expression. */
const SVELTE_NODES = new Set([
  'Root',
  'Fragment',
  'Text',
  'Comment',
  'RegularElement',
  'Component',
  'SvelteElement',
  'SvelteHead',
  'SvelteWindow',
  'SvelteBody',
  'SvelteDocument',
  'SvelteComponent',
  'SvelteSelf',
  'SvelteFragment',
  'SvelteBoundary',
  'SvelteOptions',
  'SlotElement',
  'TitleElement',
  'IfBlock',
  'EachBlock',
  'KeyBlock',
  'AwaitBlock',
  'SnippetBlock',
  'ExpressionTag',
  'HtmlTag',
  'RenderTag',
  'ConstTag',
  'DebugTag',
  'AttachTag',
  'Attribute',
  'SpreadAttribute',
  'BindDirective',
  'ClassDirective',
  'StyleDirective',
  'OnDirective',
  'UseDirective',
  'TransitionDirective',
  'AnimateDirective',
  'LetDirective',
  'Script',
  'StyleSheet',
]);

interface Positioned {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Positioned {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Positioned).type === 'string' &&
    // A Fragment has no position of its own; everything else has one.
    (typeof (value as Positioned).start === 'number' || (value as Positioned).type === 'Fragment')
  );
}

/** Text in the markup, words in human attributes and prose literals of a Svelte component. */
export function findProseInSvelte(source: string, file: string): Finding[] {
  const ast = parseSvelte(source, { modern: true }) as unknown as {
    fragment: Positioned;
    instance?: { content: Positioned } | null;
    module?: { content: Positioned } | null;
  };
  const ignored = ignoredLines(source);
  const findings: Finding[] = [];
  const add = (kind: Finding['kind'], start: number, text: string): void => {
    const line = lineAt(source, start);
    if (!ignored.has(line)) findings.push({ file, line, kind, text: text.trim().slice(0, 120) });
  };

  for (const script of [ast.module, ast.instance]) {
    if (!script) continue;
    const { start, end } = script.content;
    findings.push(...findProseInTs(source.slice(start, end), file, { source, offset: start }));
  }

  const expression = (node: Positioned): void => {
    const code = source.slice(node.start, node.end);
    // Parsed as the value of a declaration, so object literals and arrows parse as expressions.
    const prefix = 'const __ = (';
    const found = findProseInTs(`${prefix}${code});`, file, {
      source,
      offset: node.start - prefix.length,
    });
    findings.push(...found);
  };

  /** `attribute`: the attribute whose value this is; `component`: its owner is a component. */
  const walk = (node: Positioned, attribute: string | null, component: boolean): void => {
    if (!SVELTE_NODES.has(node.type)) {
      expression(node);
      return;
    }
    if (node.type === 'Comment' || node.type === 'StyleSheet' || node.type === 'Script') return;
    if (node.type === 'Text') {
      const text = String(node.data ?? '');
      if (onlyNamesAndSymbols(text)) return;
      if (attribute === null) add('text', node.start, text);
      else if (HUMAN_ATTRIBUTES.has(attribute) || (component && HUMAN_PROP.test(attribute))) {
        add('attribute', node.start, `${attribute}="${text.trim()}"`);
      }
      return;
    }
    const owner = ['Component', 'SvelteComponent', 'SvelteSelf'].includes(node.type);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent' || key === 'metadata') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!isNode(child)) continue;
        if (node.type === 'Attribute') walk(child, String(node.name), component);
        // A directive's value (`style:width="{size}px"`) is code, never words.
        else if (node.type.endsWith('Directive'))
          walk(child, `directive:${String(node.name)}`, false);
        else if (child.type === 'Attribute') walk(child, null, owner);
        else walk(child, null, false);
      }
    }
  };
  walk(ast.fragment, null, false);
  return findings;
}
