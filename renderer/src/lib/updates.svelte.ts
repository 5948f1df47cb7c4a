/**
 * Latchkey's own update, as the window follows it: the status main reports (asked at start and
 * every minute while the window is open, and after each action), checking now, restarting into a
 * downloaded update — only when the person presses the button — and the automatic-checks
 * setting.
 */
import type { UpdateStatus } from '../../../common/model.ts';
import { api } from './api.ts';

/** How often the window asks main for the update status (ms). */
export const UPDATE_POLL_MS = 60_000;

class Updates {
  status = $state.raw<UpdateStatus | null>(null);
  /** True while a check the person asked for runs. */
  checking = $state(false);

  #timer: ReturnType<typeof setInterval> | undefined;

  /** Reads the status now and then every {@link UPDATE_POLL_MS}; returns the stop function. */
  start(): () => void {
    void this.refresh();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.refresh(), UPDATE_POLL_MS);
    return () => clearInterval(this.#timer);
  }

  async refresh(): Promise<void> {
    const result = await api()
      .updates.status()
      .catch(() => null);
    if (result?.ok) this.status = result.value;
  }

  /** Checks now (main downloads what it finds in the background). */
  async check(): Promise<void> {
    this.checking = true;
    try {
      const result = await api().updates.check();
      if (result.ok) this.status = result.value;
    } finally {
      this.checking = false;
    }
  }

  /** Restarts into the downloaded update. */
  async restart(): Promise<void> {
    await api().updates.restart();
  }

  async setAutomatic(automatic: boolean): Promise<void> {
    const result = await api().updates.setAutomatic({ automatic });
    if (result.ok) this.status = result.value;
  }
}

/** The window's update state. */
export const updates = new Updates();
