/**
 * `--smoke`: proves a packaged Latchkey starts, for the release workflow (scripts/smoke.ts), with
 * none of the end-to-end hooks (which a packaged build ignores). Latchkey starts as usual but on
 * a fresh, temporary data folder (never a person's sign-ins, its own single-instance lock),
 * waits for its window to load the renderer — the page, the sandboxed preload's `window.api` and
 * the Svelte app mounted — prints one line with the time since the process started and exits 0.
 * Any failure prints one line and exits 1; nothing shows a dialog that would wait for a person.
 * Inert without the switch, which Chromium parses before the `--` sentinel only, so a deep link
 * can never turn it on.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { app, type WebContents } from 'electron';

/** Whether this run is a smoke test (`Latchkey --smoke`). */
export function smokeRequested(): boolean {
  return app.commandLine.hasSwitch('smoke');
}

/** Points userData at a new temporary folder. Call before the single-instance lock is taken. */
export function isolateSmokeRun(): void {
  app.setPath('userData', mkdtempSync(join(tmpdir(), 'latchkey-smoke-')));
}

/** What the renderer shows once it has loaded: evaluated in the page by {@link watchSmoke}. */
// i18n-ignore-start: JavaScript, not words
export const LOADED_CHECK =
  "typeof window.api === 'object' && (document.getElementById('app')?.childElementCount ?? 0) > 0";
// i18n-ignore-end

/** Writes the one result line and ends the process with its code. */
export type SmokeExit = (code: 0 | 1, line: string) => void;

/** Ends a smoke run: prints to stdout (success) or stderr (failure), then exits. */
export const exitSmoke: SmokeExit = (code, line) => {
  (code === 0 ? process.stdout : process.stderr).write(`${line}\n`, () => app.exit(code));
};

/**
 * Watches the window's first load: when the renderer is there, exits 0 with the time since the
 * process started; when the load fails or the page is not the app, exits 1 saying why.
 */
export function watchSmoke(
  contents: WebContents,
  exit: SmokeExit = exitSmoke,
  sinceStartMs: () => number = () => Math.round(process.uptime() * 1000),
): void {
  contents.once('did-finish-load', () => {
    contents.executeJavaScript(LOADED_CHECK).then(
      (loaded: unknown) =>
        // i18n-ignore-start: the release workflow's start check reads these lines, not a person
        loaded === true
          ? exit(0, `smoke: window loaded in ${sinceStartMs()} ms`)
          : exit(1, 'smoke: the window loaded, but the app did not start in it'),
      (error: unknown) =>
        exit(1, `smoke: the window could not be checked (${(error as Error).message})`),
      // i18n-ignore-end
    );
  });
}
