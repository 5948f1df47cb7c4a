/**
 * Stand-in for the Google Tasks API v1, read-only, on the emulator's origin (rootUrl = issuer +
 * '/'): tasklists.list and tasks.list, with the scope
 * https://www.googleapis.com/auth/tasks.readonly and Google's shapes (developers.google.com/workspace/tasks/reference/rest/v1). The token check,
 * parameters, paging, `fields` and errors are shared with Calendar and Drive (api-common.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiDeps } from './api-common.ts';
import {
  ApiError,
  booleanParam,
  integerParam,
  paginate,
  sendApiError,
  serveApi,
  timeParam,
} from './api-common.ts';
import type { EmulatorAccount } from './accounts.ts';
import { TASKS_SCOPE } from './accounts.ts';
import type { Task } from './seed-tasks.ts';
import { seedTaskLists, seedTasks } from './seed-tasks.ts';

/** tasklists.list */
export const TASKLISTS_PATH = '/tasks/v1/users/@me/lists';
/** tasks.list: `/tasks/v1/lists/{tasklist}/tasks` */
export const TASKS_PATH = /^\/tasks\/v1\/lists\/([^/]+)\/tasks$/;

/** An etag for a whole answer: Google's are opaque quoted strings. */
function collectionEtag(items: { etag: string }[]): string {
  let value = 2166136261;
  for (const char of items.map((item) => item.etag).join()) {
    value = Math.imul(value ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return `"${value.toString(36)}"`;
}

function listTaskLists(url: URL, account: EmulatorAccount) {
  // tasklists.list: "The default is 1000 (max allowed: 1000)". (Older copies of the reference and
  // the parameters page say 20 and 100; the current reference says 1000.)
  const maxResults = integerParam(url, 'maxResults', 1000, 1000);
  const lists = seedTaskLists(account);
  const { page, next } = paginate(lists, url, maxResults);
  return {
    kind: 'tasks#taskLists',
    etag: collectionEtag(lists),
    ...(next ? { nextPageToken: next } : {}),
    items: page,
  };
}

function within(value: string | undefined, min: number | undefined, max: number | undefined) {
  if (min === undefined && max === undefined) return true;
  // The docs are silent on tasks without the field: a bound on it leaves them out here.
  if (value === undefined) return false;
  const time = Date.parse(value);
  return (min === undefined || time >= min) && (max === undefined || time < max);
}

function listTasks(url: URL, account: EmulatorAccount, tasklist: string) {
  const tasks = seedTasks(account, tasklist);
  if (!tasks) throw new ApiError(404);
  // tasks.list: "The default is 20 (max allowed: 100)"; a larger value is lowered to 100, as the
  // other stand-ins do (the docs do not say whether Google refuses it instead).
  const maxResults = integerParam(url, 'maxResults', 20, 100);
  const showCompleted = booleanParam(url, 'showCompleted', true);
  const showHidden = booleanParam(url, 'showHidden', false);
  const showDeleted = booleanParam(url, 'showDeleted', false);
  // Tasks assigned from Docs or Chat: none are seeded, so the flag changes nothing here.
  booleanParam(url, 'showAssigned', false);
  // The docs call these "upper/lower bound" without saying whether inclusive. The real API was
  // seen to treat dueMax as exclusive (a task due on 16 October needs dueMax of the 17th, 00:00);
  // the lower bounds are taken as inclusive, completedMax as exclusive like dueMax.
  const dueMin = timeParam(url, 'dueMin');
  const dueMax = timeParam(url, 'dueMax');
  const completedMin = timeParam(url, 'completedMin');
  const completedMax = timeParam(url, 'completedMax');
  const updatedMin = timeParam(url, 'updatedMin');

  const matching = tasks.filter(
    (task: Task) =>
      (showDeleted || !task.deleted) &&
      (showHidden || !task.hidden) &&
      (showCompleted || task.status !== 'completed') &&
      within(task.due, dueMin, dueMax) &&
      within(task.completed, completedMin, completedMax) &&
      (updatedMin === undefined || Date.parse(task.updated) >= updatedMin),
  );
  const { page, next } = paginate(matching, url, maxResults);
  return {
    kind: 'tasks#tasks',
    etag: collectionEtag(matching),
    ...(next ? { nextPageToken: next } : {}),
    items: page,
  };
}

/** Serves the Tasks stand-in; returns false when the path is not under /tasks/. */
export async function handleTasksApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ApiDeps,
): Promise<boolean> {
  const { pathname } = url;
  if (!pathname.startsWith('/tasks/')) return false;
  if (pathname === TASKLISTS_PATH) {
    await serveApi(req, res, url, deps, {
      scope: TASKS_SCOPE,
      body: (account) => listTaskLists(url, account),
    });
    return true;
  }
  const match = TASKS_PATH.exec(pathname);
  if (!match?.[1]) {
    sendApiError(res, new ApiError(404));
    return true;
  }
  let tasklist: string;
  try {
    tasklist = decodeURIComponent(match[1]);
  } catch {
    sendApiError(res, new ApiError(404));
    return true;
  }
  await serveApi(req, res, url, deps, {
    scope: TASKS_SCOPE,
    body: (account) => listTasks(url, account, tasklist),
  });
  return true;
}
