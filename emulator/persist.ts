/**
 * The demo Google's memory across restarts: one JSON file (mode 0600, in the app's data folder)
 * holding its port, its id_token signing key, the grants and the tokens it issued (the same
 * things Google keeps on its side). Demo mode passes the file; tests and `npm run emulator` don't,
 * and start fresh every time.
 *
 * The file holds demo tokens that only this local emulator accepts, and its own signing key:
 * nothing of a real Google account. It is still written for this user only.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedEntry } from './adapter.ts';
import type { SigningKey } from './provider.ts';

/** What is saved. */
export interface SavedGoogle {
  v: 1;
  port: number;
  signingKey: SigningKey;
  entries: SavedEntry[];
  grants: Array<[string, string]>;
}

function isSigningKey(value: unknown): value is SigningKey {
  const key = value as SigningKey | null;
  return (
    typeof key === 'object' &&
    key !== null &&
    typeof key.kid === 'string' &&
    typeof key.publicPem === 'string' &&
    typeof key.jwk === 'object' &&
    key.jwk !== null
  );
}

/** The saved state, or null when there is none or it is not one (then the emulator starts afresh). */
export function readSavedGoogle(path: string): SavedGoogle | null {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  const saved = value as Partial<SavedGoogle> | null;
  if (
    typeof saved !== 'object' ||
    saved === null ||
    saved.v !== 1 ||
    !Number.isInteger(saved.port) ||
    Number(saved.port) < 1024 ||
    Number(saved.port) > 65535 ||
    !isSigningKey(saved.signingKey) ||
    !Array.isArray(saved.entries) ||
    !Array.isArray(saved.grants)
  ) {
    return null;
  }
  return saved as SavedGoogle;
}

/** Writes the state for this user only, atomically (a crash leaves the old file or the new one). */
export function writeSavedGoogle(path: string, saved: SavedGoogle): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(saved), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
