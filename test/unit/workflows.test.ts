/**
 * The GitHub Actions workflows, checked offline: parsed with `yaml` and validated against a
 * zod schema of the subset of GitHub's workflow syntax we use (on, permissions, jobs with
 * runs-on or a reusable workflow, steps each with exactly one of uses/run), plus the project's
 * rules: actions pinned to a release (never a branch), Node 24, secrets only in the steps that
 * build installers (each OS's signing secrets only in that OS's steps), write permissions only in
 * the publishing job, and the order the release process relies on: tests, then installers built
 * and smoke-tested on every OS, then one job that drafts the GitHub Release and publishes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CLIENT_SECRETS, releaseRefusal } from '../../scripts/dist.ts';
import { SIGNING_ENV } from '../../scripts/dist-config.ts';
import { configuredClient } from '../../main/app/config.ts';

const DIR = resolve(import.meta.dirname, '../../.github/workflows');

/**
 * Every action the workflows use, at the exact tag pinned, with `runs.using` as read from its
 * action.yml at that tag (`git show <tag>:action.yml` in a clone of the action's repository).
 * GitHub deprecated the node20 runtime: actions/cache@v4.2.4 and actions/upload-artifact@v4.6.2
 * were node20, and are the reason for this table. A new pin must be read and added here. A
 * composite action is recorded with the action its steps use, at the commit it pins, and that
 * action's runtime.
 */
const ACTION_RUNTIMES: Record<string, string> = {
  'actions/checkout@v7.0.1': 'node24', // commit 3d3c42e5aac5ba805825da76410c181273ba90b1
  'actions/setup-node@v7.0.0': 'node24', // commit 820762786026740c76f36085b0efc47a31fe5020
  'actions/cache@v5.0.5': 'node24', // commit 27d5ce7f107fe9357f9df03efb73ab90386fccae
  'actions/upload-artifact@v7.0.0': 'node24', // commit bbbca2ddaa5d8feaa63e36b76fdaad77386f024f
  'actions/download-artifact@v8.0.1': 'node24', // commit 3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c
  // commit a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32; its one step: actions/attest at
  // 59d89421af93a897026c735860bf21b6eb4f7b26 (v4.1.0), whose action.yml runs node24.
  'actions/attest-build-provenance@v4.1.0': 'composite(actions/attest@v4.1.0: node24)',
};

/** A JavaScript action runtime GitHub still supports: node24 or newer (directly or in a composite). */
function currentRuntime(using: string): boolean {
  const major = /^(?:composite\([\w./-]+@[\w.]+: )?node(\d+)\)?$/.exec(using)?.[1];
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

  it('keep secrets out of every job but the installers job, and each in the steps that use it', () => {
    for (const [file, flow] of workflows) {
      for (const [name, definition] of Object.entries(flow.jobs)) {
        const text = JSON.stringify(definition);
        if (file === 'release.yml' && name === 'installers') continue;
        expect(text, `${file} ${name}`).not.toMatch(/secrets\./);
        expect('secrets' in definition && definition.secrets, `${file} ${name}`).toBeFalsy();
      }
    }
    const installers = job('release.yml', 'installers');
    // Nowhere but in a step's env: not the job's, not a `with`, not a command line.
    expect(JSON.stringify({ ...installers, steps: [] })).not.toMatch(/secrets\./);
    const owners = new Map<string, Set<string>>();
    for (const s of installers.steps) {
      expect(JSON.stringify({ ...s, env: {} }), s.name).not.toMatch(/secrets\./);
      for (const value of Object.values(s.env ?? {})) {
        const secret = /^\$\{\{ secrets\.(\w+) \}\}$/.exec(String(value))?.[1];
        if (secret) owners.set(secret, new Set([...(owners.get(secret) ?? []), String(s.if)]));
      }
    }
    const only = (os: string) => new Set([`runner.os == '${os}'`]);
    for (const name of CLIENT_SECRETS)
      expect(owners.get(name), name).toEqual(
        new Set(["runner.os == 'Linux'", "runner.os == 'macOS'", "runner.os == 'Windows'"]),
      );
    for (const name of SIGNING_ENV.mac) {
      if (name === 'APPLE_API_KEY') continue; // a file path; the secret goes to the step writing it
      expect(owners.get(name), name).toEqual(only('macOS'));
    }
    expect(owners.get('APPLE_API_KEY')).toEqual(only('macOS'));
    for (const name of [
      'WIN_CSC_LINK',
      'WIN_CSC_KEY_PASSWORD',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ])
      expect(owners.get(name), name).toEqual(only('Windows'));
    // Every secret used is one of those.
    expect([...owners.keys()].sort()).toEqual(
      [
        ...CLIENT_SECRETS,
        ...SIGNING_ENV.mac,
        'WIN_CSC_LINK',
        'WIN_CSC_KEY_PASSWORD',
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
      ].sort(),
    );
  });

  it('use Node 24 with the npm cache, and cache Electron on every OS where it is needed', () => {
    for (const [file, flow] of workflows) {
      for (const [name, definition] of stepJobs(flow)) {
        const setup = definition.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
        expect(setup?.with, `${file} ${name}`).toMatchObject({ 'node-version': 24, cache: 'npm' });
        // The publishing job runs no Electron: it installs without downloading it.
        if (file === 'release.yml' && name === 'publish') {
          const install = definition.steps.find((s) => s.run === 'npm ci');
          expect(install?.env).toEqual({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
          continue;
        }
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
    const packaging = job('release.yml', 'installers');
    expect(packaging.needs).toBe('test');
    const dists = packaging.steps.filter((s) => s.run === 'npm run dist -- --release');
    expect(dists.map((s) => s.if)).toEqual([
      "runner.os == 'Linux'",
      "runner.os == 'macOS'",
      "runner.os == 'Windows'",
    ]);
    const include = packaging.strategy?.matrix.include as Array<{ os: string; installers: string }>;
    const installers = Object.fromEntries(
      include.map((entry) => [entry.os, entry.installers.trim().split('\n')]),
    );
    const mac = ['dist/*.dmg', 'dist/*.zip', 'dist/*.blockmap', 'dist/latest-mac.yml'];
    expect(installers).toEqual({
      'ubuntu-latest': ['dist/*.AppImage', 'dist/*.deb', 'dist/latest-linux.yml'],
      // Apple silicon, and GitHub's Intel Mac for the x64 dmg.
      'macos-latest': mac,
      'macos-15-intel': mac,
      'windows-latest': ['dist/*.exe', 'dist/*.blockmap', 'dist/latest.yml'],
    });
    const upload = packaging.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with).toMatchObject({
      name: 'installers-${{ matrix.os }}',
      path: '${{ matrix.installers }}',
      'if-no-files-found': 'error',
    });
  });

  it('give write permissions to the publishing job only, and to nothing else', () => {
    for (const [file, flow] of workflows) {
      expect(flow.permissions, file).toEqual({ contents: 'read' });
      for (const [name, definition] of Object.entries(flow.jobs)) {
        if (file === 'release.yml' && name === 'publish') continue;
        expect(
          'permissions' in definition && definition.permissions,
          `${file} ${name}`,
        ).toBeFalsy();
      }
    }
    expect(job('release.yml', 'publish').permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      attestations: 'write',
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
  const packaging = job('release.yml', 'installers');
  const index = (pattern: RegExp) => packaging.steps.findIndex((s) => pattern.test(s.run ?? ''));
  const step = (pattern: RegExp) => packaging.steps[index(pattern)];
  const dists = packaging.steps.filter((s) => s.run === 'npm run dist -- --release');
  const dist = dists[0]!;

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
    for (const each of dists) {
      for (const name of CLIENT_SECRETS) expect(each.env?.[name]).toBe(`\${{ secrets.${name} }}`);
      expect(each['continue-on-error']).toBeUndefined();
    }
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
    const built = packaging.steps.findLastIndex((s) => s.run === 'npm run dist -- --release');
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
    const mac = step(/smoke\.ts mac$/m)!.run!;
    expect(mac).toMatch(/codesign --verify --deep --strict/);
    // A Developer ID build must also pass Gatekeeper, notarized with its ticket stapled.
    expect(mac).toMatch(/spctl --assess --type execute/);
    expect(mac).toMatch(/xcrun stapler validate/);
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

  it('signs on macOS and Windows from secrets, each OS with its own, none on Linux', () => {
    const [linux, mac, windows] = dists;
    expect(Object.keys(linux!.env ?? {}).sort()).toEqual([...CLIENT_SECRETS].sort());
    const signing = (s: typeof dist) =>
      Object.keys(s.env ?? {})
        .filter((name) => !(CLIENT_SECRETS as readonly string[]).includes(name))
        .sort();
    expect(signing(mac!)).toEqual(SIGNING_ENV.mac.filter((n) => n !== 'APPLE_API_KEY').sort());
    expect(signing(windows!)).toEqual([...SIGNING_ENV.win].sort());
    // The Trusted Signing account is configuration, not a secret.
    for (const name of SIGNING_ENV.win.filter((n) => n.startsWith('AZURE_SIGN_')))
      expect(windows!.env?.[name]).toBe(`\${{ vars.${name} }}`);
    // notarytool wants the API key as a file: written before the macOS build, only when set.
    const key = step(/apple-api-key\.p8/)!;
    expect(key.if).toBe("runner.os == 'macOS'");
    expect(key.env).toEqual({ APPLE_API_KEY_P8: '${{ secrets.APPLE_API_KEY }}' });
    expect(key.run).toMatch(/if \[ -n "\$APPLE_API_KEY_P8" \]/);
    expect(key.run).toMatch(/echo "APPLE_API_KEY=\$key" >> "\$GITHUB_ENV"/);
    expect(index(/apple-api-key\.p8/)).toBeLessThan(packaging.steps.indexOf(mac!));
  });
});

describe('release.yml: the GitHub Release', () => {
  const publish = job('release.yml', 'publish');
  const at = (pattern: RegExp) =>
    publish.steps.findIndex((s) => pattern.test(s.run ?? '') || pattern.test(s.uses ?? ''));

  it('runs after every OS built and smoke-tested its installers, and only for a v* tag', () => {
    expect(publish.needs).toBe('installers');
    expect(publish.if).toBe("github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v')");
    // A failed OS fails the matrix, and `needs` then skips this job: nothing is released.
    expect(job('release.yml', 'installers').strategy?.['fail-fast']).toBe(false);
    expect(JSON.stringify(publish)).not.toMatch(/continue-on-error|always\(\)/);
  });

  it('downloads every installers artifact, writes SHA256SUMS, attests, drafts, then publishes', () => {
    const download = publish.steps[at(/^actions\/download-artifact@/)]!;
    expect(download.with).toEqual({ pattern: 'installers-*', path: 'downloaded' });
    const assets = at(/^node scripts\/release-assets\.ts downloaded assets$/);
    const attest = publish.steps[at(/^actions\/attest-build-provenance@/)]!;
    expect(attest.with).toEqual({ 'subject-checksums': 'assets/SHA256SUMS' });
    const draft = at(/gh release create "\$GITHUB_REF_NAME" --draft --verify-tag/);
    const published = at(/gh release edit "\$GITHUB_REF_NAME" --draft=false --latest/);
    const order = [
      at(/^actions\/download-artifact@/),
      assets,
      at(/^actions\/attest-build-provenance@/),
      draft,
      published,
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(published).toBe(publish.steps.length - 1);
    // Every asset is uploaded to the draft; it is published only when they all arrived.
    expect(publish.steps[draft]!.run).toMatch(/assets\/\*$/m);
    expect(publish.steps[published]!.run).toMatch(/gh release view [^\n]*--json assets/);
    // A published release is never replaced.
    expect(publish.steps[draft]!.run).toMatch(/already published/);
    for (const s of [publish.steps[draft]!, publish.steps[published]!])
      expect(s.env).toEqual({ GH_TOKEN: '${{ github.token }}' });
  });
});

function release(): Workflow {
  return workflows.get('release.yml')!;
}
