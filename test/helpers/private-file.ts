/**
 * Whether a file only its owner can read — checked the way each OS can say it. POSIX: the mode
 * bits (0600: nothing for group or others). Windows has no mode bits (Node's chmod only toggles
 * read-only, and `stat().mode` always reports 0o666): the file's ACL is what keeps others out, so
 * it is read with `icacls` and no access may be granted to a group every local user is in.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

/** Groups that every local user (or every network user) belongs to. */
const BROAD_GROUPS = [
  'Everyone',
  'BUILTIN\\Users',
  'NT AUTHORITY\\Authenticated Users',
  'NT AUTHORITY\\INTERACTIVE',
];

/**
 * What is wrong with an `icacls <file>` listing, or null when no broad group is granted
 * anything. Deny entries (`(DENY)`) are fine.
 */
export function aclProblem(icaclsOutput: string): string | null {
  const found: string[] = [];
  for (const group of BROAD_GROUPS) {
    const escaped = group.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const grant = new RegExp(`(?:^|\\s)${escaped}:((?:\\([^)]*\\))+)`, 'gm');
    for (const match of icaclsOutput.matchAll(grant)) {
      if (!match[1]?.includes('(DENY)')) found.push(`${group}:${match[1]}`);
    }
  }
  return found.length === 0 ? null : `readable by ${found.join(', ')}`;
}

/** What makes `path` readable by others than its owner, or null if nothing does. */
export function privateFileProblem(path: string): string | null {
  if (process.platform === 'win32') {
    return aclProblem(execFileSync('icacls', [path], { encoding: 'utf8' }));
  }
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077 ? `mode ${mode.toString(8).padStart(4, '0')}, not 0600` : null;
}
