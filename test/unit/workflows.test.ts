/**
 * The GitHub Actions workflows, checked offline: parsed with `yaml` and validated against a
 * zod schema of the subset of GitHub's workflow syntax we use (on, permissions, jobs with
 * runs-on or a reusable workflow, steps each with exactly one of uses/run), plus the project's
 * rules: actions pinned to a release (never a branch), Node 24, secrets only where installers
 * are built, and the jobs the release process relies on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../.github/workflows');

/** `owner/repo@v1.2.3` or `owner/repo@<40-hex commit>`; a local `./…` reusable workflow. */
const PINNED_ACTION = /^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/;
const LOCAL_WORKFLOW = /^\.\/\.github\/workflows\/[\w.-]+\.ya?ml$/;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const env = z.record(z.string(), scalar);

const step = z
  .object({
    name: z.string().optional(),
    id: z.string().optional(),
    if: z.union([z.string(), z.boolean()]).optional(),
    uses: z.string().regex(PINNED_ACTION, 'an action pinned to a release tag or commit').optional(),
    run: z.string().min(1).optional(),
    with: z.record(z.string(), scalar).optional(),
    env: env.optional(),
    shell: z.string().optional(),
    'working-directory': z.string().optional(),
    'continue-on-error': z.boolean().optional(),
    'timeout-minutes': z.number().optional(),
  })
  .strict()
  .refine((s) => (s.uses === undefined) !== (s.run === undefined), {
    message: 'a step has exactly one of uses or run',
  });

const strategy = z
  .object({
    'fail-fast': z.boolean().optional(),
    'max-parallel': z.number().optional(),
    matrix: z.record(z.string(), z.unknown()),
  })
  .strict();

const permissions = z.union([
  z.enum(['read-all', 'write-all']),
  z.record(z.string(), z.enum(['read', 'write', 'none'])),
]);

const stepsJob = z
  .object({
    name: z.string().optional(),
    needs: z.union([z.string(), z.array(z.string())]).optional(),
    if: z.string().optional(),
    'runs-on': z.union([z.string(), z.array(z.string())]),
    'timeout-minutes': z.number().positive(),
    strategy: strategy.optional(),
    permissions: permissions.optional(),
    environment: z.string().optional(),
    env: env.optional(),
    defaults: z
      .object({ run: z.object({ shell: z.string() }).strict() })
      .strict()
      .optional(),
    steps: z.array(step).min(1),
  })
  .strict();

const reusableJob = z
  .object({
    name: z.string().optional(),
    needs: z.union([z.string(), z.array(z.string())]).optional(),
    uses: z.string().regex(LOCAL_WORKFLOW),
    with: z.record(z.string(), scalar).optional(),
    secrets: z.union([z.literal('inherit'), z.record(z.string(), z.string())]).optional(),
  })
  .strict();

const trigger = z.union([z.null(), z.record(z.string(), z.unknown())]);

const workflow = z
  .object({
    name: z.string(),
    on: z.union([z.string(), z.array(z.string()), z.record(z.string(), trigger)]),
    permissions,
    concurrency: z.unknown().optional(),
    env: env.optional(),
    jobs: z.record(z.string().regex(/^[a-z][\w-]*$/), z.union([stepsJob, reusableJob])),
  })
  .strict();

type Workflow = z.infer<typeof workflow>;
type StepsJob = z.infer<typeof stepsJob>;

const files = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name));
const workflows = new Map<string, Workflow>(
  files.map((name) => [name, workflow.parse(parse(readFileSync(join(DIR, name), 'utf8')))]),
);

function stepJobs(flow: Workflow): Array<[string, StepsJob]> {
  return Object.entries(flow.jobs).filter(
    (entry): entry is [string, StepsJob] => 'steps' in entry[1],
  );
}

function job(file: string, name: string): StepsJob {
  const found = workflows.get(file)?.jobs[name];
  if (!found || !('steps' in found)) throw new Error(`${file} has no job ${name} with steps`);
  return found;
}

describe('GitHub workflows', () => {
  it('are there, and each one matches the schema', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
    // workflow.parse() above threw for anything malformed; say what was checked.
    for (const [name, flow] of workflows)
      expect(Object.keys(flow.jobs).length, name).toBeGreaterThan(0);
  });

  it('refuse what the schema is for (a branch-pinned action, a step with both uses and run)', () => {
    const bad = (steps: unknown[]) =>
      workflow.safeParse({
        name: 'x',
        on: 'push',
        permissions: { contents: 'read' },
        jobs: { a: { 'runs-on': 'ubuntu-latest', 'timeout-minutes': 5, steps } },
      }).success;
    expect(bad([{ uses: 'actions/checkout@main' }])).toBe(false);
    expect(bad([{ uses: 'actions/checkout@v5', run: 'x' }])).toBe(false);
    expect(bad([{ name: 'nothing' }])).toBe(false);
    expect(bad([{ uses: 'actions/checkout@v5.0.0' }])).toBe(true);
  });

  it('keep secrets out of every job but the release job', () => {
    for (const [file, flow] of workflows) {
      for (const [name, definition] of Object.entries(flow.jobs)) {
        const text = JSON.stringify(definition);
        if (file === 'release.yml' && name === 'release') continue;
        expect(text, `${file} ${name}`).not.toMatch(/secrets\./);
        expect('secrets' in definition && definition.secrets, `${file} ${name}`).toBeFalsy();
      }
    }
    const release = JSON.stringify(job('release.yml', 'release'));
    for (const name of [
      'LATCHKEY_GOOGLE_CLIENT_ID',
      'LATCHKEY_GOOGLE_CLIENT_SECRET',
      'LATCHKEY_GOOGLE_CLIENT_TYPE',
    ]) {
      expect(release).toContain(`\${{ secrets.${name} }}`);
    }
  });

  it('use Node 24 with the npm cache, and cache Electron on every OS', () => {
    for (const [file, flow] of workflows) {
      for (const [name, definition] of stepJobs(flow)) {
        const setup = definition.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
        expect(setup?.with, `${file} ${name}`).toMatchObject({ 'node-version': 24, cache: 'npm' });
        const cache = definition.steps.find((s) => s.uses?.startsWith('actions/cache@'));
        const paths = String(cache?.with?.path ?? '');
        for (const path of [
          '~/.cache/electron',
          '~/Library/Caches/electron',
          '~/AppData/Local/electron/Cache',
        ])
          expect(paths, `${file} ${name}`).toContain(path);
      }
    }
  });

  it('test on Linux (xvfb, keyring), macOS and Windows with the Electron host required', () => {
    const test = job('ci.yml', 'test');
    expect(test.strategy?.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    expect(test.defaults?.run.shell).toBe('bash');
    expect(test.env?.LATCHKEY_E2E_HOST).toBe('both');
    const runs = test.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toMatch(/apt-get install[^\n]*gnome-keyring[^\n]*dbus-x11/);
    expect(runs).toMatch(/xvfb-run [^\n]*npm test/);
    expect(runs).not.toMatch(/no-sandbox/);
    expect(test.steps.filter((s) => /(^|\s)npm test$/.test(s.run ?? '')).length).toBe(2);
  });

  it('release: tests first, then npm run dist -- --release per OS, uploading each installer', () => {
    const release = workflows.get('release.yml')!;
    expect(release.jobs.test).toEqual({ uses: './.github/workflows/ci.yml' });
    const packaging = job('release.yml', 'release');
    expect(packaging.needs).toBe('test');
    expect(packaging.steps.some((s) => s.run === 'npm run dist -- --release')).toBe(true);
    const include = packaging.strategy?.matrix.include as Array<{ os: string; installers: string }>;
    const installers = include.map((entry) => `${entry.os}: ${entry.installers.trim()}`);
    expect(installers).toEqual([
      'ubuntu-latest: dist/*.AppImage\ndist/*.deb',
      'macos-latest: dist/*.dmg',
      'windows-latest: dist/*.exe',
    ]);
    const upload = packaging.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({
      path: '${{ matrix.installers }}',
      'if-no-files-found': 'error',
    });
  });

  it('ci.yml can be called by release.yml', () => {
    expect(Object.keys(workflows.get('ci.yml')!.on as object)).toContain('workflow_call');
  });
});
