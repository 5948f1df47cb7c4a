import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TaskItem } from '../../../common/features.ts';
import { dueDate, mapTask, openTasks, sortTasks } from '../../../main/google/tasks.ts';
import { ACCOUNT, coreFor, signedInClient } from './fixtures.ts';
import { sendJson, startLoopback } from './loopback.ts';
import type { Loopback } from './loopback.ts';

const LIST = { id: 'L1', title: 'My Tasks' };

describe('dueDate', () => {
  it("keeps Google's date and drops the midnight-UTC time it always sends", () => {
    expect(dueDate('2026-12-05T00:00:00.000Z')).toBe('2026-12-05');
    expect(dueDate(null)).toBeNull();
    expect(dueDate('soon')).toBeNull();
  });
});

describe('mapTask', () => {
  it('maps an open task', () => {
    expect(
      mapTask(
        {
          id: 't1',
          title: ' Renew passport ',
          notes: 'Photo booth first.',
          status: 'needsAction',
          due: '2026-12-01T00:00:00.000Z',
          parent: 'p1',
          webViewLink: 'https://tasks.google.com/task/abc',
        },
        LIST,
      ),
    ).toEqual({
      id: 't1',
      title: 'Renew passport',
      notes: 'Photo booth first.',
      due: '2026-12-01',
      listId: 'L1',
      listTitle: 'My Tasks',
      parentId: 'p1',
      webViewLink: 'https://tasks.google.com/task/abc',
    });
  });

  it('skips completed, hidden, deleted and id-less tasks; names untitled ones; https links only', () => {
    expect(mapTask({ id: 'a', status: 'completed' }, LIST)).toBeNull();
    expect(mapTask({ id: 'b', hidden: true }, LIST)).toBeNull();
    expect(mapTask({ id: 'c', deleted: true }, LIST)).toBeNull();
    expect(mapTask({ title: 'x' }, LIST)).toBeNull();
    expect(mapTask({ id: 'd', webViewLink: 'javascript:alert(1)' }, LIST)).toMatchObject({
      title: '(No title)',
      notes: null,
      due: null,
      parentId: null,
      webViewLink: 'https://tasks.google.com/',
    });
  });
});

describe('sortTasks', () => {
  const task = (id: string, due: string | null, listId = 'L1'): TaskItem => ({
    id,
    title: id,
    notes: null,
    due,
    listId,
    listTitle: listId,
    parentId: null,
    webViewLink: 'https://tasks.google.com/',
  });

  it('puts the soonest due first and undated last, then the lists’ order', () => {
    const sorted = sortTasks(
      [
        task('later', '2026-12-09'),
        task('none-L2', null, 'L2'),
        task('none-L1', null),
        task('soon-L2', '2026-12-01', 'L2'),
        task('soon-L1', '2026-12-01'),
      ],
      ['L1', 'L2'],
    );
    expect(sorted.map((t) => t.id)).toEqual(['soon-L1', 'soon-L2', 'later', 'none-L1', 'none-L2']);
  });
});

describe('openTasks against a loopback Tasks API', () => {
  let server: Loopback;
  beforeAll(async () => {
    server = await startLoopback((request, response) => {
      const path = request.url.pathname;
      const token = request.url.searchParams.get('pageToken');
      if (path === '/tasks/v1/users/@me/lists') {
        sendJson(response, 200, {
          items: [
            { id: 'L1', title: 'My Tasks' },
            { id: 'L/2', title: 'Work' },
          ],
        });
      } else if (path === '/tasks/v1/lists/L1/tasks') {
        sendJson(
          response,
          200,
          token === 'p2'
            ? { items: [{ id: 'b', title: 'B', due: '2026-11-30T00:00:00.000Z' }] }
            : { items: [{ id: 'a', title: 'A' }], nextPageToken: 'p2' },
        );
      } else if (path === '/tasks/v1/lists/L%2F2/tasks') {
        sendJson(response, 200, {
          items: [
            { id: 'c', title: 'C', due: '2026-12-02T00:00:00.000Z' },
            { id: 'd', title: 'D', status: 'completed' },
          ],
        });
      } else {
        sendJson(response, 404, { error: { code: 404, message: 'Not Found' } });
      }
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('reads every list and page, asks only for open tasks, and sorts them by due day', async () => {
    const result = await openTasks(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { apiRoot: `${server.origin}/` },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.lists).toEqual([
      { id: 'L1', title: 'My Tasks' },
      { id: 'L/2', title: 'Work' },
    ]);
    expect(result.value.tasks.map((t) => [t.id, t.due, t.listTitle])).toEqual([
      ['b', '2026-11-30', 'My Tasks'],
      ['c', '2026-12-02', 'Work'],
      ['a', null, 'My Tasks'],
    ]);
    expect(server.requests.map((r) => r.url.pathname)).toEqual([
      '/tasks/v1/users/@me/lists',
      '/tasks/v1/lists/L1/tasks',
      '/tasks/v1/lists/L1/tasks',
      '/tasks/v1/lists/L%2F2/tasks',
    ]);
    const params = Object.fromEntries(server.requests[1]!.url.searchParams);
    expect(params).toMatchObject({
      showCompleted: 'false',
      showHidden: 'false',
      maxResults: '100',
    });
    expect(server.requests[2]!.url.searchParams.get('pageToken')).toBe('p2');
    expect(server.requests[0]!.authorization).toBe('Bearer valid');
  });

  it('asks for SCOPE_REQUIRED without a request when Tasks is not connected', async () => {
    const account = { ...ACCOUNT, grantedScopes: ['openid', 'email', 'profile'] };
    const result = await openTasks(
      { core: coreFor(account, signedInClient()), accountId: account.id },
      { apiRoot: `${server.origin}/` },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'SCOPE_REQUIRED' } });
    expect(server.requests).toHaveLength(0);
  });
});
