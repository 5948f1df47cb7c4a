/**
 * Main-process heap growth over 1,000 API calls (calendar.upcoming through the service), measured
 * after full garbage collections (`node --expose-gc`; bench/run.ts adds the flag). The emulator
 * runs in its own process, so its memory is not in these figures.
 */
import type { App } from './session.ts';
import type { Row } from './stats.ts';

const CALLS = 1000;
const CONCURRENCY = 10;
const WARM_UP = 100;

async function calls(app: App, count: number): Promise<void> {
  const { handlers } = app.session.service;
  for (let done = 0; done < count; done += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - done) }, () =>
      handlers.calendar.upcoming(undefined),
    );
    for (const result of await Promise.all(batch)) {
      if (!result.ok) throw new Error(`heap: a call failed (${result.error.code})`);
    }
  }
}

function heapUsedAfterGc(): number {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (bench/run.ts does)');
  for (let i = 0; i < 3; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

export async function measureHeap(app: App): Promise<Row[]> {
  await calls(app, WARM_UP);
  const before = heapUsedAfterGc();
  await calls(app, CALLS);
  const after = heapUsedAfterGc();
  return [
    {
      measurement: `Main-process heap growth after ${CALLS.toLocaleString('en')} API calls`,
      figure: `${after >= before ? '+' : '−'}${mb(Math.abs(after - before))}`,
      detail:
        `heapUsed after GC: ${mb(before)} before, ${mb(after)} after ` +
        `(calendar.upcoming, ${CONCURRENCY} at a time, after ${WARM_UP} warm-up calls)`,
    },
  ];
}
