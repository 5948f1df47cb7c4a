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
import { CLIENT_SECRETS, releaseRefusal } from '../../scripts/dist.ts';
import { configuredClient } from '../../main/app/config.ts';

const DIR = resolve(import.meta.dirname, '../../.github/workflows');

/**
 * Every action the workflows use, at the exact tag pinned, with `runs.using` as read from its
 * action.yml at that tag (`git show <tag>:action.yml` in a clone of the action's repository).
 * GitHub deprecated the node20 runtime: actions/cache@v4.2.4 and actions/upload-artifact@v4.6.2
 * were node20, and are the reason for this table. A new pin must be read and added here.
 */
const ACTION_RUNTIMES: Record<string, string> = {
  'actions/checkout@v7.0.1': 'node24', // commit 3d3c42e5aac5ba805825da76410c181273ba90b1
  'actions/setup-node@v7.0.0': 'node24', // commit 820762786026740c76f36085b0efc47a31fe5020
  'actions/cache@v5.0.5': 'node24', // commit 27d5ce7f107fe9357f9df03efb73ab90386fccae
  'actions/upload-artifact@v7.0.0': 'node24', // commit bbbca2ddaa5d8feaa63e36b76fdaad77386f024f
};

/** A JavaScript action runtime GitHub still supports: node24 or newer. */
function currentRuntime(using: string): boolean {
  const major = /^node(\d+)$/.exec(using)?.[1];
  return major !== undefined && Number(major) >= 24;
}

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

  it('pin every action at a release whose action.yml runs on node24 (not the deprecated node20)', () => {
    const pinned = new Set<string>();
    for (const [, flow] of workflows)
      for (const [, definition] of stepJobs(flow))
        for (const s of definition.steps) if (s.uses) pinned.add(s.uses);
    expect([...pinned].sort()).toEqual(Object.keys(ACTION_RUNTIMES).sort());
    for (const [action, using] of Object.entries(ACTION_RUNTIMES)) {
      expect(currentRuntime(using), `${action} runs on ${using}`).toBe(true);
    }
    expect(currentRuntime('node20')).toBe(false);
    expect(currentRuntime('node16')).toBe(false);
    expect(currentRuntime('composite')).toBe(false);
  });
});

describe('release.yml', () => {
  const packaging = job('release.yml', 'release');
  const index = (pattern: RegExp) => packaging.steps.findIndex((s) => pattern.test(s.run ?? ''));
  const step = (pattern: RegExp) => packaging.steps[index(pattern)];
  const dist = step(/^npm run dist -- --release$/)!;

  /** The dist step's environment as GitHub gives it: an unset secret is an empty string. */
  function distEnv(secrets: Record<string, string>, ref: Record<string, string>) {
    const env: NodeJS.ProcessEnv = { ...ref };
    for (const [name, value] of Object.entries(dist.env ?? {})) {
      const secret = /^\$\{\{ secrets\.(\w+) \}\}$/.exec(String(value))?.[1];
      env[name] = secret ? (secrets[secret] ?? '') : String(value);
    }
    return env;
  }

  it('refuses to build without the client secrets (dist checks them itself)', () => {
    expect(dist.env && Object.keys(dist.env).sort()).toEqual([...CLIENT_SECRETS].sort());
    expect(dist['continue-on-error']).toBeUndefined();
    const env = distEnv({}, { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v0.1.0' });
    expect(releaseRefusal(configuredClient(env), env, '0.1.0')).toMatch(
      /LATCHKEY_GOOGLE_CLIENT_ID, LATCHKEY_GOOGLE_CLIENT_SECRET, LATCHKEY_GOOGLE_CLIENT_TYPE/,
    );
  });

  it("checks that the v* tag it runs for is package.json's version", () => {
    const on = release().on as Record<string, { tags?: string[] } | null>;
    expect(on.push?.tags).toEqual(['v*']);
    // dist reads GitHub's own GITHUB_REF_TYPE / GITHUB_REF_NAME: nothing may override them.
    for (const scope of [packaging.env, dist.env, release().env])
      for (const name of ['GITHUB_REF_TYPE', 'GITHUB_REF_NAME'])
        expect(scope?.[name], name).toBeUndefined();
    const client = { LATCHKEY_GOOGLE_CLIENT_ID: '987654321-abcdef.apps.googleusercontent.com' };
    const env = distEnv(client, { GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v0.2.0' });
    expect(releaseRefusal(configuredClient(env), env, '0.1.0')).toMatch(/^the tag v0\.2\.0 is not/);
  });

  it('starts each package after building it and before uploading it, on every OS', () => {
    const built = index(/^npm run dist -- --release$/);
    const uploaded = packaging.steps.findIndex((s) =>
      s.uses?.startsWith('actions/upload-artifact@'),
    );
    const smokes: Record<string, RegExp> = {
      Linux: /^xvfb-run -a scripts\/with-keyring\.sh node scripts\/smoke\.ts appimage$/m,
      macOS: /^node scripts\/smoke\.ts mac$/m,
      Windows: /^node scripts\/smoke\.ts nsis$/m,
    };
    for (const [os, pattern] of Object.entries(smokes)) {
      const at = index(pattern);
      expect(at, os).toBeGreaterThan(built);
      expect(at, os).toBeLessThan(uploaded);
      expect(packaging.steps[at]!.if, os).toBe(`runner.os == '${os}'`);
    }
    const deb = step(/smoke\.ts deb$/m)!;
    expect(deb.if).toBe("runner.os == 'Linux'");
    expect(deb.run).toMatch(
      /sudo apt-get install -y \.\/dist\/\*\.deb\nxvfb-run -a scripts\/with-keyring\.sh node scripts\/smoke\.ts deb/,
    );
    expect(index(/smoke\.ts deb$/m)).toBeLessThan(uploaded);
    expect(step(/smoke\.ts mac$/m)!.run).toMatch(/codesign --verify --deep --strict/);
  });

  it('keeps the sandbox on for the Linux smoke tests, with no libfuse2 for the AppImage', () => {
    const setup = step(/apparmor_restrict_unprivileged_userns/)!;
    expect(setup.if).toBe("runner.os == 'Linux'");
    expect(setup.run).toMatch(/^sudo sysctl -w kernel\.apparmor_restrict_unprivileged_userns=0$/m);
    expect(setup.run).toMatch(/apt-get install[^\n]*xvfb[^\n]*gnome-keyring[^\n]*dbus-x11/);
    expect(index(/apparmor_restrict_unprivileged_userns/)).toBeLessThan(
      index(/smoke\.ts appimage/),
    );
    // The commands, without the shell comments that explain why.
    const commands = packaging.steps
      .flatMap((s) => (s.run ?? '').split('\n'))
      .filter((line) => !line.trim().startsWith('#'));
    expect(commands.join('\n')).toMatch(/apt-get install/);
    expect(commands.join('\n')).not.toMatch(/--no-sandbox|libfuse2/);
  });
});

function release(): Workflow {
  return workflows.get('release.yml')!;
}
