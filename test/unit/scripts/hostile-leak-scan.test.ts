/**
 * The leak scan (scripts/leak-scan.ts) can fail: secrets planted in a fake end-to-end run — raw in
 * the preview's output, URL-encoded in a page text, base64 in a binary file, in the reporter's
 * output — are each found and reported with file, kind and form, and the scan's own output never
 * contains a secret. A clean run passes; a run that recorded no secrets cannot pass.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint, scanFiles, secretForms } from '../../../scripts/leak-scan.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const base = mkdtempSync(join(tmpdir(), 'latchkey-leak-scan-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const opaque = (): string => randomBytes(32).toString('base64url');
const refreshLike = (): string => `1//0g${randomBytes(40).toString('base64url')}`;
const jwtLike = (): string =>
  [
    'eyJhbGciOiJSUzI1NiJ9',
    randomBytes(60).toString('base64url'),
    randomBytes(64).toString('base64url'),
  ].join('.');

let runs = 0;
/** A fake e2e output folder: runs/<id>/{secrets.json, files…} and a reporter output. */
function fakeRun(
  secrets: string[] | null,
  files: Record<string, string | Buffer>,
  report = 'ok\n',
) {
  runs += 1;
  const dir = join(base, `case-${runs}`);
  const run = join(dir, 'runs', 'run-1');
  mkdirSync(run, { recursive: true });
  if (secrets) writeFileSync(join(run, 'secrets.json'), JSON.stringify(secrets));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(run, name, '..'), { recursive: true });
    writeFileSync(join(run, name), content);
  }
  writeFileSync(join(dir, 'report.txt'), report);
  return { dir, runs: join(dir, 'runs'), report: join(dir, 'report.txt') };
}

function scan(paths: { runs: string; report: string }) {
  const result = spawnSync(
    process.execPath,
    ['scripts/leak-scan.ts', '--runs', paths.runs, '--report', paths.report],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('leak scan', () => {
  it('finds planted secrets in every place and form, naming file, kind and form only', () => {
    const [code, token, verifier, idToken, inReport] = [
      opaque(),
      refreshLike(),
      opaque(),
      jwtLike(),
      opaque(),
    ];
    const secrets = [code, token, verifier, idToken, inReport, 'short'];
    const paths = fakeRun(
      secrets,
      {
        'output.log': `{"msg":"exchanging","code":"${code}"}\n`,
        'pages/03-profile.txt': `Ada Lovelace\nhttps://x.example/?t=${encodeURIComponent(token)}\n`,
        'data/metadata.json': JSON.stringify({ auth: { accounts: [] }, note: verifier }),
        'screenshots/profile.png': Buffer.concat([
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
          Buffer.from(Buffer.from(idToken).toString('base64')),
        ]),
        'bridge.jsonl': '{"ok":true,"value":{"accounts":[]}}\n',
      },
      `✓ signs in\nAuthorization: Bearer ${inReport}\n`,
    );
    const { status, out } = scan(paths);
    expect(status).toBe(1);
    expect(out).toMatch(/5 hit\(s\)/);
    const lines = out.split('\n').filter((line) => line.startsWith('LEAK '));
    const find = (file: string) => lines.find((line) => line.includes(file)) ?? '';
    expect(find('output.log')).toContain(`opaque secret`);
    expect(find('output.log')).toContain(`${fingerprint(code)}, raw`);
    expect(find('03-profile.txt')).toContain(`${fingerprint(token)}, url-encoded`);
    expect(find('metadata.json')).toContain(fingerprint(verifier));
    expect(find('profile.png')).toContain(`id_token (JWT) ${fingerprint(idToken)}, base64`);
    expect(find('report.txt')).toContain(fingerprint(inReport));
    expect(find('bridge.jsonl')).toBe('');
    // The scan names secrets by hash only: none of them, in any form, is in its own output.
    for (const secret of secrets.slice(0, 5)) {
      for (const { text } of secretForms(secret)) expect(out).not.toContain(text);
    }
  });

  it('passes a clean run', () => {
    const paths = fakeRun([opaque(), jwtLike()], {
      'output.log': '{"msg":"account ready","scopes":3}\n',
      'pages/01-signed-out.txt': 'Sign in with Google\n',
    });
    const { status, out } = scan(paths);
    expect(out).toMatch(/1 run\(s\), 2 secret\(s\) .* 0 hit\(s\)/);
    expect(status).toBe(0);
  });

  it('cannot pass when there is nothing to check', () => {
    expect(scan(fakeRun([], { 'output.log': 'x' })).status).toBe(2);
    const missing = scan(fakeRun(null, { 'output.log': 'x' }));
    expect(missing.status).toBe(2);
    expect(missing.out).toContain('has no secrets.json');
    const noReport = fakeRun([opaque()], { 'output.log': 'x' });
    rmSync(noReport.report);
    expect(scan(noReport).status).toBe(2);
  });

  it('scanFiles: one hit per secret and form per file, short strings ignored', async () => {
    const secret = refreshLike();
    const dir = join(base, 'direct');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt'), `${secret} ${secret} ${encodeURIComponent(secret)} short`);
    const report = await scanFiles([join(dir, 'a.txt')], [secret, 'short']);
    expect(report.secrets).toBe(1);
    expect(report.hits.map((hit) => hit.form).sort()).toEqual(['raw', 'url-encoded']);
  });
});
