/**
 * Google Tasks: the open tasks of every task list (Tasks API v1 `tasklists.list`, then
 * `tasks.list` per list with `showCompleted=false`), with the account's authorized client and the
 * configured API root (Google or the local test Google).
 *
 * Two GETs through the account client's own `request()`, not `@googleapis/tasks`: its current
 * release is built on googleapis-common 8 and google-auth-library 10, a second copy of the auth
 * stack beside the app's. The client's request takes the same guarded path (no redirects, a
 * size cap, a time limit, the refresh hook) as the Calendar and Drive clients.
 */
import type { OAuth2Client } from 'google-auth-library';
import { FEATURE_SCOPES, type OpenTasks, type TaskItem } from '../../common/features.ts';
import type { Result } from '../../common/result.ts';
import type { CallContext, RequestOptions } from './call.ts';
import { callGoogle } from './call.ts';
import { httpsOr } from './links.ts';
import { t } from '../../common/i18n/current.ts';

/** Lists and tasks per page (Google's maximum for both is 100). */
export const TASKS_PAGE_SIZE = 100;
/** Pages followed at most, per listing: 1,000 open tasks in one list is more than a person reads. */
export const MAX_TASK_PAGES = 10;
/** Task lists read at most. */
export const MAX_TASK_LISTS = 100;

/** Where "Open in Google Tasks" goes when a task has no usable link. */
const TASKS_HOME = 'https://tasks.google.com/';

/** Only the fields the view shows. */
const LIST_FIELDS = 'nextPageToken,items(id,title)';
const TASK_FIELDS =
  'nextPageToken,items(id,title,notes,status,due,parent,position,webViewLink,hidden,deleted)';

/** The parts of Google's TaskList and Task resources read here. */
interface TaskListResource {
  id?: string | null;
  title?: string | null;
}
interface TaskResource {
  id?: string | null;
  title?: string | null;
  notes?: string | null;
  status?: string | null;
  due?: string | null;
  parent?: string | null;
  position?: string | null;
  webViewLink?: string | null;
  hidden?: boolean | null;
  deleted?: boolean | null;
}
interface Page<T> {
  items?: T[] | null;
  nextPageToken?: string | null;
}

/** Every page of one listing (at most {@link MAX_TASK_PAGES}). */
async function allPages<T>(
  client: OAuth2Client,
  url: string,
  params: Record<string, string | number | boolean>,
  request: RequestOptions,
): Promise<T[]> {
  const items: T[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_TASK_PAGES; page += 1) {
    const response = await client.request<Page<T>>({
      url,
      method: 'GET',
      params: { ...params, maxResults: TASKS_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) },
      ...request,
    });
    items.push(...(response.data.items ?? []));
    pageToken = response.data.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return items;
}

/** `YYYY-MM-DD` of Google's due time (the date is all it keeps), or null. */
export function dueDate(due: string | null | undefined): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})T/.exec(due ?? '');
  return match?.[1] ?? null;
}

/** Maps one open task, or null for one without an id, completed, hidden or deleted. */
export function mapTask(task: TaskResource, list: { id: string; title: string }): TaskItem | null {
  if (!task.id || task.status === 'completed' || task.hidden || task.deleted) return null;
  return {
    id: task.id,
    title: task.title?.trim() || t('google.noTitle'),
    notes: task.notes?.trim() || null,
    due: dueDate(task.due),
    listId: list.id,
    listTitle: list.title,
    parentId: task.parent ?? null,
    webViewLink: httpsOr(task.webViewLink, TASKS_HOME),
  };
}

/** Soonest due first, undated last; the lists' order, then Google's position, otherwise. */
export function sortTasks(tasks: TaskItem[], listOrder: string[]): TaskItem[] {
  const rank = (task: TaskItem): number => listOrder.indexOf(task.listId);
  return tasks
    .map((task, index) => ({ task, index }))
    .sort((a, b) => {
      const dueA = a.task.due ?? '9999-99-99';
      const dueB = b.task.due ?? '9999-99-99';
      if (dueA !== dueB) return dueA < dueB ? -1 : 1;
      return rank(a.task) - rank(b.task) || a.index - b.index;
    })
    .map(({ task }) => task);
}

/** Options of {@link openTasks}. */
export interface TasksOptions {
  apiRoot: string;
}

/** The account's open tasks across its task lists. */
export async function openTasks(
  ctx: Omit<CallContext, 'service' | 'scope'>,
  options: TasksOptions,
): Promise<Result<OpenTasks>> {
  const root = `${options.apiRoot.replace(/\/+$/, '')}/tasks/v1`;
  return callGoogle(
    { ...ctx, service: t('google.service.tasks'), scope: FEATURE_SCOPES.tasks },
    async (client, request) => {
      // The whole overview is retried as one call: a page token from a failed listing is not reused.
      const lists = (
        await allPages<TaskListResource>(
          client,
          `${root}/users/@me/lists`,
          { fields: LIST_FIELDS },
          request,
        )
      )
        .filter((list): list is { id: string; title?: string | null } => Boolean(list.id))
        .slice(0, MAX_TASK_LISTS)
        .map((list) => ({ id: list.id, title: list.title?.trim() || t('google.untitledList') }));
      const tasks: TaskItem[] = [];
      for (const list of lists) {
        const items = await allPages<TaskResource>(
          client,
          `${root}/lists/${encodeURIComponent(list.id)}/tasks`,
          { showCompleted: false, showHidden: false, fields: TASK_FIELDS },
          request,
        );
        for (const item of items) {
          const task = mapTask(item, list);
          if (task) tasks.push(task);
        }
      }
      return {
        lists,
        tasks: sortTasks(
          tasks,
          lists.map((list) => list.id),
        ),
      };
    },
  );
}
