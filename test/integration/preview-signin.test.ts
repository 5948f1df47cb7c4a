/**
 * The browser preview in real Chromium, end to end through `window.api`: the page gets exactly
 * the contract (and no Node), the CSP holds (no violation while the real renderer runs), a person
 * signs in at the local Google emulator, connects Calendar, reads data and signs out — and no
 * token, authorization code or PKCE verifier the emulator handed out ever reaches the page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_TEST_ROUTES_ENV } from '../../emulator/options.ts';
import { methodList, type Api } from '../../common/contract.ts';
import { type Result } from '../../common/result.ts';
import { createLogger } from '../../main/log/log.ts';
import { startPreview, type Preview } from '../../preview/server.ts';
import { SECRET_FRAGMENT_KEY } from '../../preview/protocol.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import { deadPort } from '../helpers/proxy.ts';

declare global {
  interface Window {
    api: Api;
  }
}

let preview: Preview;
let dataDir: string;
let browser: Browser;
let page: Page;
const authorizationUrls: string[] = [];
const urlWaiters: Array<(url: string) => void> = [];
/** Everything that crossed the bridge towards the page, and everything the page logged. */
const frames: string[] = [];
const consoleLines: string[] = [];
const logLines: string[] = [];

function nextAuthorizationUrl(): Promise<string> {
  const queued = authorizationUrls.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve) => urlWaiters.push(resolve));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-preview-signin-'));
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('LATCHKEY_')) delete env[name];
  // The leak check below reads the demo Google's /__emulator/secrets: asked for explicitly.
  env[EMULATOR_TEST_ROUTES_ENV] = '1';
  // A shell behind a proxy, here one that is down: the demo Google on 127.0.0.1 is reached
  // directly all the same (the Node port never proxies loopback), so everything below works.
  const down = `http://127.0.0.1:${await deadPort()}`;
  for (const name of ['https_proxy', 'http_proxy', 'no_proxy']) delete env[name];
  Object.assign(env, { HTTPS_PROXY: down, HTTP_PROXY: down, NO_PROXY: '' });
  preview = await startPreview({
    port: 0,
    dataDir,
    env,
    logger: createLogger({ stream: { write: (line: string) => logLines.push(line) } }),
    onAuthorizationUrl: (url) => {
      const waiter = urlWaiters.shift();
      if (waiter) waiter(url);
      else authorizationUrls.push(url);
    },
  });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => frames.push(String(frame.payload)));
  });
  await page.goto(preview.url);
  await page.waitForFunction(() => typeof window.api === 'object');
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Calls `window.api.<namespace>.<method>(input)` in the page. */
function api<T>(namespace: string, method: string, input?: unknown): Promise<Result<T>> {
  return page.evaluate(
    ([n, m, i]) =>
      (window.api as unknown as Record<string, Record<string, (x?: unknown) => Promise<unknown>>>)[
        n as string
      ]![m as string]!(i),
    [namespace, method, input] as const,
  ) as Promise<Result<T>>;
}

/** Runs a flow-starting call, completes the consent in a second tab, returns the call's answer. */
async function withConsent<T>(start: () => Promise<Result<T>>, email: string): Promise<Result<T>> {
  const answer = start();
  const url = await nextAuthorizationUrl();
  const consentPage = await browser.newPage();
  try {
    await completeConsent(consentPage, url, { email });
  } finally {
    await consentPage.close();
  }
  return answer;
}

describe('the page', () => {
  it('has exactly the contract as window.api, and no Node', async () => {
    const shape = await page.evaluate(() =>
      Object.fromEntries(
        Object.entries(window.api).map(([namespace, methods]) => [
          namespace,
          Object.keys(methods as object).sort(),
        ]),
      ),
    );
    const expected: Record<string, string[]> = {};
    for (const { namespace, method } of methodList()) (expected[namespace] ??= []).push(method);
    expected.auth!.push('onChange');
    expected.proxy!.push('onPrompt');
    for (const key of Object.keys(expected)) expected[key]!.sort();
    expect(shape).toEqual(expected);
    expect(
      await page.evaluate(() => [
        typeof (globalThis as Record<string, unknown>).require,
        typeof (globalThis as Record<string, unknown>).process,
        typeof (globalThis as Record<string, unknown>).module,
      ]),
    ).toEqual(['undefined', 'undefined', 'undefined']);
  });

  it('removed the secret from the address bar', async () => {
    expect(page.url()).not.toContain(SECRET_FRAGMENT_KEY);
    expect(page.url()).not.toContain(preview.secret);
  });

  it('cannot connect elsewhere or run inline script (the CSP holds)', async () => {
    // A tab of its own, so the violations provoked here stay out of the main page's log.
    const probe = await browser.newPage();
    const violations: string[] = [];
    probe.on('console', (message) => violations.push(message.text()));
    try {
      await probe.goto(`${preview.origin}/`);
      const outcome = await probe.evaluate(async (emulator) => {
        const results: string[] = [];
        try {
          await fetch(`${emulator}/.well-known/openid-configuration`);
          results.push('fetch allowed');
        } catch {
          results.push('fetch blocked');
        }
        const script = document.createElement('script');
        script.textContent = 'document.body.dataset.inline = "ran"';
        document.head.append(script);
        results.push(document.body.dataset.inline === 'ran' ? 'inline allowed' : 'inline blocked');
        return results;
      }, preview.latchkey.demoIssuer!);
      expect(outcome).toEqual(['fetch blocked', 'inline blocked']);
      await expect.poll(() => violations.join('\n')).toMatch(/Content Security Policy/);
    } finally {
      await probe.close();
    }
  });
});

describe('a page without the key', () => {
  it('is refused, and told how to connect', async () => {
    const stranger = await browser.newPage();
    try {
      await stranger.goto(`${preview.origin}/`);
      await stranger.waitForFunction(() => typeof window.api === 'object');
      const answer = await stranger.evaluate(() => window.api.auth.accounts());
      expect(answer).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: expect.stringContaining('open the address') },
      });
    } finally {
      await stranger.close();
    }
  });
});

describe('a person signs in, uses a feature and signs out', () => {
  it('signs in at the local Google in the system browser', async () => {
    const result = await withConsent(() => api('auth', 'signIn'), 'ada@example.com');
    expect(result).toMatchObject({ ok: true, value: { email: 'ada@example.com' } });
    const state = await api<{ accounts: Array<{ email: string }> }>('auth', 'accounts');
    expect(state.ok && state.value.accounts.map((a) => a.email)).toEqual(['ada@example.com']);
  });

  it('reads the profile', async () => {
    const profile = await api('profile', 'get', { refresh: true });
    expect(profile).toMatchObject({ ok: true, value: { email: 'ada@example.com', cached: false } });
  });

  it('connects Calendar (incremental consent) and reads the agenda', async () => {
    const connected = await withConsent(
      () => api('features', 'connect', { feature: 'calendar' }),
      'ada@example.com',
    );
    expect(connected).toMatchObject({ ok: true });
    const agenda = await api('calendar', 'upcoming', { days: 7 });
    expect(agenda).toMatchObject({ ok: true, value: { events: expect.any(Array) } });
  });

  it('never let a token, code or verifier reach the page or the log', async () => {
    const response = await fetch(`${preview.latchkey.demoIssuer}/__emulator/secrets`);
    const secrets = ((await response.json()) as string[]).filter((secret) => secret.length >= 8);
    // The flows above must have produced codes, verifiers, access and refresh tokens.
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    const storage = await page.evaluate(() =>
      JSON.stringify({ ...localStorage, ...sessionStorage }),
    );
    const html = await page.content();
    const seenByPage = [...frames, storage, html, ...consoleLines].join('\n');
    const logs = logLines.join('\n');
    const leaked = secrets.filter((secret) => seenByPage.includes(secret) || logs.includes(secret));
    expect(leaked).toEqual([]);
    expect(frames.length).toBeGreaterThan(5);
  });

  it('signs out: revoked at Google, no account left', async () => {
    const state = await api<{ activeId: string }>('auth', 'accounts');
    const accountId = state.ok ? state.value.activeId : '';
    const signOut = await api('auth', 'signOut', { accountId });
    expect(signOut).toMatchObject({ ok: true, value: { revoked: true } });
    const after = await api<{ accounts: unknown[] }>('auth', 'accounts');
    expect(after).toMatchObject({ ok: true, value: { accounts: [] } });
  });

  it('ran the real renderer without a CSP violation or a page error', () => {
    const problems = consoleLines.filter((line) =>
      /Content Security Policy|Refused to|pageerror/i.test(line),
    );
    expect(problems).toEqual([]);
  });
});
