/**
 * Electronegativity (Doyensec's Electron security scanner) over main/, preload/ and renderer/,
 * through its programmatic API: its CLI always exits 0, so this test is the gate. Any finding
 * of MEDIUM severity or higher fails; findings we keep are disabled inline with the reason
 * (`// eng-disable <CHECK_ID> <why>`), next to the code they are about.
 *
 * The scan runs on one temporary copy of the three folders (so its global checks — CSP, the
 * navigation limits, the permission handler — see the whole app at once), with each Svelte
 * component's <script> extracted to a .ts file (the scanner does not read .svelte files).
 * It is kept off the network: the translation download is replaced by the bundled English
 * strings and the release-feed check (AvailableSecurityFixesGlobalCheck) is excluded — it
 * compares with the latest Electron release, which `npm outdated` covers.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '../..');
const SCANNED = ['main', 'preload', 'renderer'];

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { value: number; name?: string };
  confidence: { value: number; name?: string };
  description: string;
  manualReview?: boolean;
}

interface ScanResult {
  issues: Finding[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  globalChecks: number;
  atomicChecks: number;
}

/** Replaces the scanner's i18n loader (which fetches translations) with the local strings. */
function offlineTranslations(): void {
  const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const loaderPath = join(packageDir, 'dist/locales/i18n.js');
  const i18n = require(require.resolve('i18n', { paths: [packageDir] })) as {
    configure(options: object): void;
    setLocale(locale: string): void;
  };
  const offline = async (): Promise<void> => {
    i18n.configure({
      locales: ['en-US'],
      defaultLocale: 'en-US',
      directory: dirname(loaderPath),
      updateFiles: false,
      objectNotation: true,
      retryInDefaultLocale: true,
      register: globalThis,
    });
    i18n.setLocale('en-US');
  };
  require.cache[loaderPath] = {
    id: loaderPath,
    filename: loaderPath,
    loaded: true,
    exports: Object.assign(offline, { default: offline }),
  } as unknown as NodeJS.Module;
}

async function* files(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Writes each component's <script> blocks beside it as `<name>.svelte.script.ts`. */
async function extractSvelteScripts(dir: string): Promise<number> {
  let count = 0;
  for await (const path of files(dir)) {
    if (!path.endsWith('.svelte')) continue;
    const source = await readFile(path, 'utf8');
    const scripts = [...source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    if (scripts.length === 0) continue;
    await writeFile(`${path}.script.ts`, scripts.join('\n'));
    count += 1;
  }
  return count;
}

let workdir: string;
let result: ScanResult;
let runner: (options: object) => Promise<ScanResult>;
let electronVersion: string;
let svelteComponents = 0;

beforeAll(async () => {
  workdir = await mkdtemp(join(tmpdir(), 'latchkey-electronegativity-'));
  for (const folder of SCANNED)
    await cp(join(ROOT, folder), join(workdir, folder), { recursive: true });
  svelteComponents = await extractSvelteScripts(join(workdir, 'renderer'));
  offlineTranslations();
  // The package's main module is the scan function (dist/runner.js).
  runner = require('@doyensec/electronegativity') as (options: object) => Promise<ScanResult>;
  electronVersion = (
    JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  result = await runner({
    input: workdir,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
}, 120_000);

afterAll(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

function describeFinding(finding: Finding): string {
  const file = finding.file.startsWith('/') ? relative(workdir, finding.file) : finding.file;
  return `${finding.id} ${finding.severity.name ?? finding.severity.value} in ${file}:${finding.location.line} — ${finding.description}`;
}

describe('Electronegativity', () => {
  it('scanned the app, Svelte components included', () => {
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.globalChecks).toBeGreaterThan(3);
    expect(svelteComponents).toBeGreaterThan(0);
    expect(
      result.errors.filter((error) => !error.tolerable).map((e) => `${e.file}: ${e.message}`),
    ).toEqual([]);
  });

  it('lists what it found below MEDIUM (for review, not failure)', () => {
    const minor = result.issues.filter((issue) => issue.severity.value < 2);
    if (minor.length > 0)
      console.info(
        `Electronegativity, below MEDIUM:\n  ${minor.map(describeFinding).join('\n  ')}`,
      );
    expect(Array.isArray(minor)).toBe(true);
  });

  it('would catch an insecure window (the gate can fail)', async () => {
    const bad = join(workdir, 'bad-app');
    await cp(join(workdir, 'preload'), join(bad, 'preload'), { recursive: true });
    await writeFile(
      join(bad, 'window.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        'export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n',
    );
    const scan = await runner({
      input: bad,
      electronVersionOverride: electronVersion,
      excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    });
    const ids = scan.issues.filter((issue) => issue.severity.value >= 2).map((issue) => issue.id);
    expect(ids).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
  });

  it('reports nothing at MEDIUM or higher', () => {
    const MEDIUM = 2; // INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3
    const serious = result.issues.filter((issue) => issue.severity.value >= MEDIUM);
    expect(serious.map(describeFinding)).toEqual([]);
  });
});
