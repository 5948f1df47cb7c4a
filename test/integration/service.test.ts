/**
 * The composition as the shell and the preview run it: startLatchkey in demo mode (it starts its
 * own local test Google, reached here through the emulator's HTTP switches), the real core and
 * vault, and every bridge handler — in bad states (nothing signed in, unknown account, a flow
 * cancelled) and signed in — answering a Result, never throwing, and never carrying a secret.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_TEST_ROUTES_ENV } from '../../emulator/options.ts';
import type { Handlers } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { FEATURE_SCOPES, FEATURES } from '../../common/features.ts';
import { methodList } from '../../common/contract.ts';
import { inputSchemas } from '../../main/bridge/schemas.ts';
import { startLatchkey } from '../../main/app/start.ts';
import type { Latchkey } from '../../main/app/start.ts';
import { ConfigError } from '../../main/app/config.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import { captureLog, memoryStore } from '../helpers/memory.ts';

const REPO = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const { logger, lines: logLines } = captureLog();

let latchkey: Latchkey;
let browser: Browser;
let page: Page;
let waiting: Array<(url: string) => void> = [];
const answers: unknown[] = [];

function nextUrl(): Promise<string> {
  return new Promise((resolve) => waiting.push(resolve));
}

/** Calls a handler by name with a loosely typed input, keeping the answer for the leak scan. */
async function call(namespace: string, method: string, input?: unknown): Promise<Result<unknown>> {
  const handlers = latchkey.handlers as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<Result<unknown>>>
  >;
  const result = await handlers[namespace]![method]!(input);
  answers.push(result);
  return result;
}

/** The emulator's test switches over HTTP (startLatchkey owns the emulator object). */
async function control(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${latchkey.demoIssuer}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  expect(response.ok).toBe(true);
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** Valid inputs for each method (the bridge validates before a handler is reached). */
function validInput(namespace: string, method: string, accountId: string): unknown {
  switch (`${namespace}.${method}`) {
    case 'auth.signOut':
    case 'auth.setActive':
      return { accountId };
    case 'features.connect':
    case 'features.disconnect':
      return { feature: 'calendar', accountId };
    case 'auth.dismissNotice':
      return { noticeId: 'no-such-notice' };
    case 'updates.setAutomatic':
      return { automatic: true };
    case 'settings.language':
      return { preferred: ['en-US'] };
    case 'settings.setLanguage':
      return { choice: 'en' };
    case 'profile.get':
      return { accountId };
    case 'proxy.answer':
      return { id: '0'.repeat(32), cancel: true };
    case 'proxy.forget':
      return { proxy: 'proxy.example:3128', realm: '' };
    default:
      // Every feature's methods take the account they are for (common/features.ts).
      return (FEATURES as readonly string[]).includes(namespace) ? { accountId } : undefined;
  }
}

beforeAll(async () => {
  latchkey = await startLatchkey({
    // These tests drive the demo Google's /__emulator/* switches: asked for explicitly.
    env: { [EMULATOR_TEST_ROUTES_ENV]: '1' },
    openExternal: async (url) => {
      const resolvers = waiting;
      waiting = [];
      for (const resolve of resolvers) resolve(url);
    },
    metadata: memoryStore(),
    logger,
  });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
});

afterAll(async () => {
  for (const account of latchkey?.core.accounts() ?? []) await latchkey.core.signOut(account.id);
  await browser?.close();
  await latchkey?.close();
});

describe('startLatchkey', () => {
  it('runs demo mode against a local test Google when no client is configured', () => {
    expect(latchkey.config.mode).toBe('demo');
    expect(latchkey.demoIssuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(latchkey.config.endpoints.issuer).toBe(latchkey.demoIssuer);
    expect(latchkey.core.state().demo).toBe(true);
  });

  it("demo mode's Google has no /__emulator/* routes unless a test asks for them", async () => {
    const demo = await startLatchkey({
      env: {},
      openExternal: async () => undefined,
      metadata: memoryStore(),
      logger,
    });
    try {
      const issuer = demo.demoIssuer!;
      for (const path of ['secrets', 'stats']) {
        expect((await fetch(`${issuer}/__emulator/${path}`)).status).toBe(404);
      }
      const post = (path: string, body: unknown) =>
        fetch(`${issuer}/__emulator/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await post('fault', { endpoint: 'token', kind: 'down' })).status).toBe(404);
      expect((await post('revoke-grants', { email: 'ada@example.com' })).status).toBe(404);
      expect((await post('reset-stats', {})).status).toBe(404);
      // The Google routes are there, of course.
      expect((await fetch(`${issuer}/.well-known/openid-configuration`)).status).toBe(200);
      // …and the demo started by beforeAll (asked for them) has the switches.
      expect((await fetch(`${latchkey.demoIssuer}/__emulator/stats`)).status).toBe(200);
    } finally {
      await demo.close();
    }
  });

  it('refuses a malformed client with a ConfigError naming the setting, starting nothing', async () => {
    const attempt = startLatchkey({
      env: { LATCHKEY_GOOGLE_CLIENT_ID: 'not-a-client-id' },
      openExternal: async () => undefined,
      metadata: memoryStore(),
      logger,
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/LATCHKEY_GOOGLE_CLIENT_ID/);
  });

  it('with a real client configured: Google endpoints, no emulator', async () => {
    const google = await startLatchkey({
      env: {
        LATCHKEY_GOOGLE_CLIENT_ID: '123456789012-abcdefghijklmnop.apps.googleusercontent.com',
        LATCHKEY_GOOGLE_CLIENT_SECRET: 'GOCSPX-abcdefghijklmnopqrstuvwxyz12',
      },
      openExternal: async () => undefined,
      metadata: memoryStore(),
      logger,
    });
    try {
      expect(google.config.mode).toBe('google');
      expect(google.demoIssuer).toBeNull();
      expect(google.config.endpoints.apiRoot).toBe('https://www.googleapis.com/');
      expect(await google.handlers.calendar.upcoming(undefined)).toMatchObject({
        ok: false,
        error: { code: 'AUTH_REQUIRED' },
      });
    } finally {
      await google.close();
    }
  });

  it('with the client baked into a build (configFile): that client, no emulator', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-baked-'));
    const configFile = join(dir, 'latchkey.config.json');
    const clientId = '123456789012-bakedclientid.apps.googleusercontent.com';
    await writeFile(configFile, JSON.stringify({ clientId }));
    const baked = await startLatchkey({
      env: {},
      configFile,
      openExternal: async () => undefined,
      metadata: memoryStore(),
      logger,
    });
    try {
      expect(baked.config).toMatchObject({ mode: 'google', clientId, clientType: 'ios' });
      expect(baked.demoIssuer).toBeNull();
    } finally {
      await baked.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('every handler answers a Result', () => {
  it('with nothing signed in: AUTH_REQUIRED for account-bound methods, state for the rest', async () => {
    for (const { namespace, method } of methodList()) {
      if (namespace === 'auth' && (method === 'signIn' || method === 'addAccount')) continue;
      const result = await call(namespace, method, validInput(namespace, method, '42'));
      const name = `${namespace}.${method}`;
      // Latchkey's own updates and settings, and proxy sign-ins, belong to no account.
      if (
        namespace === 'updates' ||
        namespace === 'settings' ||
        namespace === 'proxy' ||
        ['auth.accounts', 'auth.cancel', 'auth.reopen', 'auth.dismissNotice'].includes(name)
      ) {
        expect(result.ok, name).toBe(true);
      } else {
        expect(result, name).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
      }
    }
  });

  it('a sign-in cancelled from the app ends as CANCELLED', async () => {
    const url = nextUrl();
    const signIn = call('auth', 'signIn', undefined);
    await url;
    expect(await call('auth', 'cancel')).toEqual({ ok: true, value: null });
    expect(await signIn).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('denied consent ends as CONSENT_DENIED', async () => {
    const url = nextUrl();
    const signIn = call('auth', 'signIn', undefined);
    await completeConsent(page, await url, { email: 'grace@example.com', action: 'deny' });
    expect(await signIn).toMatchObject({ ok: false, error: { code: 'CONSENT_DENIED' } });
  });

  it('signed in: every method answers, and no answer or log line holds a secret', async () => {
    const url = nextUrl();
    const signIn = call('auth', 'signIn', { loginHint: 'ada@example.com' });
    await completeConsent(page, await url, { email: 'ada@example.com' });
    const signedIn = await signIn;
    if (!signedIn.ok) throw new Error(signedIn.error.message);
    const id = (signedIn.value as { id: string }).id;

    expect(await call('profile', 'get')).toMatchObject({ ok: true, value: { id, cached: false } });
    expect(await call('calendar', 'upcoming')).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    const connectUrl = nextUrl();
    const connect = call('features', 'connect', { feature: 'calendar' });
    await completeConsent(page, await connectUrl, { email: 'ada@example.com' });
    expect(await connect).toMatchObject({ ok: true });
    expect(await call('calendar', 'upcoming', { days: 7 })).toMatchObject({ ok: true });

    const security = await call('settings', 'security');
    expect(security).toMatchObject({
      ok: true,
      value: { demo: true, issuer: latchkey.demoIssuer, redirect: 'loopback' },
    });
    const grants = (security as { value: { accounts: Array<{ grantedScopes: string[] }> } }).value
      .accounts[0]!.grantedScopes;
    expect(grants).toContain(FEATURE_SCOPES.calendar);

    // An unknown account id is AUTH_REQUIRED, not a crash.
    for (const { namespace, method } of methodList()) {
      if (
        namespace === 'auth' &&
        ['signIn', 'addAccount', 'cancel', 'reopen', 'accounts', 'dismissNotice'].includes(method)
      ) {
        continue;
      }
      const result = await call(namespace, method, validInput(namespace, method, 'not-an-account'));
      const name = `${namespace}.${method}`;
      if (namespace === 'settings' || namespace === 'updates' || namespace === 'proxy')
        expect(result.ok).toBe(true);
      else expect(result, name).toMatchObject({ ok: false, error: { code: 'AUTH_REQUIRED' } });
    }

    // Every method once more for the signed-in account (disconnect, then sign out last).
    for (const { namespace, method } of methodList()) {
      if (namespace === 'auth' && ['signIn', 'addAccount', 'signOut'].includes(method)) continue;
      const result = await call(namespace, method, validInput(namespace, method, id));
      expect(typeof result.ok, `${namespace}.${method}`).toBe('boolean');
    }
    expect(await call('auth', 'signOut', { accountId: id })).toMatchObject({
      ok: true,
      value: { revoked: true },
    });
    expect(await call('auth', 'accounts')).toMatchObject({ ok: true, value: { accounts: [] } });

    const secrets = (await control('secrets')) as string[];
    expect(secrets.length).toBeGreaterThan(3);
    const haystack = JSON.stringify(answers) + logLines.join('\n');
    for (const secret of secrets) expect(haystack).not.toContain(secret);
  });

  it('covers every method of the contract', () => {
    expect(methodList().length).toBe(
      Object.values(inputSchemas).reduce((n, methods) => n + Object.keys(methods).length, 0),
    );
    const handlers: Handlers = latchkey.handlers;
    for (const { namespace, method } of methodList()) {
      expect(typeof (handlers[namespace] as Record<string, unknown>)[method]).toBe('function');
    }
  });
});

describe('a build without the local test Google (as packaged)', () => {
  it('refuses demo mode with a ConfigError telling the user to configure a Google client', async () => {
    // Copy main/ and common/ without test/, as electron-builder packs the app, and start it.
    const root = await mkdtemp(join(tmpdir(), 'latchkey-packaged-'));
    try {
      await cp(join(REPO, 'main'), join(root, 'main'), { recursive: true });
      await cp(join(REPO, 'common'), join(root, 'common'), { recursive: true });
      await cp(join(REPO, 'package.json'), join(root, 'package.json'));
      await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
      const script = `
        const { startLatchkey } = await import(${JSON.stringify(pathToFileURL(join(root, 'main/app/start.ts')).href)});
        const quiet = { info() {}, warn() {}, error() {} };
        try {
          await startLatchkey({ env: {}, openExternal: async () => {}, metadata: { get() {}, set() {}, delete() {} }, logger: quiet });
          console.log(JSON.stringify({ started: true }));
          process.exit(0);
        } catch (error) {
          console.log(JSON.stringify({ name: error.name, setting: error.setting, message: error.message }));
        }`;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
        timeout: 30_000,
      });
      const outcome = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>;
      expect(outcome).toMatchObject({ name: 'ConfigError', setting: 'LATCHKEY_GOOGLE_CLIENT_ID' });
      expect(outcome.message).toMatch(/no Google client is configured/);
      expect(outcome.message).toMatch(/LATCHKEY_GOOGLE_CLIENT_SECRET/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('close()', () => {
  it('stops the local test Google, and is safe to call twice', async () => {
    const other = await startLatchkey({
      env: {},
      openExternal: async () => undefined,
      metadata: memoryStore(),
      logger,
    });
    const issuer = other.demoIssuer!;
    expect((await fetch(`${issuer}/.well-known/openid-configuration`)).ok).toBe(true);
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
