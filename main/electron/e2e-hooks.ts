/**
 * Test hooks for the end-to-end suite's Electron host (test/helpers/hosts.ts), honoured only in
 * an unpackaged app (`electron .`): a packaged release build ignores these variables entirely.
 *
 * - `LATCHKEY_E2E_USER_DATA=<dir>`: the userData folder (metadata, single-instance lock) of this
 *   run, so each test starts clean and a second instance finds the first.
 * - `LATCHKEY_E2E_OPEN_EXTERNAL_LOG=<file>`: what the allow-listed opener would hand the system
 *   browser is appended to this file instead (one JSON line per URL: `{kind, url}`), and nothing
 *   is opened. The test opens the sign-in URL in its own browser page, as a person would in
 *   theirs. Only URLs that passed the opener's allow-list get here.
 */
import { appendFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { app } from 'electron';

/** What the opener records instead of opening (see open-external.ts). */
export type OpenKind = 'link' | 'authorization';

/** The hooks in effect; every field null in a packaged build or when not asked for. */
export interface E2eHooks {
  /** Replaces shell.openExternal: records the URL. */
  openExternal: ((url: string, kind: OpenKind) => Promise<void>) | null;
}

/** An absolute path from the environment, else null. */
function absolutePath(value: string | undefined): string | null {
  return value && isAbsolute(value) ? value : null;
}

/**
 * Reads the hooks from `env`. Call before the single-instance lock is taken (the lock lives in
 * userData). Does nothing in a packaged app.
 */
export function applyE2eHooks(env: NodeJS.ProcessEnv = process.env): E2eHooks {
  if (app.isPackaged) return { openExternal: null };
  const userData = absolutePath(env.LATCHKEY_E2E_USER_DATA);
  if (userData) app.setPath('userData', userData);
  const log = absolutePath(env.LATCHKEY_E2E_OPEN_EXTERNAL_LOG);
  return {
    openExternal: log
      ? async (url, kind) => appendFileSync(log, `${JSON.stringify({ kind, url })}\n`)
      : null,
  };
}
