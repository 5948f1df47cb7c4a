/**
 * Restart to profile shown: a new vault, core and service on the same metadata file and keychain
 * (what an app start does), then `profile.get` — the window's first call. Counts every request
 * the emulator saw meanwhile, all endpoints: the cached profile needs none.
 */
import { requestsBetween, total, type RemoteEmulator } from './emulator.ts';
import type { App } from './session.ts';
import { summary, timed, type Row } from './stats.ts';

const RUNS = 20;

export async function measureRestart(emulator: RemoteEmulator, app: App): Promise<Row[]> {
  const times: number[] = [];
  const requests: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    await app.session.close();
    const before = await emulator.stats();
    const { ms, value: profile } = await timed(async () => {
      const session = await app.restart();
      return session.service.handlers.profile.get(undefined);
    });
    const made = requestsBetween(before, await emulator.stats());
    if (!profile.ok || !profile.value.cached) {
      throw new Error(`restart: no cached profile (${JSON.stringify(profile)})`);
    }
    times.push(ms);
    requests.push(total(made));
  }
  return [
    {
      measurement: 'Restart → profile shown: network requests',
      figure: `${Math.max(...requests)} (max over ${RUNS} restarts; target 0)`,
      detail:
        'all emulator endpoints counted from before the new core exists until profile.get returns',
    },
    {
      measurement: 'Restart → profile shown: time',
      figure: summary(times),
      detail: 'keychain probe + read, metadata file read, core restore, cached profile',
    },
  ];
}
