/**
 * What the first run on real runners needs, checked offline here (docs/first-run.md): every text
 * file checked out with LF on every OS; "only its owner can read it" checked the way each OS can;
 * both end-to-end hosts set up by one function, with the demo Google's test routes; the Electron
 * host launched with the Chromium sandbox on.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EMULATOR_TEST_ROUTES_ENV } from '../../emulator/options.ts';
import { appUnderTestEnv, CLIENT_VARIABLES } from '../helpers/app-env.ts';
import { electronLaunchOptions } from '../helpers/hosts.ts';
import { aclProblem, privateFileProblem } from '../helpers/private-file.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('line endings', () => {
  it('.gitattributes makes every text file LF and marks images binary', () => {
    const attributes = readFileSync(join(ROOT, '.gitattributes'), 'utf8');
    expect(attributes).toMatch(/^\* text=auto eol=lf$/m);
    expect(attributes).toMatch(/^\*\.png binary$/m);
  });

  it('every tracked file is LF in the index and checked out LF, or is binary', () => {
    const rows = execFileSync('git', ['ls-files', '--eol'], { cwd: ROOT, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [info = '', path = ''] = line.split('\t');
        const [index, , ...attr] = info.trim().split(/\s+/);
        return { index, attr: attr.join(' '), path };
      });
    expect(rows.length).toBeGreaterThan(100);
    const text = rows.filter((row) => row.index !== 'i/-text');
    expect(text.filter((row) => row.index !== 'i/lf' && row.index !== 'i/none')).toEqual([]);
    expect(text.filter((row) => !row.attr.includes('eol=lf'))).toEqual([]);
    const images = rows.filter((row) => row.path.endsWith('.png'));
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((row) => row.index !== 'i/-text' || !row.attr.includes('-text'))).toEqual(
      [],
    );
  });
});

describe('files only their owner may read', () => {
  it('on Windows: a grant to a group every user is in is a problem, a deny or a person is not', () => {
    const path = 'C:\\Users\\me\\AppData\\Local\\Temp\\x\\open-preview.html';
    expect(
      aclProblem(
        `${path} NT AUTHORITY\\SYSTEM:(I)(F)\n` +
          '    BUILTIN\\Administrators:(I)(F)\n    DESKTOP-1\\me:(I)(F)\n\n' +
          'Successfully processed 1 files; Failed processing 0 files\n',
      ),
    ).toBeNull();
    expect(aclProblem(`${path} Everyone:(DENY)(R)\n    DESKTOP-1\\me:(F)\n`)).toBeNull();
    expect(aclProblem(`${path} BUILTIN\\Users:(I)(RX)\n    DESKTOP-1\\me:(I)(F)\n`)).toBe(
      'readable by BUILTIN\\Users:(I)(RX)',
    );
    expect(aclProblem(`${path} DESKTOP-1\\me:(F)\n    Everyone:(R)\n`)).toBe(
      'readable by Everyone:(R)',
    );
    expect(aclProblem(`${path} NT AUTHORITY\\Authenticated Users:(I)(M)\n`)).toBe(
      'readable by NT AUTHORITY\\Authenticated Users:(I)(M)',
    );
  });

  it('on POSIX: mode 0600 is private, 0644 is not', (ctx) => {
    if (process.platform === 'win32') {
      ctx.skip(true, 'Windows has no POSIX mode bits: the icacls reading above is what it checks');
    }
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-private-'));
    try {
      const file = join(dir, 'f');
      writeFileSync(file, 'x', { mode: 0o600 });
      expect(privateFileProblem(file)).toBeNull();
      chmodSync(file, 0o644);
      expect(privateFileProblem(file)).toBe('mode 0644, not 0600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the app under test (both end-to-end hosts)', () => {
  const base = {
    PATH: '/bin',
    LATCHKEY_GOOGLE_CLIENT_ID: '1-x.apps.googleusercontent.com',
    LATCHKEY_GOOGLE_CLIENT_SECRET: 'GOCSPX-x',
    LATCHKEY_GOOGLE_CLIENT_TYPE: 'desktop',
    LATCHKEY_CONFIG: '/tmp/c.json',
    ELECTRON_RUN_AS_NODE: '1',
    LATCHKEY_KEYRING_STARTED: '1',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x',
    LC_ALL: 'de_DE.UTF-8',
    LANGUAGE: 'de',
  };

  it('runs in demo mode with the test routes on and English terminal lines, whatever the shell has', () => {
    const env = appUnderTestEnv({ LATCHKEY_DATA_DIR: '/d' }, {}, base);
    expect(env).toEqual({
      PATH: '/bin',
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x',
      [EMULATOR_TEST_ROUTES_ENV]: '1',
      LC_MESSAGES: 'C.UTF-8',
      LATCHKEY_DATA_DIR: '/d',
    });
    for (const name of CLIENT_VARIABLES) expect(env).not.toHaveProperty(name);
  });

  it('takes extras (undefined removes one), and the host folders win', () => {
    const env = appUnderTestEnv(
      { LATCHKEY_E2E_USER_DATA: '/u' },
      { DBUS_SESSION_BUS_ADDRESS: undefined, LATCHKEY_E2E_USER_DATA: '/elsewhere', X: '1' },
      base,
    );
    expect(env).not.toHaveProperty('DBUS_SESSION_BUS_ADDRESS');
    expect(env).toMatchObject({ LATCHKEY_E2E_USER_DATA: '/u', X: '1' });
    expect(env[EMULATOR_TEST_ROUTES_ENV]).toBe('1');
  });

  it('launches Electron with the Chromium sandbox on', () => {
    const options = electronLaunchOptions('/electron', { A: '1' });
    expect(options.chromiumSandbox).toBe(true);
    expect(options.args).toEqual(['.']);
    expect(options.args).not.toContain('--no-sandbox');
  });
});

describe('the Linux CI runner', () => {
  it('allows unprivileged user namespaces before the tests, so Electron runs sandboxed', () => {
    const workflow = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: { test: { steps: Array<{ run?: string; if?: string }> } };
    };
    const steps = workflow.jobs.test.steps;
    const sysctl = steps.findIndex((step) =>
      step.run?.includes('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0'),
    );
    const tests = steps.findIndex((step) => step.run?.includes('npm test'));
    expect(sysctl).toBeGreaterThan(-1);
    expect(steps[sysctl]?.if).toBe("runner.os == 'Linux'");
    expect(sysctl).toBeLessThan(tests);
    // Nothing turns the sandbox off instead.
    expect(JSON.stringify(workflow)).not.toContain('no-sandbox');
  });
});
