/**
 * What an end-to-end run keeps for the leak scan (scripts/leak-scan.ts), under
 * test-results/e2e-runs/<id>/ — one folder per preview process:
 *   secrets.json   every token, code and verifier the emulator issued or saw (fetched before stop)
 *   output.log     everything the preview printed (stdout and stderr)
 *   data/          the preview's data directory as it was left (the `conf` metadata files)
 *   pages/*.txt    the text of every screen checked and every page the system browser loaded
 *   bridge.log     every WebSocket frame between the window and the preview, both ways
 * Never the URLs of pages: a loopback redirect's URL carries the code by design (RFC 8252).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Where the runs go (scanned by `node scripts/leak-scan.ts`); LATCHKEY_E2E_RUNS_DIR moves them. */
export const E2E_RUNS_DIR = resolve(
  process.env.LATCHKEY_E2E_RUNS_DIR || resolve(import.meta.dirname, '../../test-results/e2e-runs'),
);

/** Creates a new, empty run folder. */
export function newRunDir(): string {
  const id = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
  const dir = join(E2E_RUNS_DIR, id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `text` to `name` inside the run folder (sub-folders created as needed). */
export function saveRunText(runDir: string, name: string, text: string): void {
  const file = join(runDir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Fetches the emulator's secrets into secrets.json; call while the preview still runs. */
export async function saveEmulatorSecrets(runDir: string, issuer: string): Promise<void> {
  const response = await fetch(`${issuer}/__emulator/secrets`);
  if (!response.ok) throw new Error(`the emulator's secrets: HTTP ${response.status}`);
  saveRunText(runDir, 'secrets.json', await response.text());
}

/** Keeps the preview's output and a copy of its data directory; call after it exited. */
export function saveRunOutput(runDir: string, output: string, dataDir: string): void {
  saveRunText(runDir, 'output.log', output);
  // Everything the app wrote, for the leak scan; not the demo Google's own database
  // (demo-google.json), which holds the tokens it issued as Google does on its side.
  if (existsSync(dataDir)) {
    cpSync(dataDir, join(runDir, 'data'), {
      recursive: true,
      filter: (source) => basename(source) !== 'demo-google.json',
    });
  }
}

let pages = 0;
const safeName = (name: string): string => name.replace(/[^\w.-]+/g, '-').slice(0, 60);

/** Saves the visible text of `page` as pages/<n>-<name>.txt (what a screenshot would show). */
export async function savePageText(page: Page, runDir: string, name: string): Promise<void> {
  pages += 1;
  const text = await page
    .locator('body')
    .innerText({ timeout: 2_000 })
    .catch(() => '');
  saveRunText(runDir, `pages/${String(pages).padStart(3, '0')}-${safeName(name)}.txt`, text);
}

/** Saves the text of every page `page` loads from now on (the system browser's pages). */
export function recordPageLoads(page: Page, runDir: () => string | null, name: string): void {
  page.on('load', () => {
    const dir = runDir();
    if (dir) void savePageText(page, dir, name);
  });
}

/** Records every WebSocket frame of `page` into bridge.log (`>` sent, `<` received). */
export function recordBridgeFrames(page: Page, runDir: string): void {
  const file = join(runDir, 'bridge.log');
  const write = (direction: string, payload: string | Buffer): void => {
    appendFileSync(file, `${direction} ${payload.toString()}\n`);
  };
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => write('>', payload));
    socket.on('framereceived', ({ payload }) => write('<', payload));
  });
}
