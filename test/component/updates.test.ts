/** The window's side of updates: the "ready" banner, the About card, the setting, polling. */
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../../common/model.ts';
import AboutCard from '../../renderer/src/components/AboutCard.svelte';
import UpdateBanner from '../../renderer/src/components/UpdateBanner.svelte';
import { UPDATE_POLL_MS, updates } from '../../renderer/src/lib/updates.svelte.ts';
import { createFakeApi, installApi, ok, settle, UNSUPPORTED_UPDATES } from './fake-api.ts';

afterEach(() => {
  cleanup();
  updates.status = null;
  vi.useRealTimers();
});

const IDLE: UpdateStatus = {
  ...UNSUPPORTED_UPDATES,
  state: 'idle',
  automatic: true,
  lastCheck: '2026-12-03T10:00:00.000Z',
  note: null,
};
const READY: UpdateStatus = {
  ...IDLE,
  state: 'ready',
  available: { version: '0.2.0', notes: 'Tasks.\nA new icon.' },
};

describe('the update banner', () => {
  it('shows nothing until an update is downloaded', async () => {
    updates.status = IDLE;
    render(UpdateBanner);
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
  });

  it('names the version, shows the notes, and restarts only when pressed', async () => {
    const fake = createFakeApi();
    installApi(fake);
    updates.status = READY;
    render(UpdateBanner);
    expect(screen.getByRole('status', { name: 'Update' }).textContent).toContain(
      'Latchkey 0.2.0 is ready.',
    );
    expect(screen.getByText("What's new")).toBeTruthy();
    expect(fake.api.updates.restart).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Restart to update' }));
    expect(fake.api.updates.restart).toHaveBeenCalledTimes(1);
  });
});

describe('About Latchkey', () => {
  it('says why a build does not update itself, with no controls', async () => {
    updates.status = UNSUPPORTED_UPDATES;
    render(AboutCard);
    expect(screen.getByText('This copy of Latchkey does not update itself.')).toBeTruthy();
    expect(screen.queryByRole('checkbox')).toBeNull();
  });

  it('shows the version and last check; the setting and Check now go to main', async () => {
    const fake = createFakeApi();
    fake.api.updates.setAutomatic.mockResolvedValue(ok({ ...IDLE, automatic: false }));
    fake.api.updates.check.mockResolvedValue(ok({ ...IDLE, state: 'downloading', progress: 40 }));
    installApi(fake);
    updates.status = IDLE;
    render(AboutCard);
    expect(screen.getByText('0.1.0')).toBeTruthy();
    expect(screen.getByText('Up to date.')).toBeTruthy();
    const box = screen.getByRole('checkbox', { name: 'Check for updates automatically' });
    expect((box as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(box);
    await settle();
    expect(fake.api.updates.setAutomatic).toHaveBeenCalledWith({ automatic: false });
    await fireEvent.click(screen.getByRole('button', { name: 'Check now' }));
    await settle();
    expect(fake.api.updates.check).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/Downloading Latchkey .*\(40 %\)/)).toBeTruthy();
  });
});

describe('following the status', () => {
  it('asks main at start and then every minute', async () => {
    vi.useFakeTimers();
    const fake = createFakeApi();
    fake.api.updates.status.mockResolvedValue(ok(READY));
    installApi(fake);
    const stop = updates.start();
    await settle();
    expect(fake.api.updates.status).toHaveBeenCalledTimes(1);
    expect(updates.status).toEqual(READY);
    vi.advanceTimersByTime(UPDATE_POLL_MS);
    expect(fake.api.updates.status).toHaveBeenCalledTimes(2);
    stop();
    vi.advanceTimersByTime(UPDATE_POLL_MS * 3);
    expect(fake.api.updates.status).toHaveBeenCalledTimes(2);
  });
});
