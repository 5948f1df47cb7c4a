/**
 * 100 concurrent Calendar calls (the service's calendar.upcoming, through the Google modules)
 * with an expired access token — the single-flight refresh — against 100 with a fresh one.
 * The emulator issues 3-second access tokens here. Expired and fresh rounds alternate, so a busy
 * machine slows both alike: an expired round starts once the token in memory is past its expiry
 * (for the core and for the token issuer), and the fresh round follows while the token that
 * round fetched is one second old (the core renews it only within its last half).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { requestsBetween, type RemoteEmulator } from './emulator.ts';
import type { App, Session } from './session.ts';
import { median, ratio, summary, timed, type Row } from './stats.ts';

const CALLS = 100;
const ROUNDS = 8;
const SHORT_TTL_SECONDS = 3;
/** Age of the token when a fresh round starts. */
const FRESH_AGE_MS = 1000;

interface Round {
  ms: number;
  tokenRequests: number;
  keychainWrites: number;
  failed: number;
}

/** CALLS concurrent calendar.upcoming calls; what they cost. */
async function round(emulator: RemoteEmulator, session: Session): Promise<Round> {
  const before = await emulator.stats();
  const writes = session.io.keychainWrites;
  const { ms, value: results } = await timed(() =>
    Promise.all(
      Array.from({ length: CALLS }, () => session.service.handlers.calendar.upcoming(undefined)),
    ),
  );
  const made = requestsBetween(before, await emulator.stats());
  return {
    ms,
    tokenRequests: made.token ?? 0,
    keychainWrites: session.io.keychainWrites - writes,
    failed: results.filter((result) => !result.ok).length,
  };
}

/** Waits until the access token in memory is `age` ms old (its expiry + 50 ms by default). */
async function untilAge(session: Session, age = SHORT_TTL_SECONDS * 1000 + 50): Promise<void> {
  const id = session.core.activeId();
  const expiry = id ? session.core.accessTokenExpiry(id) : null;
  if (expiry === null) return;
  const issued = expiry - SHORT_TTL_SECONDS * 1000;
  await sleep(Math.max(0, issued + age - Date.now()));
}

export async function measureConcurrentRefresh(emulator: RemoteEmulator, app: App): Promise<Row[]> {
  await emulator.setAccessTokenTtl(SHORT_TTL_SECONDS);
  // A new start holds no access token: the warm-up round fetches a short-lived one.
  const session = await app.restart();
  await round(emulator, session);
  const expired: Round[] = [];
  const fresh: Round[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    await untilAge(session);
    expired.push(await round(emulator, session));
    await untilAge(session, FRESH_AGE_MS);
    fresh.push(await round(emulator, session));
  }
  // Later measurements get long-lived tokens again (from their first refresh on).
  await emulator.setAccessTokenTtl(3600);

  const list = (rounds: Round[], pick: (r: Round) => number): string => rounds.map(pick).join(', ');
  const failed = [...expired, ...fresh].reduce((sum, r) => sum + r.failed, 0);
  if (failed > 0) throw new Error(`concurrent calls: ${failed} calls failed`);
  return [
    {
      measurement: `${CALLS} concurrent Calendar calls, expired token: token requests`,
      figure:
        `${list(expired, (r) => r.tokenRequests)} (per round, ${ROUNDS} rounds; must be 1)` +
        (expired.every((r) => r.tokenRequests === 1) ? '' : ' — NOT single-flight'),
      detail: `keychain writes per round: ${list(expired, (r) => r.keychainWrites)}`,
    },
    {
      measurement: `${CALLS} concurrent Calendar calls, expired token: time`,
      figure: summary(expired.map((r) => r.ms)),
      detail: 'one round = all calls answered, including the one refresh',
    },
    {
      measurement: `${CALLS} concurrent Calendar calls, fresh token: time`,
      figure: summary(fresh.map((r) => r.ms)),
      detail: `token requests per round: ${list(fresh, (r) => r.tokenRequests)}`,
    },
    {
      measurement: 'Expired / fresh, medians',
      figure: ratio(median(expired.map((r) => r.ms)), median(fresh.map((r) => r.ms))),
      detail: 'the cost of the single-flight refresh under load',
    },
  ];
}
