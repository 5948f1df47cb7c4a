/**
 * The part of Drive's query language (`q`) the emulator understands: clauses joined by `and`,
 * each one of `name contains '…'`, `name = '…'`, `fullText contains '…'` (matched on the name),
 * `mimeType = '…'` / `!=`, `trashed = true|false`, `starred = true|false`. Strings are single-quoted
 * with `\'` and `\\` escapes. Anything else is refused, as Google refuses an invalid query.
 */
import type { DriveFile } from './seed.ts';

type Clause = (file: DriveFile) => boolean;

const CLAUSE =
  /^\s*(name|fullText|mimeType|trashed|starred)\s*(contains|!=|=)\s*('(?:[^'\\]|\\.)*'|true|false)\s*/i;

function unquote(literal: string): string | undefined {
  if (!literal.startsWith("'")) return undefined;
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}

function clauseFor(field: string, operator: string, literal: string): Clause | undefined {
  const text = unquote(literal);
  const bool = literal === 'true' ? true : literal === 'false' ? false : undefined;
  switch (`${field} ${operator.toLowerCase()}`) {
    case 'name contains':
    case 'fullText contains':
      return text === undefined
        ? undefined
        : (file) => file.name.toLowerCase().includes(text.toLowerCase());
    case 'name =':
      return text === undefined ? undefined : (file) => file.name === text;
    case 'mimeType =':
      return text === undefined ? undefined : (file) => file.mimeType === text;
    case 'mimeType !=':
      return text === undefined ? undefined : (file) => file.mimeType !== text;
    case 'trashed =':
      return bool === undefined ? undefined : (file) => file.trashed === bool;
    case 'starred =':
      return bool === undefined ? undefined : (file) => file.starred === bool;
    default:
      return undefined;
  }
}

/** Parses `q`; returns undefined when the emulator can't read it. */
export function parseDriveQuery(q: string): Clause[] | undefined {
  const clauses: Clause[] = [];
  let rest = q;
  for (;;) {
    const match = CLAUSE.exec(rest);
    if (!match) return undefined;
    const clause = clauseFor(match[1] ?? '', match[2] ?? '', match[3] ?? '');
    if (!clause) return undefined;
    clauses.push(clause);
    rest = rest.slice(match[0].length);
    if (rest === '') return clauses;
    const and = /^and\s+/i.exec(rest);
    if (!and) return undefined;
    rest = rest.slice(and[0].length);
  }
}

export function fileMatches(file: DriveFile, clauses: Clause[]): boolean {
  return clauses.every((clause) => clause(file));
}
