/**
 * Seeded Google Tasks per account, in the Tasks API v1 shapes (TaskList, Task). Dates are relative
 * to the UTC day of "now", computed on each request like the calendar seed: some tasks are overdue
 * by one to three days, one is due today, some later, some have no due date; a few are completed.
 * The same "now" always gives the same data.
 *
 * What the docs (developers.google.com/workspace/tasks/reference/rest/v1) leave open is taken
 * from answers of the real API quoted in public code, and marked so below.
 */
import { createHash } from 'node:crypto';
import type { EmulatorAccount } from './accounts.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A Tasks v1 TaskList resource. */
export interface TaskList {
  kind: 'tasks#taskList';
  id: string;
  etag: string;
  title: string;
  updated: string;
  selfLink: string;
}

/** A Tasks v1 Task resource (no `assignmentInfo`: no task here is assigned from Docs or Chat). */
export interface Task {
  kind: 'tasks#task';
  id: string;
  etag: string;
  title: string;
  updated: string;
  selfLink: string;
  parent?: string;
  position: string;
  notes?: string;
  status: 'needsAction' | 'completed';
  due?: string;
  completed?: string;
  deleted?: true;
  hidden?: true;
  links: { type: string; description: string; link: string }[];
  webViewLink: string;
}

/** One seeded task; days are relative to today (UTC), negative in the past. */
interface TaskSeed {
  title: string;
  dueDay?: number;
  notes?: string;
  /** Completed this many days ago (at 18:00 UTC). */
  completedDaysAgo?: number;
  /**
   * Completed in Google's own apps: such tasks come back `hidden` and only with showHidden=true
   * (tasks.list: "showHidden must also be True to show tasks completed in first party clients").
   */
  hidden?: boolean;
  deleted?: boolean;
  /** Index of the parent task in the same list (a subtask). */
  parent?: number;
  /** A Gmail link, as a task made from an email has. */
  email?: string;
}

/** The long title, for clients that must truncate (Google allows up to 1024 characters). */
export const LONG_TASK_TITLE =
  'Write up what we learned about keychains on Linux, macOS and Windows — the locked login ' +
  'keyring, the Secret Service prompts that never appear over SSH, and the odd Keychain Access ' +
  'dialog on first launch — so the team can decide before the release';

const MY_TASKS: TaskSeed[] = [
  {
    title: 'Renew passport',
    dueDay: -3,
    notes: 'Photos are in the top drawer. Form at the post office.',
  },
  {
    title: 'Reply to the landlord about the boiler',
    dueDay: -1,
    email: 'Boiler service next week',
  },
  { title: 'Pay the electricity bill', dueDay: 0 },
  { title: 'Book a dentist appointment', dueDay: 2 },
  { title: 'Pack for the conference trip', dueDay: 4, notes: 'Badge, passport, charger.' },
  { title: 'Chargers and travel adapters', parent: 4 },
  { title: LONG_TASK_TITLE },
  { title: 'Call Mum', dueDay: -1, completedDaysAgo: 1, hidden: true },
  { title: 'Water the plants', completedDaysAgo: 2 },
];

const WORK: TaskSeed[] = [
  {
    title: 'Review the DPoP pull request',
    dueDay: -2,
    notes: 'Check the nonce handling and the jti of the exchange proof.',
  },
  { title: 'Prepare the release notes', dueDay: 1 },
  { title: 'Quarterly report', dueDay: 7 },
  { title: 'Send the slides to the team', dueDay: -1, completedDaysAgo: 1, hidden: true },
  { title: 'Old retro action', deleted: true },
];

const HOME: TaskSeed[] = [
  { title: 'Fix the squeaky door' },
  { title: 'Buy a birthday present for Sam', dueDay: 5, notes: 'Something for the garden?' },
  { title: 'Take the recycling out', dueDay: 1 },
  { title: 'Clean the gutters', completedDaysAgo: 3, hidden: true },
];

const LISTS = { 'My Tasks': MY_TASKS, Work: WORK, Home: HOME } as const;
type ListTitle = keyof typeof LISTS;

/** Each account's lists, "My Tasks" (the default list) first. */
const ACCOUNT_LISTS: Record<string, ListTitle[]> = {
  'ada@example.com': ['My Tasks', 'Work', 'Home'],
  'grace@example.com': ['My Tasks', 'Work'],
  'alan@example.com': ['My Tasks', 'Home'],
};

/** Where Google's selfLinks point (real answers: www.googleapis.com, not tasks.googleapis.com). */
const SELF_ROOT = 'https://www.googleapis.com/tasks/v1';

function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/**
 * Google's ids, as real answers show them: a task's or list's id is the base64url of a 16-character
 * id (22 characters), and the default list's the base64url of `<20 digits>:0:0`. Task
 * webViewLinks carry the inner 16-character id (the docs only say "an absolute link to the task in
 * the Google Tasks Web UI"; real answers have `https://tasks.google.com/task/<inner id>`).
 */
function innerId(...parts: string[]): string {
  return digest(...parts)
    .toString('base64url')
    .slice(0, 16);
}

function outerId(inner: string): string {
  return Buffer.from(inner).toString('base64url');
}

function defaultListId(account: EmulatorAccount): string {
  const digits = BigInt(`0x${digest('default list', account.sub).toString('hex').slice(0, 16)}`)
    .toString()
    .padStart(20, '0')
    .slice(0, 20);
  return outerId(`${digits}:0:0`);
}

/** The Gmail message a task made from an email points at (made up: hex, like Gmail's). */
function mailId(inner: string): string {
  return digest('mail', inner).toString('hex').slice(0, 16);
}

function etag(...parts: string[]): string {
  return `"${digest('etag', ...parts)
    .toString('base64url')
    .slice(0, 14)}"`;
}

/** A task's `due`: Google keeps only the date, the time is always 00:00:00.000Z. */
function dueDate(day0: number, day: number): string {
  return new Date(day0 + day * DAY).toISOString();
}

/** Midnight UTC of the current day: the seed's day 0. */
function today(now: number): number {
  return Math.floor(now / DAY) * DAY;
}

function listId(account: EmulatorAccount, title: ListTitle): string {
  return title === 'My Tasks'
    ? defaultListId(account)
    : outerId(innerId('list', account.sub, title));
}

function buildTasks(account: EmulatorAccount, title: ListTitle, now: number): Task[] {
  const day0 = today(now);
  const list = listId(account, title);
  const seeds = LISTS[title];
  const ids = seeds.map((seed, index) => innerId('task', account.sub, title, String(index)));
  const siblingsBefore = (index: number): number =>
    seeds.slice(0, index).filter((other) => other.parent === seeds[index]?.parent).length;
  return seeds.map((seed, index): Task => {
    const inner = ids[index] ?? '';
    const id = outerId(inner);
    // Last changed: when completed, else a few days before today (never after now).
    const completed =
      seed.completedDaysAgo === undefined
        ? undefined
        : day0 - seed.completedDaysAgo * DAY + 18 * HOUR + index * 60_000;
    const updated = completed ?? day0 - (index + 2) * DAY + 9 * HOUR + index * 7 * 60_000;
    const parentInner = seed.parent === undefined ? undefined : ids[seed.parent];
    return {
      kind: 'tasks#task',
      id,
      etag: etag(account.sub, id, String(updated)),
      title: seed.title,
      updated: new Date(updated).toISOString(),
      selfLink: `${SELF_ROOT}/lists/${list}/tasks/${id}`,
      ...(parentInner ? { parent: outerId(parentInner) } : {}),
      // Position among siblings (same parent, or top level), as a 20-digit string.
      position: String(siblingsBefore(index)).padStart(20, '0'),
      ...(seed.notes ? { notes: seed.notes } : {}),
      status: completed === undefined ? 'needsAction' : 'completed',
      ...(seed.dueDay === undefined ? {} : { due: dueDate(day0, seed.dueDay) }),
      ...(completed === undefined ? {} : { completed: new Date(completed).toISOString() }),
      // Real answers leave `deleted` and `hidden` out when false.
      ...(seed.deleted ? { deleted: true as const } : {}),
      ...(seed.hidden ? { hidden: true as const } : {}),
      links: seed.email
        ? [
            {
              type: 'email',
              description: seed.email,
              link: `https://mail.google.com/mail/#all/${mailId(inner)}`,
            },
          ]
        : [],
      webViewLink: `https://tasks.google.com/task/${inner}`,
    };
  });
}

/** The account's task lists, "My Tasks" first. */
export function seedTaskLists(account: EmulatorAccount, now: number = Date.now()): TaskList[] {
  return (ACCOUNT_LISTS[account.email] ?? ['My Tasks']).map((title) => {
    const id = listId(account, title);
    const tasks = buildTasks(account, title, now);
    const updated = Math.max(...tasks.map((task) => Date.parse(task.updated)));
    return {
      kind: 'tasks#taskList',
      id,
      etag: etag(account.sub, id, String(updated)),
      title,
      updated: new Date(updated).toISOString(),
      selfLink: `${SELF_ROOT}/users/@me/lists/${id}`,
    };
  });
}

/**
 * The tasks of one of the account's lists, each parent followed by its subtasks (the docs give no
 * order); undefined for a list the account does not have. `@default` is "My Tasks" (TaskList.id:
 * "the authenticated user's default task list can also be referred to as '@default'"). Deleted
 * and hidden tasks are included: the API filters them.
 */
export function seedTasks(
  account: EmulatorAccount,
  tasklist: string,
  now: number = Date.now(),
): Task[] | undefined {
  const titles = ACCOUNT_LISTS[account.email] ?? ['My Tasks'];
  const title =
    tasklist === '@default' ? 'My Tasks' : titles.find((t) => listId(account, t) === tasklist);
  if (!title) return undefined;
  const tasks = buildTasks(account, title, now);
  const top = tasks.filter((task) => task.parent === undefined);
  return top.flatMap((task) => [task, ...tasks.filter((child) => child.parent === task.id)]);
}
