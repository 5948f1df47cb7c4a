/** TasksView against a fake bridge: Connect, grouping by due day, overdue, links, empty, errors. */
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenTasks, TaskItem } from '../../common/features.ts';
import TasksView, { dueWords, groupTasks } from '../../renderer/src/views/TasksView.svelte';
import { addDays, dayKeyOf } from '../../renderer/src/lib/time.ts';
import { ADA, createFakeApi, fail, installApi, ok, settle, TASKS_SCOPE } from './fake-api.ts';

afterEach(() => cleanup());

const withTasks = { ...ADA, grantedScopes: [...ADA.grantedScopes, TASKS_SCOPE] };
const today = dayKeyOf(new Date());

function task(id: string, due: string | null, extra: Partial<TaskItem> = {}): TaskItem {
  return {
    id,
    title: `Task ${id}`,
    notes: null,
    due,
    listId: 'L1',
    listTitle: 'My Tasks',
    parentId: null,
    webViewLink: `https://tasks.google.com/task/${id}`,
    ...extra,
  };
}

describe('grouping and words', () => {
  it('groups by due day relative to today, keeping the order within each group', () => {
    const groups = groupTasks(
      [
        task('a', addDays(today, -3)),
        task('b', addDays(today, -1)),
        task('c', today),
        task('d', addDays(today, 2)),
        task('e', null),
      ],
      today,
    );
    expect(groups.map((g) => [g.key, g.tasks.map((t) => t.id)])).toEqual([
      ['overdue', ['a', 'b']],
      ['today', ['c']],
      ['upcoming', ['d']],
      ['undated', ['e']],
    ]);
    expect(groupTasks([task('x', null)], today).map((g) => g.key)).toEqual(['undated']);
  });

  it('says how long a task is overdue, and when the others are due', () => {
    expect(dueWords('2026-12-01', '2026-12-04')).toBe('3 days overdue');
    expect(dueWords('2026-12-03', '2026-12-04')).toBe('1 day overdue');
    expect(dueWords('2026-12-04', '2026-12-04')).toBe('Due today');
    expect(dueWords('2026-12-05', '2026-12-04')).toBe('Due tomorrow');
    expect(dueWords('2026-12-09', '2026-12-04')).toBe('Due Wednesday, December 9');
  });
});

describe('TasksView', () => {
  it('asks to connect Google Tasks without the scope, and loads nothing', async () => {
    const fake = createFakeApi();
    installApi(fake);
    render(TasksView, { account: ADA, onsignin: vi.fn() });
    await settle();
    expect(fake.api.tasks.open).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Connect Google Tasks' }));
    expect(fake.api.features.connect).toHaveBeenCalledWith({ feature: 'tasks', accountId: ADA.id });
  });

  it('shows overdue first, with the list name, notes, subtasks and Google Tasks links', async () => {
    const overview: OpenTasks = {
      lists: [
        { id: 'L1', title: 'My Tasks' },
        { id: 'L2', title: 'Work' },
      ],
      tasks: [
        task('late', addDays(today, -2), { title: 'Renew passport', notes: 'Photos first' }),
        task('now', today, { title: 'Pay the bill', listId: 'L2', listTitle: 'Work' }),
        task('sub', null, { title: 'Chargers', parentId: 'late' }),
      ],
    };
    const fake = createFakeApi();
    fake.api.tasks.open.mockResolvedValue(ok(overview));
    installApi(fake);
    render(TasksView, { account: withTasks, onsignin: vi.fn() });
    await settle();
    expect(fake.api.tasks.open).toHaveBeenCalledWith({ accountId: ADA.id });
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Overdue 1', 'Today 1', 'No due date 1']);
    const overdue = screen.getByRole('region', { name: 'Overdue 1' });
    expect(overdue.classList.contains('overdue')).toBe(true);
    const late = within(overdue).getByRole('listitem');
    expect(late.textContent).toContain('Renew passport');
    expect(late.textContent).toContain('2 days overdue');
    // The date itself is the tooltip.
    expect(within(late).getByText('2 days overdue').getAttribute('title')).toMatch(
      /\w+day, \w+ \d+/,
    );
    expect(late.textContent).toContain('My Tasks');
    expect(late.textContent).toContain('Photos first');
    const link = within(late).getByRole('link', { name: 'Open in Google Tasks: Renew passport' });
    expect(link.getAttribute('href')).toBe('https://tasks.google.com/task/late');
    expect(screen.getByText('Due today')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'No due date 1' }).textContent).toContain('Subtask');
  });

  it('says when nothing is left to do', async () => {
    const fake = createFakeApi();
    installApi(fake);
    render(TasksView, { account: withTasks, onsignin: vi.fn() });
    await settle();
    expect(screen.getByRole('heading', { name: 'No open tasks' })).toBeTruthy();
  });

  it('on NETWORK offers Retry, which loads again', async () => {
    const fake = createFakeApi();
    fake.api.tasks.open.mockResolvedValue(fail('NETWORK'));
    installApi(fake);
    render(TasksView, { account: withTasks, onsignin: vi.fn() });
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(fake.api.tasks.open).toHaveBeenCalledTimes(2);
  });
});
