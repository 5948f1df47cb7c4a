/**
 * Leak scan after the end-to-end run: searches everything the app wrote or printed, and every
 * bridge message, for every token, authorization code and PKCE verifier the emulator issued or
 * received. Zero hits is the only pass.
 *
 *   node scripts/leak-scan.ts [--runs test-results/e2e-runs] [--report test-results/e2e-report.txt]
 *                             [--file <extra file>]...
 *
 * Each run directory (written by test/helpers/preview.ts and the e2e spec) holds `secrets.json`
 * (the emulator's `GET /__emulator/secrets`, fetched before the preview stopped) and the run's
 * artifacts: the preview's data directory, its stdout/stderr, the text of every page visited and
 * the bridge's WebSocket frames. The secrets of all runs are searched in all artifacts of all runs
 * and in the test reporter's output, raw and in the encodings a leak would take (URL-encoded,
 * JSON-escaped, base64). A hit is reported with the file, the kind of secret, the encoding and a
 * hash prefix — never the secret itself. Exit: 0 clean, 1 hits, 2 nothing to check (no secrets,
 * a run without secrets.json, a missing report).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Shorter strings are not searched (they would match by chance). Emulator secrets are ≥ 40. */
export const MIN_SECRET_LENGTH = 16;
/** The file in each run directory that lists the secrets (never scanned itself). */
export const SECRETS_FILE = 'secrets.json';

/** One leaked secret in one file. */
export interface LeakHit {
  file: string;
  /** What the secret looks like: an id_token (JWT) or an opaque token, code or verifier. */
  kind: string;
  /** How it appeared: raw, url-encoded, json-escaped, base64, base64url. */
  form: string;
  /** `sha256:` and the first 12 hex digits of the secret's hash, to tell hits apart. */
  fingerprint: string;
}

/** The result of a scan. */
export interface ScanReport {
  secrets: number;
  files: number;
  bytes: number;
  hits: LeakHit[];
}

/** A short, non-reversible name for a secret. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12)}`;
}

/** The kind of a secret, judged by its shape (the emulator's list does not label them). */
export function secretKind(secret: string): string {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(secret)
    ? 'id_token (JWT)'
    : 'opaque secret (access/refresh token, authorization code or PKCE verifier)';
}

/** The forms a secret can take in a file, each distinct from the raw one. */
export function secretForms(secret: string): Array<{ form: string; text: string }> {
  const forms = [
    { form: 'raw', text: secret },
    { form: 'url-encoded', text: encodeURIComponent(secret) },
    { form: 'json-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { form: 'base64', text: Buffer.from(secret).toString('base64').replace(/=+$/, '') },
    { form: 'base64url', text: Buffer.from(secret).toString('base64url') },
  ];
  const seen = new Set<string>();
  return forms.filter(({ text }) => (seen.has(text) ? false : (seen.add(text), true)));
}

/** Finds the secrets in one text; returns each hit's form and the secret. */
export function scanText(text: string, secrets: string[]): Array<{ secret: string; form: string }> {
  const hits: Array<{ secret: string; form: string }> = [];
  for (const secret of secrets) {
    for (const { form, text: needle } of secretForms(secret)) {
      if (text.includes(needle)) hits.push({ secret, form });
    }
  }
  return hits;
}

/** Every file under `dir`, recursively (symbolic links are not followed). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Reads the secrets a run recorded (a JSON array of strings). */
export async function readSecrets(file: string): Promise<string[]> {
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string')) {
    throw new Error(`${file} is not a JSON array of strings`);
  }
  return parsed as string[];
}

/** Scans `files` for `secrets` (each file read as UTF-8 and as Latin-1, so binary data counts). */
export async function scanFiles(files: string[], secrets: string[]): Promise<ScanReport> {
  const searched = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  const hits: LeakHit[] = [];
  let bytes = 0;
  for (const file of files) {
    const buffer = await readFile(file);
    bytes += buffer.length;
    const found = new Map<string, { secret: string; form: string }>();
    for (const text of [buffer.toString('utf8'), buffer.toString('latin1')]) {
      for (const hit of scanText(text, searched)) found.set(`${hit.secret}\u0000${hit.form}`, hit);
    }
    for (const { secret, form } of found.values()) {
      hits.push({ file, kind: secretKind(secret), form, fingerprint: fingerprint(secret) });
    }
  }
  return { secrets: searched.length, files: files.length, bytes, hits };
}

/** What a set of run directories gives the scan: the secrets and the files to search. */
export async function collectRuns(
  runsDir: string,
): Promise<{ runs: number; secrets: string[]; files: string[]; problems: string[] }> {
  const problems: string[] = [];
  if (!existsSync(runsDir)) return { runs: 0, secrets: [], files: [], problems: [`no ${runsDir}`] };
  const runs = (await readdir(runsDir, { withFileTypes: true })).filter((e) => e.isDirectory());
  const secrets: string[] = [];
  const files: string[] = [];
  for (const run of runs) {
    const dir = join(runsDir, run.name);
    const secretsFile = join(dir, SECRETS_FILE);
    if (existsSync(secretsFile)) secrets.push(...(await readSecrets(secretsFile)));
    else problems.push(`${dir} has no ${SECRETS_FILE}: what it may have leaked is unknown`);
    files.push(...(await listFiles(dir)).filter((file) => file !== secretsFile));
  }
  return { runs: runs.length, secrets, files, problems };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: 'test-results/e2e-runs' },
      report: { type: 'string', default: 'test-results/e2e-report.txt' },
      file: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  const root = process.cwd();
  const runsDir = resolve(values.runs);
  const collected = await collectRuns(runsDir);
  const files = [...collected.files];
  const problems = [...collected.problems];
  for (const extra of [values.report, ...values.file]) {
    const path = resolve(extra);
    if (existsSync(path) && (await stat(path)).isFile()) files.push(path);
    else problems.push(`${extra} does not exist`);
  }
  const report = await scanFiles(files, collected.secrets);
  if (report.secrets === 0) problems.push('no secrets to search for: the scan would prove nothing');

  console.log(
    `leak-scan: ${collected.runs} run(s), ${report.secrets} secret(s) from the emulator, ` +
      `${report.files} file(s) (${(report.bytes / 1024).toFixed(0)} KiB) searched: ` +
      `${report.hits.length} hit(s)`,
  );
  for (const hit of report.hits) {
    console.log(`LEAK ${relative(root, hit.file)}: ${hit.kind} ${hit.fingerprint}, ${hit.form}`);
  }
  for (const problem of problems) console.log(`leak-scan: ${problem}`);
  if (report.hits.length > 0) return 1;
  return problems.length > 0 ? 2 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`leak-scan failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
