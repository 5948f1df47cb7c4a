/**
 * The emulator's Google Tasks v1 stand-in: tasklists.list and tasks.list with the tasks.readonly
 * scope, Google's shapes and errors, paging, the show* and due filters, `fields`, the counters and
 * faults, the seeded data relative to the clock, and the scope as an optional consent checkbox.
 */
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_SCOPE, DRIVE_SCOPE, startEmulator, TASKS_SCOPE } from '../../emulator/index.ts';
import type { Emulator } from '../../emulator/index.ts';
import { LONG_TASK_TITLE, seedTaskLists, seedTasks } from '../../emulator/seed-tasks.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import type { Task, TaskList } from '../../emulator/seed-tasks.ts';

let emulator: Emulator;
let browser: Browser;

const DAY = 24 * 60 * 60 * 1000;
const LISTS = '/tasks/v1/users/@me/lists';
const tasksOf = (list: string, query = '') =>
  `/tasks/v1/lists/${encodeURIComponent(list)}/tasks${query ? `?${query}` : ''}`;

/** Signs in through the pages (iOS client, PKCE) and exchanges the code for an access token. */
async function signIn(
  scopes: string[],
  email: string,
  untick: string[] = [],
): Promise<{ accessToken: string; scope: string }> {
  const verifier = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  const challenge = Buffer.from(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  ).toString('base64url');
  const { ios } = emulator.clients;
  const url = new URL(emulator.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: ios.clientId,
    redirect_uri: ios.redirectUri,
    response_type: 'code',
    scope: scopes.join(' '),
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const context = await browser.newContext();
  try {
    const redirect = new URL(
      await completeConsent(await context.newPage(), url.href, { email, untick }),
    );
    const code = redirect.searchParams.get('code');
    if (!code) throw new Error(`no code in ${redirect.href}`);
    const response = await fetch(emulator.endpoints.token, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        client_id: ios.clientId,
        redirect_uri: ios.redirectUri,
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    return { accessToken: body.access_token, scope: body.scope };
  } finally {
    await context.close();
  }
}

function api(path: string, token?: string, method = 'GET'): Promise<Response> {
  return fetch(`${emulator.issuer}${path}`, {
    method,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
}

async function json<T>(path: string, token: string): Promise<T> {
  const response = await api(path, token);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

/** Whole days from today (UTC) to a task's due date. */
function dueDay(task: Task): number | undefined {
  if (task.due === undefined) return undefined;
  const today = Math.floor(Date.now() / DAY) * DAY;
  return Math.round((Date.parse(task.due) - today) / DAY);
}

let ada: string;
let alan: string;
let calendarOnly: string;
let adaLists: TaskList[];

beforeAll(async () => {
  emulator = await startEmulator({ testRoutes: true });
  browser = await chromium.launch(chromiumLaunchOptions());
  ada = (await signIn(['openid', 'email', TASKS_SCOPE], 'ada@example.com')).accessToken;
  alan = (await signIn(['openid', TASKS_SCOPE], 'alan@example.com')).accessToken;
  calendarOnly = (await signIn(['openid', CALENDAR_SCOPE], 'grace@example.com')).accessToken;
  adaLists = (await json<{ items: TaskList[] }>(LISTS, ada)).items;
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
});

beforeEach(() => {
  emulator.setFault(null);
});

const myTasks = () => adaLists[0]!.id;

describe('tasklists.list', () => {
  it("lists the account's task lists in Google's shape, My Tasks first", async () => {
    const body = await json<Record<string, unknown>>(LISTS, ada);
    expect(body).toMatchObject({ kind: 'tasks#taskLists' });
    expect(body.etag).toMatch(/^".+"$/);
    expect(body.nextPageToken).toBeUndefined();
    expect(adaLists.map((list) => list.title)).toEqual(['My Tasks', 'Work', 'Home']);
    for (const list of adaLists) {
      expect(Object.keys(list).sort()).toEqual(
        ['etag', 'id', 'kind', 'selfLink', 'title', 'updated'].sort(),
      );
      expect(list.kind).toBe('tasks#taskList');
      expect(list.etag).toMatch(/^".+"$/);
      expect(list.id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(list.selfLink).toBe(`https://www.googleapis.com/tasks/v1/users/@me/lists/${list.id}`);
      expect(Date.parse(list.updated)).toBeLessThanOrEqual(Date.now());
      expect(list.updated).toBe(new Date(list.updated).toISOString());
    }
    // The default list's id is the base64 of `<digits>:0:0`, as Google's is.
    expect(Buffer.from(myTasks(), 'base64url').toString()).toMatch(/^\d{20}:0:0$/);

    const alans = (await json<{ items: TaskList[] }>(LISTS, alan)).items;
    expect(alans.map((list) => list.title)).toEqual(['My Tasks', 'Home']);
    expect(alans[0]!.id).not.toBe(myTasks());
  });

  it('pages with maxResults and nextPageToken', async () => {
    const first = await json<{ items: TaskList[]; nextPageToken?: string }>(
      `${LISTS}?maxResults=2`,
      ada,
    );
    expect(first.items.map((list) => list.title)).toEqual(['My Tasks', 'Work']);
    expect(first.nextPageToken).toBeTruthy();
    const rest = await json<{ items: TaskList[]; nextPageToken?: string }>(
      `${LISTS}?maxResults=2&pageToken=${first.nextPageToken}`,
      ada,
    );
    expect(rest.items.map((list) => list.title)).toEqual(['Home']);
    expect(rest.nextPageToken).toBeUndefined();
  });
});

describe('tasks.list', () => {
  it("lists My Tasks in Google's shape, with due dates relative to today", async () => {
    const body = await json<{ kind: string; etag: string; items: Task[] }>(tasksOf(myTasks()), ada);
    expect(body.kind).toBe('tasks#tasks');
    expect(body.etag).toMatch(/^".+"$/);
    const byTitle = new Map(body.items.map((task) => [task.title, task]));
    for (const task of body.items) {
      expect(task.kind).toBe('tasks#task');
      expect(task.etag).toMatch(/^".+"$/);
      expect(task.selfLink).toBe(
        `https://www.googleapis.com/tasks/v1/lists/${myTasks()}/tasks/${task.id}`,
      );
      expect(task.position).toMatch(/^\d{20}$/);
      expect(['needsAction', 'completed']).toContain(task.status);
      expect(task.links).toBeInstanceOf(Array);
      // The web UI link carries the inner id (the API id is its base64).
      const inner = Buffer.from(task.id, 'base64url').toString();
      expect(task.webViewLink).toBe(`https://tasks.google.com/task/${inner}`);
      // Google keeps only the date of `due`.
      if (task.due) expect(task.due).toMatch(/^\d{4}-\d\d-\d\dT00:00:00\.000Z$/);
      expect(Date.parse(task.updated)).toBeLessThanOrEqual(Date.now());
      // Left out when false, as Google does.
      expect(task.deleted).toBeUndefined();
      expect(task.hidden).toBeUndefined();
    }
    expect(body.items.map((task) => [task.title, dueDay(task), task.status])).toEqual([
      ['Renew passport', -3, 'needsAction'],
      ['Reply to the landlord about the boiler', -1, 'needsAction'],
      ['Pay the electricity bill', 0, 'needsAction'],
      ['Book a dentist appointment', 2, 'needsAction'],
      ['Pack for the conference trip', 4, 'needsAction'],
      ['Chargers and travel adapters', undefined, 'needsAction'],
      [LONG_TASK_TITLE, undefined, 'needsAction'],
      ['Water the plants', undefined, 'completed'],
    ]);
    expect(LONG_TASK_TITLE.length).toBeGreaterThan(200);
    expect(byTitle.get('Chargers and travel adapters')!.parent).toBe(
      byTitle.get('Pack for the conference trip')!.id,
    );
    expect(byTitle.get('Renew passport')!.notes).toBeTruthy();
    expect(byTitle.get('Pay the electricity bill')!.notes).toBeUndefined();
    expect(byTitle.get('Reply to the landlord about the boiler')!.links).toEqual([
      {
        type: 'email',
        description: 'Boiler service next week',
        link: expect.stringMatching(/^https:\/\/mail\.google\.com\/mail\/#all\//),
      },
    ]);
    const watered = byTitle.get('Water the plants')!;
    expect(Date.parse(watered.completed!)).toBeLessThan(Date.now());
    expect(watered.updated).toBe(watered.completed);

    // "@default" is the default list.
    const viaDefault = await json<{ items: Task[] }>(tasksOf('@default'), ada);
    expect(viaDefault.items.map((task) => task.id)).toEqual(body.items.map((task) => task.id));
  });

  it('showCompleted=false leaves out completed tasks; showHidden=true adds those completed in Google apps', async () => {
    const open = (await json<{ items: Task[] }>(tasksOf(myTasks(), 'showCompleted=false'), ada))
      .items;
    expect(open.length).toBe(7);
    expect(open.every((task) => task.status === 'needsAction')).toBe(true);

    const withHidden = (await json<{ items: Task[] }>(tasksOf(myTasks(), 'showHidden=true'), ada))
      .items;
    const mum = withHidden.find((task) => task.title === 'Call Mum');
    expect(mum).toMatchObject({ status: 'completed', hidden: true, due: expect.any(String) });
    expect(Date.parse(mum!.completed!)).toBeLessThan(Date.now());
    expect(withHidden.length).toBe(9);

    const none = (
      await json<{ items: Task[] }>(tasksOf(myTasks(), 'showHidden=true&showCompleted=false'), ada)
    ).items;
    expect(none.some((task) => task.status === 'completed')).toBe(false);
  });

  it('showDeleted=true adds deleted tasks (left out by default)', async () => {
    const work = adaLists[1]!;
    const plain = (await json<{ items: Task[] }>(tasksOf(work.id), ada)).items;
    expect(plain.map((task) => task.title)).toEqual([
      'Review the DPoP pull request',
      'Prepare the release notes',
      'Quarterly report',
    ]);
    const all = (
      await json<{ items: Task[] }>(tasksOf(work.id, 'showDeleted=true&showHidden=true'), ada)
    ).items;
    expect(all.find((task) => task.title === 'Old retro action')).toMatchObject({
      deleted: true,
    });
    expect(all.length).toBe(5);
  });

  it('dueMin and dueMax filter on the due date (dueMax exclusive), leaving out undated tasks', async () => {
    const today = new Date(Math.floor(Date.now() / DAY) * DAY);
    const tomorrow = new Date(today.getTime() + DAY);
    const overdue = (
      await json<{ items: Task[] }>(
        tasksOf(myTasks(), `dueMax=${encodeURIComponent(today.toISOString())}`),
        ada,
      )
    ).items;
    expect(overdue.map((task) => [task.title, dueDay(task)])).toEqual([
      ['Renew passport', -3],
      ['Reply to the landlord about the boiler', -1],
    ]);
    const dueToday = (
      await json<{ items: Task[] }>(
        tasksOf(
          myTasks(),
          `dueMin=${encodeURIComponent(today.toISOString())}&dueMax=${encodeURIComponent(tomorrow.toISOString())}`,
        ),
        ada,
      )
    ).items;
    expect(dueToday.map((task) => task.title)).toEqual(['Pay the electricity bill']);
  });

  it('pages with maxResults=2 and nextPageToken through the whole list', async () => {
    const whole = (await json<{ items: Task[] }>(tasksOf(myTasks()), ada)).items;
    const ids: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const page = await json<{ items: Task[]; nextPageToken?: string }>(
        tasksOf(myTasks(), `maxResults=2${pageToken}`),
        ada,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      ids.push(...page.items.map((task) => task.id));
      pageToken = page.nextPageToken ? `&pageToken=${page.nextPageToken}` : '';
      pages += 1;
    } while (pageToken && pages < 20);
    expect(pages).toBe(Math.ceil(whole.length / 2));
    expect(ids).toEqual(whole.map((task) => task.id));
  });

  it('honours fields', async () => {
    const body = await json<Record<string, unknown> & { items: Record<string, unknown>[] }>(
      tasksOf(
        myTasks(),
        `maxResults=3&fields=${encodeURIComponent('nextPageToken,items(id,title,due)')}`,
      ),
      ada,
    );
    expect(Object.keys(body).sort()).toEqual(['items', 'nextPageToken']);
    for (const task of body.items) {
      expect(Object.keys(task).every((key) => ['id', 'title', 'due'].includes(key))).toBe(true);
    }
  });
});

describe('errors, in Google’s shape', () => {
  it('401 without a token or with a bad one', async () => {
    for (const path of [LISTS, tasksOf('@default')]) {
      for (const token of [undefined, 'not-a-token']) {
        const response = await api(path, token);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/invalid_token/);
        expect(await response.json()).toMatchObject({
          error: { code: 401, status: 'UNAUTHENTICATED', errors: [{ reason: 'authError' }] },
        });
      }
    }
  });

  it('403 insufficientPermissions for a token without the Tasks scope', async () => {
    for (const path of [LISTS, tasksOf('@default')]) {
      const response = await api(path, calendarOnly);
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
      expect(await response.json()).toMatchObject({
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          errors: [{ reason: 'insufficientPermissions' }],
        },
      });
    }
  });

  it("404 for an unknown list, another account's list, or an unknown path", async () => {
    for (const path of [
      tasksOf('bm9zdWNobGlzdGF0YWxsMDA'),
      tasksOf(adaLists[1]!.id),
      '/tasks/v1/users/@me/lists/x/y',
    ]) {
      const response = await api(path, alan);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({
        error: { code: 404, status: 'NOT_FOUND', errors: [{ reason: 'notFound' }] },
      });
    }
  });

  it('400 for bad parameters', async () => {
    for (const query of [
      'maxResults=0',
      'maxResults=two',
      'showCompleted=yes',
      'showHidden=1',
      'dueMax=tomorrow',
      'dueMin=2026-01-01T00:00:00',
      'pageToken=bm90LWEtbnVtYmVy',
      'fields=items(',
    ]) {
      const response = await api(tasksOf(myTasks(), query), ada);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({
        error: { code: 400, status: 'INVALID_ARGUMENT', errors: [{ reason: 'invalid' }] },
      });
    }
    expect((await api(`${LISTS}?maxResults=-1`, ada)).status).toBe(400);
  });

  it('405 for anything but GET (the stand-in is read-only)', async () => {
    expect((await api(LISTS, ada, 'POST')).status).toBe(405);
  });
});

describe('counters and faults', () => {
  it('counts tasks.lists and tasks.tasks, and plays api faults on them', async () => {
    emulator.resetStats();
    await api(LISTS, ada);
    await api(tasksOf(myTasks()), ada);
    await api(tasksOf('@default'), ada);
    expect(emulator.stats().requests).toMatchObject({
      'tasks.lists': 1,
      'tasks.tasks': 2,
      'calendar.events': 0,
      'drive.files': 0,
    });

    emulator.setFault({ endpoint: 'api', kind: 'status', status: 503, times: 1 });
    const failed = await api(tasksOf(myTasks()), ada);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('1');
    expect(await failed.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
    expect((await api(tasksOf(myTasks()), ada)).status).toBe(200);

    emulator.setFault({
      endpoint: 'api',
      kind: 'status',
      status: 403,
      reason: 'rateLimitExceeded',
    });
    expect(await (await api(LISTS, ada)).json()).toMatchObject({
      error: { code: 403, errors: [{ reason: 'rateLimitExceeded', domain: 'usageLimits' }] },
    });
  });
});

describe('consent', () => {
  it('shows the Tasks scope as "View your tasks", an optional checkbox ticked by default', async () => {
    const url = new URL(emulator.endpoints.authorization);
    url.search = new URLSearchParams({
      client_id: emulator.clients.ios.clientId,
      redirect_uri: emulator.clients.ios.redirectUri,
      response_type: 'code',
      // Grace granted only Calendar so far: Drive and Tasks are new, each a checkbox.
      scope: `openid email ${DRIVE_SCOPE} ${TASKS_SCOPE}`,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
      login_hint: 'grace@example.com',
    }).toString();
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url.href);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Allow' }).waitFor();
      const tasks = page.getByRole('checkbox', { name: 'View your tasks' });
      expect(await tasks.isChecked()).toBe(true);
      expect(await tasks.getAttribute('value')).toBe(TASKS_SCOPE);
      // Drive, Tasks and email (granular consent lets a person untick it too).
      expect(await page.getByRole('checkbox').count()).toBe(3);
    } finally {
      await context.close();
    }
  });

  it('unticked, the scope is left out of the grant and the API answers 403', async () => {
    // Grace has not granted Tasks yet (an earlier grant's scopes show as already allowed).
    const unticked = await signIn(['openid', DRIVE_SCOPE, TASKS_SCOPE], 'grace@example.com', [
      TASKS_SCOPE,
    ]);
    expect(unticked.scope.split(' ')).toContain(DRIVE_SCOPE);
    expect(unticked.scope.split(' ')).not.toContain(TASKS_SCOPE);
    expect((await api(LISTS, unticked.accessToken)).status).toBe(403);
  });
});

describe('seed', () => {
  it('is the same for the same "now", and every account has the cases a client must handle', () => {
    const now = Date.parse('2026-03-10T15:00:00Z');
    for (const account of emulator.accounts) {
      const lists = seedTaskLists(account, now);
      expect(seedTaskLists(account, now)).toEqual(lists);
      expect(lists[0]!.title).toBe('My Tasks');
      expect(lists.length).toBeGreaterThanOrEqual(2);
      expect(lists.length).toBeLessThanOrEqual(3);
      const all = lists.flatMap((list) => {
        const tasks = seedTasks(account, list.id, now)!;
        expect(seedTasks(account, list.id, now)).toEqual(tasks);
        expect(tasks.length).toBeGreaterThanOrEqual(3);
        expect(tasks.length).toBeLessThanOrEqual(9);
        return tasks;
      });
      const days = all.map((task) =>
        task.due === undefined
          ? undefined
          : (Date.parse(task.due) - Date.parse('2026-03-10T00:00:00Z')) / DAY,
      );
      expect(days.filter((day) => day === 0)).toHaveLength(1);
      expect(days.some((day) => day !== undefined && day >= -3 && day <= -1)).toBe(true);
      expect(days.some((day) => day !== undefined && day > 0)).toBe(true);
      expect(days.some((day) => day === undefined)).toBe(true);
      expect(all.some((task) => task.status === 'completed')).toBe(true);
      expect(all.some((task) => task.notes)).toBe(true);
      expect(all.some((task) => task.parent)).toBe(true);
      expect(all.some((task) => task.title === LONG_TASK_TITLE)).toBe(true);
      expect(seedTasks(account, 'no-such-list', now)).toBeUndefined();
    }
    // A day later, every due date moves with the clock.
    const [first] = emulator.accounts;
    const later = seedTasks(first!, '@default', Date.parse('2026-03-11T15:00:00Z'))!;
    const before = seedTasks(first!, '@default', Date.parse('2026-03-10T15:00:00Z'))!;
    expect(later.map((task) => task.due && Date.parse(task.due) - DAY)).toEqual(
      before.map((task) => task.due && Date.parse(task.due)),
    );
  });
});
