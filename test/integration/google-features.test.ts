/**
 * The Google features end to end in Node: a real auth core signed in through the emulator's
 * login and consent pages in Chromium, the real vault (run under scripts/with-keyring.sh for the
 * Secret Service; it falls back to memory otherwise and the restart test says so), and the
 * service's handlers calling the emulator's userinfo, Calendar and Drive stand-ins.
 *
 * The tests run in order and share one signed-in account, as a person's session would.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState } from '../../common/model.ts';
import type { Handlers } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { createAuthCore } from '../../main/auth/index.ts';
import type { AuthConfig, AuthCore } from '../../main/auth/types.ts';
import { loadConfig } from '../../main/app/config.ts';
import type { RetryPolicy } from '../../main/google/retry.ts';
import { createService } from '../../main/app/service.ts';
import type { Service } from '../../main/app/service.ts';
import { createVault } from '../../main/vault/index.ts';
import type { TokenVault } from '../../main/vault/index.ts';
import { startEmulator } from '../../emulator/index.ts';
import type { Emulator, EmulatorStats } from '../../emulator/index.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import { eventEnd, eventStart, seedEvents, seedFiles } from '../../emulator/seed.ts';
import { seedTaskLists, seedTasks } from '../../emulator/seed-tasks.ts';
import { calendarClient, listEvents } from '../../main/google/calendar.ts';
import { REQUEST_TIMEOUT_MS, MAX_ANSWER_BYTES } from '../../main/google/call.ts';
import { captureLog, memoryStore } from '../helpers/memory.ts';

/** Short waits so fault bursts do not slow the suite; the same shape as the default policy. */
const FAST_POLICY: RetryPolicy = {
  transientRetries: 3,
  networkRetries: 1,
  baseDelayMs: 20,
  maxDelayMs: 200,
  maxTotalWaitMs: 1000,
};

const SERVICE_NAME = `dev.latchkey.test.google-${randomBytes(4).toString('hex')}`;

const { logger, lines: logLines } = captureLog();

let emulator: Emulator;
let browser: Browser;
let page: Page;
let config: AuthConfig;
const metadata = memoryStore();
const vaults: TokenVault[] = [];
const cores: AuthCore[] = [];
/** Authorization URLs the core asked to open, in order. */
let pendingUrls: Array<(url: string) => void> = [];
const openedUrls: string[] = [];

/** Every handler answer of the run, to scan for secrets at the end. */
const answers: unknown[] = [];

async function openExternal(url: string): Promise<void> {
  openedUrls.push(url);
  const waiting = pendingUrls;
  pendingUrls = [];
  for (const resolve of waiting) resolve(url);
}

function nextOpenedUrl(): Promise<string> {
  return new Promise((resolve) => pendingUrls.push(resolve));
}

/** A new core + service over the same metadata and keychain service: an app (re)start. */
async function start(): Promise<{ core: AuthCore; service: Service; handlers: Handlers }> {
  const vault = await createVault({ service: SERVICE_NAME, logger });
  vaults.push(vault);
  const core = createAuthCore({ config, vault, metadata, openExternal, logger });
  cores.push(core);
  await core.restore();
  const service = createService(core, { metadata, logger, policy: FAST_POLICY });
  return { core, service, handlers: recording(service.handlers) };
}

/** Wraps handlers so every answer is kept for the leak scan. */
function recording(handlers: Handlers): Handlers {
  const wrapped: Record<string, Record<string, unknown>> = {};
  for (const [namespace, methods] of Object.entries(handlers)) {
    const target: Record<string, unknown> = {};
    wrapped[namespace] = target;
    for (const [method, handler] of Object.entries(
      methods as Record<string, (input: unknown) => Promise<Result<unknown>>>,
    )) {
      target[method] = async (input: unknown) => {
        const result = await handler(input);
        answers.push(result);
        return result;
      };
    }
  }
  return wrapped as unknown as Handlers;
}

/** Runs a flow started by `begin`, answering the consent page in Chromium as `email`. */
async function withConsent<T>(begin: () => Promise<T>, email: string): Promise<T> {
  const url = nextOpenedUrl();
  const outcome = begin();
  await completeConsent(page, await url, { email });
  return outcome;
}

function requestsOf(stats: EmulatorStats): number {
  return Object.values(stats.requests).reduce((sum, n) => sum + n, 0);
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

let app: { core: AuthCore; service: Service; handlers: Handlers };
let adaId: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  config = loadConfig({}, { demo: emulator });
  browser = await chromium.launch(chromiumLaunchOptions());
  page = await browser.newPage();
  app = await start();
});

afterAll(async () => {
  // Leave the keychain as we found it: sign out whoever is still signed in.
  for (const account of cores.at(-1)?.accounts() ?? []) {
    await cores.at(-1)?.signOut(account.id);
  }
  for (const core of cores) await core.dispose();
  await browser?.close();
  await emulator?.close();
});

describe('Google features against the emulator', () => {
  it('signs in (openid email profile only)', async () => {
    const account = expectOk(
      await withConsent(() => app.handlers.auth.signIn(undefined), 'ada@example.com'),
    );
    adaId = account.id;
    expect(account.email).toBe('ada@example.com');
    expect(account.grantedScopes).not.toContain(FEATURE_SCOPES.calendar);
  });

  it('profile: fetched from userinfo once, then served from the cache', async () => {
    emulator.resetStats();
    const first = expectOk(await app.handlers.profile.get(undefined));
    const seeded = emulator.accounts.find((a) => a.email === 'ada@example.com')!;
    expect(first).toMatchObject({
      id: adaId,
      email: 'ada@example.com',
      emailVerified: true,
      name: seeded.name,
      cached: false,
    });
    expect(emulator.stats().requests.userinfo).toBe(1);
    const second = expectOk(await app.handlers.profile.get(undefined));
    expect(second).toEqual({ ...first, cached: true });
    expect(emulator.stats().requests.userinfo).toBe(1);
  });

  it('profile after a restart: shown from the cache with zero network requests', async () => {
    await app.core.dispose();
    app = await start();
    const storage = app.core.storage();
    if (storage.kind !== 'keychain') {
      // Without a Secret Service the session cannot survive a restart (by design).
      console.warn(`restart test skipped: credentials are in memory (${storage.reason})`);
      return;
    }
    emulator.resetStats();
    const profile = expectOk(await app.handlers.profile.get(undefined));
    expect(profile).toMatchObject({ id: adaId, cached: true });
    expect(requestsOf(emulator.stats())).toBe(0);
    // On demand, it is refreshed: the restored session refreshes its access token first.
    const fresh = expectOk(await app.handlers.profile.get({ refresh: true }));
    expect(fresh.cached).toBe(false);
    expect(emulator.stats().requests.userinfo).toBe(1);
    expect(emulator.stats().requests.token).toBe(1);
  });

  it('profile refresh: a userinfo 503 is retried; a persistent one keeps the cache intact', async () => {
    emulator.resetStats();
    emulator.setFault({ endpoint: 'userinfo', kind: 'status', status: 503, times: 1 });
    expectOk(await app.handlers.profile.get({ refresh: true }));
    expect(emulator.stats().requests.userinfo).toBe(2);

    emulator.resetStats();
    emulator.setFault({ endpoint: 'userinfo', kind: 'status', status: 503 });
    const failed = await app.handlers.profile.get({ refresh: true });
    emulator.setFault(null);
    expect(failed).toMatchObject({ ok: false, error: { code: 'GOOGLE_API', retryable: true } });
    expect(emulator.stats().requests.userinfo).toBe(FAST_POLICY.transientRetries + 1);
    expect(expectOk(await app.handlers.profile.get(undefined))).toMatchObject({
      id: adaId,
      cached: true,
    });
  });

  it('Calendar, Drive and Tasks answer SCOPE_REQUIRED before Connect, without calling Google', async () => {
    emulator.resetStats();
    expect(await app.handlers.tasks.open(undefined)).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    expect(await app.handlers.calendar.upcoming(undefined)).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    expect(await app.handlers.drive.recent(undefined)).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    expect(requestsOf(emulator.stats())).toBe(0);
  });

  it('connect Calendar → the next 7 days of seeded events, in order, with all-day events', async () => {
    const account = expectOk(
      await withConsent(
        () => app.handlers.features.connect({ feature: 'calendar' }),
        'ada@example.com',
      ),
    );
    expect(account.grantedScopes).toContain(FEATURE_SCOPES.calendar);
    const before = Date.now();
    const agenda = expectOk(await app.handlers.calendar.upcoming(undefined));
    const timeMin = Date.parse(agenda.timeMin);
    const timeMax = Date.parse(agenda.timeMax);
    expect(timeMin).toBeGreaterThanOrEqual(before - 1000);
    expect(timeMax - timeMin).toBe(7 * 24 * 3600 * 1000);
    expect(agenda.events.length).toBeGreaterThan(0);

    const allDay = agenda.events.filter((e) => e.allDay);
    const timed = agenda.events.filter((e) => !e.allDay);
    expect(allDay.length).toBeGreaterThan(0);
    expect(timed.length).toBeGreaterThan(0);
    for (const event of allDay) {
      expect(event.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(event.end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const event of timed) {
      expect(Number.isNaN(Date.parse(event.start))).toBe(false);
      // Inside the window (an event that already started but has not ended is still upcoming).
      expect(Date.parse(event.end)).toBeGreaterThan(timeMin);
      expect(Date.parse(event.start)).toBeLessThan(timeMax);
      expect(event.htmlLink).toMatch(/^https:\/\//);
    }
    // Ordered by start time (all-day events sort at their day's midnight, as Google does).
    const startKey = (start: string): number =>
      start.length === 10 ? Date.parse(`${start}T00:00:00`) : Date.parse(start);
    const keys = agenda.events.map((e) => startKey(e.start));
    expect([...keys].sort((a, b) => a - b)).toEqual(keys);

    // Exactly the emulator's seeded events of the window, in Google's order.
    const ada = emulator.accounts.find((a) => a.email === 'ada@example.com')!;
    const expected = seedEvents(ada).filter(
      (event) => eventEnd(event) > timeMin && eventStart(event) < timeMax,
    );
    expect(agenda.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(agenda.events.map((e) => e.summary)).toContain('Conference trip');

    // A shorter window is a subset.
    const tomorrow = expectOk(await app.handlers.calendar.upcoming({ days: 1 }));
    expect(tomorrow.events.length).toBeLessThanOrEqual(agenda.events.length);
    for (const event of tomorrow.events) expect(agenda.events.map((e) => e.id)).toContain(event.id);
  });

  it('Calendar paging against the emulator: small pages give the same agenda', async () => {
    const client = await app.core.clientFor(adaId);
    const window = {
      timeMin: new Date().toISOString(),
      timeMax: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    };
    const api = calendarClient(client, config.endpoints.apiRoot);
    const options = {
      retry: false as const,
      timeout: REQUEST_TIMEOUT_MS,
      maxRedirects: 0 as const,
      maxContentLength: MAX_ANSWER_BYTES,
    };
    emulator.resetStats();
    const paged = await listEvents(api, window, options, 100, 3);
    const pages = emulator.stats().requests['calendar.events'];
    const whole = await listEvents(api, window, options);
    expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(pages).toBe(Math.ceil(whole.length / 3));
    // The page cap holds.
    expect(await listEvents(api, window, options, 2, 3)).toHaveLength(6);
  });

  it('connect Drive → the 20 most recently modified files, newest first; search by name', async () => {
    expectOk(
      await withConsent(
        () => app.handlers.features.connect({ feature: 'drive' }),
        'ada@example.com',
      ),
    );
    const listing = expectOk(await app.handlers.drive.recent(undefined));
    expect(listing.query).toBe('');
    expect(listing.files).toHaveLength(20);
    const times = listing.files.map((f) => Date.parse(f.modifiedTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const file of listing.files) {
      expect(file.webViewLink).toMatch(/^https:\/\//);
      expect(file.mimeType).not.toBe('');
    }

    // Exactly the 20 newest seeded files that are not in the trash.
    const ada = emulator.accounts.find((a) => a.email === 'ada@example.com')!;
    const newest = seedFiles(ada)
      .filter((file) => !file.trashed)
      .sort((a, b) => Date.parse(b.modifiedTime) - Date.parse(a.modifiedTime))
      .slice(0, 20);
    expect(listing.files.map((f) => f.id)).toEqual(newest.map((f) => f.id));
    expect(listing.files.map((f) => f.name)).not.toContain('Old logo.png');
    expect(listing.files[0]).toMatchObject({ ownerEmail: 'ada@example.com', ownerName: ada.name });

    const notes = expectOk(await app.handlers.drive.recent({ query: 'NOTES' }));
    expect(notes.files.map((f) => f.name).sort()).toEqual(
      ['Meeting notes – design review', 'Release notes 0.1', 'Security review notes'].sort(),
    );
    // A trashed file is not found by name either.
    expect(expectOk(await app.handlers.drive.recent({ query: 'Draft' })).files).toEqual([]);

    // Search by a word from one of the names.
    const word = listing.files[0]!.name.split(/\s+/)[0]!;
    const found = expectOk(await app.handlers.drive.recent({ query: word }));
    expect(found.query).toBe(word);
    expect(found.files.length).toBeGreaterThan(0);
    for (const file of found.files) expect(file.name.toLowerCase()).toContain(word.toLowerCase());

    // Quotes and backslashes are data, not query syntax.
    const odd = expectOk(await app.handlers.drive.recent({ query: "' or name contains '" }));
    expect(odd.files).toEqual([]);
    const none = expectOk(await app.handlers.drive.recent({ query: 'zz-no-such-file-zz' }));
    expect(none.files).toEqual([]);
  });

  it('connect Tasks → the open tasks of every list, soonest due first, undated last', async () => {
    const account = expectOk(
      await withConsent(
        () => app.handlers.features.connect({ feature: 'tasks' }),
        'ada@example.com',
      ),
    );
    expect(account.grantedScopes).toContain(FEATURE_SCOPES.tasks);
    emulator.resetStats();
    const overview = expectOk(await app.handlers.tasks.open(undefined));
    const stats = emulator.stats().requests;
    // One listing of the lists, one of each list's tasks (all fit one page).
    expect(stats['tasks.lists']).toBe(1);
    expect(stats['tasks.tasks']).toBe(overview.lists.length);

    // Exactly the seeded open tasks: not completed, hidden or deleted.
    const ada = emulator.accounts.find((a) => a.email === 'ada@example.com')!;
    const lists = seedTaskLists(ada);
    expect(overview.lists).toEqual(lists.map((list) => ({ id: list.id, title: list.title })));
    const open = lists.flatMap((list) =>
      (seedTasks(ada, list.id) ?? []).filter(
        (task) => task.status !== 'completed' && !task.hidden && !task.deleted,
      ),
    );
    expect(overview.tasks.map((t) => t.id).sort()).toEqual(open.map((t) => t.id).sort());
    expect(overview.tasks.map((t) => t.title)).not.toContain('Call Mum');

    // Due days as calendar days, soonest first, the undated ones last.
    const dues = overview.tasks.map((t) => t.due);
    const dated = dues.filter((d): d is string => d !== null);
    expect([...dated].sort()).toEqual(dated);
    expect(dues.slice(dated.length).every((d) => d === null)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(dated[0]! < today).toBe(true);
    expect(dated).toContain(today);
    for (const task of overview.tasks) {
      expect(task.webViewLink).toMatch(/^https:\/\/tasks\.google\.com\//);
      expect(overview.lists.map((l) => l.id)).toContain(task.listId);
    }
    expect(overview.tasks.some((t) => t.parentId !== null)).toBe(true);
  });

  it('401 from the API → one refresh, then success', async () => {
    emulator.resetStats();
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 401, times: 1 });
    const agenda = expectOk(await app.handlers.calendar.upcoming(undefined));
    expect(agenda.events.length).toBeGreaterThan(0);
    const stats = emulator.stats();
    expect(stats.requests.token).toBe(1);
    expect(stats.requests['calendar.events']).toBe(2);
  });

  it('an access token Google no longer accepts: 8 concurrent calls share one refresh', async () => {
    // The client believes its token valid for an hour; the emulator does not know it (as when
    // Google expired or revoked it early), so it answers 401 from its real token check.
    const client = await app.core.clientFor(adaId);
    client.setCredentials({
      access_token: 'ya29.not-valid-at-google',
      expiry_date: Date.now() + 3_600_000,
    });
    emulator.resetStats();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => app.handlers.calendar.upcoming(undefined)),
    );
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(emulator.stats().requests.token).toBe(1);
    // Each call is answered 401 at most once: a call that starts after the refresh landed goes
    // straight through with the new token, so the count lies between 8 + 1 and 8 + 8.
    const calls = emulator.stats().requests['calendar.events'] ?? 0;
    expect(calls).toBeGreaterThanOrEqual(9);
    expect(calls).toBeLessThanOrEqual(16);
  });

  it('429 and 503 bursts are retried, then succeed', async () => {
    for (const status of [429, 503]) {
      emulator.resetStats();
      emulator.setFault({ endpoint: 'api', kind: 'status', status, times: 2 });
      expectOk(await app.handlers.drive.recent(undefined));
      expect(emulator.stats().requests['drive.files']).toBe(3);
    }
  });

  it('a connection dropped once is retried', async () => {
    emulator.resetStats();
    emulator.setFault({ endpoint: 'api', kind: 'down', times: 1 });
    expectOk(await app.handlers.calendar.upcoming(undefined));
    expect(emulator.stats().requests['calendar.events']).toBe(2);
  });

  it('persistent 503 → GOOGLE_API retryable after 4 attempts (no gaxios retries on top)', async () => {
    emulator.resetStats();
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 503 });
    const result = await app.handlers.calendar.upcoming(undefined);
    emulator.setFault(null);
    expect(result).toMatchObject({ ok: false, error: { code: 'GOOGLE_API', retryable: true } });
    expect(emulator.stats().requests['calendar.events']).toBe(FAST_POLICY.transientRetries + 1);
  });

  it('persistent 429 → RATE_LIMITED retryable', async () => {
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 429 });
    const result = await app.handlers.drive.recent(undefined);
    emulator.setFault(null);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: true } });
  });

  it('403 rateLimitExceeded / userRateLimitExceeded: retried like 429, not a missing scope', async () => {
    for (const reason of ['rateLimitExceeded', 'userRateLimitExceeded'] as const) {
      emulator.resetStats();
      emulator.setFault({ endpoint: 'api', kind: 'status', status: 403, reason, times: 2 });
      expectOk(await app.handlers.calendar.upcoming(undefined));
      expect(emulator.stats().requests['calendar.events']).toBe(3);
    }
    emulator.resetStats();
    emulator.setFault({
      endpoint: 'api',
      kind: 'status',
      status: 403,
      reason: 'rateLimitExceeded',
    });
    const result = await app.handlers.calendar.upcoming(undefined);
    emulator.setFault(null);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: true } });
    expect(emulator.stats().requests['calendar.events']).toBe(FAST_POLICY.transientRetries + 1);
    // The scope is still there: the next call just works.
    const account = app.core.accounts().find((a) => a.id === adaId)!;
    expect(account.grantedScopes).toContain(FEATURE_SCOPES.calendar);
    expectOk(await app.handlers.calendar.upcoming(undefined));
  });

  it('403 quotaExceeded → RATE_LIMITED at once, no retry, scope kept', async () => {
    emulator.resetStats();
    emulator.setFault({ endpoint: 'api', kind: 'status', status: 403, reason: 'quotaExceeded' });
    const result = await app.handlers.calendar.upcoming(undefined);
    emulator.setFault(null);
    expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryable: false } });
    expect(emulator.stats().requests['calendar.events']).toBe(1);
    const account = app.core.accounts().find((a) => a.id === adaId)!;
    expect(account.grantedScopes).toContain(FEATURE_SCOPES.calendar);
  });

  it('Disconnect drops the scope locally: SCOPE_REQUIRED again without a request', async () => {
    const account = expectOk(await app.handlers.features.disconnect({ feature: 'drive' }));
    expect(account.grantedScopes).not.toContain(FEATURE_SCOPES.drive);
    emulator.resetStats();
    expect(await app.handlers.drive.recent(undefined)).toMatchObject({
      ok: false,
      error: { code: 'SCOPE_REQUIRED' },
    });
    expect(emulator.stats().requests['drive.files']).toBe(0);
  });

  it('grant revoked at Google → SESSION_EXPIRED, and the account is signed out', async () => {
    const states: AuthState[] = [];
    const off = app.service.onChange((state) => states.push(state));
    emulator.revokeGrantsFor('ada@example.com');
    const result = await app.handlers.calendar.upcoming(undefined);
    off();
    expect(result).toMatchObject({ ok: false, error: { code: 'SESSION_EXPIRED' } });
    expect(app.core.accounts().map((a) => a.id)).not.toContain(adaId);
    expect(states.at(-1)?.accounts.map((a) => a.id) ?? []).not.toContain(adaId);
    // The account's cached profile went with it.
    expect(await app.handlers.profile.get({ accountId: adaId })).toMatchObject({
      ok: false,
      error: { code: 'AUTH_REQUIRED' },
    });
    expect(JSON.stringify(metadata.get('googleProfiles') ?? {})).not.toContain(adaId);
  });

  it('no handler answer and no log line contains a token, code or verifier', () => {
    const secrets = emulator.secretsSeen();
    expect(secrets.length).toBeGreaterThan(3);
    const haystack = JSON.stringify(answers) + logLines.join('\n');
    for (const secret of secrets) expect(haystack).not.toContain(secret);
    expect(openedUrls.length).toBeGreaterThan(0);
  });
});
