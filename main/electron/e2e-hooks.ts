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
 * - `LATCHKEY_E2E_STARTED_FILE=<file>`: once the app has started, `{"demoIssuer": …}` is
 *   written there (whole, by a rename), so the test learns the demo Google's address from a
 *   file that stays, not from a log line it could miss while Playwright is still attaching.
 * - `LATCHKEY_E2E_PROXY=http://127.0.0.1:<port>`: every request to Google goes through that
 *   proxy (the network session's proxy, loopback included: Chromium bypasses proxies for
 *   127.0.0.1 by default, and the demo Google listens there). Only a loopback `http://` proxy
 *   is taken.
 */
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { app } from 'electron';

/** What the opener records instead of opening (see open-external.ts). */
export type OpenKind = 'link' | 'authorization';

/** The hooks in effect; every field null in a packaged build or when not asked for. */
export interface E2eHooks {
  /** Replaces shell.openExternal: records the URL. */
  openExternal: ((url: string, kind: OpenKind) => Promise<void>) | null;
  /** Says the app has started, and the demo Google's issuer (null with a real client). */
  started: ((info: StartedInfo) => void) | null;
  /** The proxy rules for the network session (`session.setProxy`), or null. */
  proxy: { proxyRules: string; proxyBypassRules: string } | null;
}

/** What the started file holds. */
export interface StartedInfo {
  demoIssuer: string | null;
}

/** No hook at all (a packaged build, or none asked for). */
const NO_HOOKS: E2eHooks = { openExternal: null, started: null, proxy: null };

/** An absolute path from the environment, else null. */
function absolutePath(value: string | undefined): string | null {
  return value && isAbsolute(value) ? value : null;
}

/** `http://127.0.0.1:<port>` (or `[::1]`, `localhost`) as a proxy rule, else null. */
function loopbackProxy(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
    if (url.protocol !== 'http:' || !loopback || !url.port || url.username || url.pathname !== '/')
      return null;
    return `http://${url.host}`;
  } catch {
    return null;
  }
}

/**
 * Reads the hooks from `env`. Call before the single-instance lock is taken (the lock lives in
 * userData). Does nothing in a packaged app.
 */
export function applyE2eHooks(env: NodeJS.ProcessEnv = process.env): E2eHooks {
  if (app.isPackaged) return NO_HOOKS;
  const userData = absolutePath(env.LATCHKEY_E2E_USER_DATA);
  if (userData) app.setPath('userData', userData);
  const log = absolutePath(env.LATCHKEY_E2E_OPEN_EXTERNAL_LOG);
  const startedFile = absolutePath(env.LATCHKEY_E2E_STARTED_FILE);
  const proxy = loopbackProxy(env.LATCHKEY_E2E_PROXY);
  return {
    openExternal: log
      ? async (url, kind) => appendFileSync(log, `${JSON.stringify({ kind, url })}\n`)
      : null,
    started: startedFile
      ? (info) => {
          // Written beside and renamed into place: a reader sees all of it or nothing.
          writeFileSync(`${startedFile}.tmp`, JSON.stringify(info));
          renameSync(`${startedFile}.tmp`, startedFile);
        }
      : null,
    // `<-loopback>` takes away Chromium's implicit bypass of 127.0.0.1 and localhost.
    proxy: proxy ? { proxyRules: proxy, proxyBypassRules: '<-loopback>' } : null,
  };
}
