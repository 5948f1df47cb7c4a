/**
 * 100 concurrent Calendar calls (the service's calendar.upcoming, through the Google modules)
 * with an expired access token — the single-flight refresh — against 100 with a fresh one.
 *
 * Two accounts signed in to the same app: the first one's access tokens live 3 seconds (the
 * emulator's switch), and each of its rounds starts once the token in memory is past its expiry,
 * for the core and for the token issuer alike; the second one holds an ordinary one-hour token.
 * Their rounds alternate, one second apart, so a busy machine slows both alike.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { requestsBetween, type RemoteEmulator } from './emulator.ts';
import { completeFlow, expectSignedIn, type App, type Session } from './session.ts';
import { median, ratio, summary, timed, type Row } from './stats.ts';

const CALLS = 100;
const ROUNDS = 8;
const SHORT_TTL_SECONDS = 3;
/** The second account, for the fresh-token rounds (seeded in the emulator). */
const SECOND_EMAIL = 'grace@example.com';

interface Round {
  ms: number;
  tokenRequests: number;
  keychainWrites: number;
  failed: number;
}

/** CALLS concurrent calendar.upcoming calls for `accountId`; what they cost. */
async function round(
  emulator: RemoteEmulator,
  session: Session,
  accountId: string,
): Promise<Round> {
  const before = await emulator.stats();
  const writes = session.io.keychainWrites;
  const { ms, value: results } = await timed(() =>
    Promise.all(
      Array.from({ length: CALLS }, () =>
        session.service.handlers.calendar.upcoming({ accountId }),
      ),
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

/** Waits until the account's access token in memory is past its expiry. */
async function untilExpired(session: Session, accountId: string): Promise<void> {
  const expiry = session.core.accessTokenExpiry(accountId);
  if (expiry !== null) await sleep(Math.max(0, expiry - Date.now() + 50));
}

/** Adds the second account with Calendar connected; answers its id. */
async function addSecondAccount(session: Session): Promise<string> {
  const { handlers } = session.service;
  const added = await completeFlow(
    session,
    () => handlers.auth.addAccount(undefined),
    SECOND_EMAIL,
  );
  if (!added.ok) throw new Error(`could not add ${SECOND_EMAIL}: ${added.error.code}`);
  const accountId = added.value.id;
  expectSignedIn(
    await completeFlow(
      session,
      () => handlers.features.connect({ feature: 'calendar', accountId }),
      SECOND_EMAIL,
    ),
  );
  return accountId;
}

export async function measureConcurrentRefresh(emulator: RemoteEmulator, app: App): Promise<Row[]> {
  // A new start holds no access token for the first account.
  const session = await app.restart();
  const first = session.core.activeId();
  if (!first) throw new Error('concurrent calls: no account signed in');
  const second = await addSecondAccount(session); // with a one-hour token
  await emulator.setAccessTokenTtl(SHORT_TTL_SECONDS);
  await round(emulator, session, first); // warm-up: fetches the first short-lived token
  await round(emulator, session, second); // warm-up
  const expired: Round[] = [];
  const fresh: Round[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    await untilExpired(session, first);
    expired.push(await round(emulator, session, first));
    await sleep(1000);
    fresh.push(await round(emulator, session, second));
  }
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
      detail: `a second account with a one-hour token; token requests per round: ${list(fresh, (r) => r.tokenRequests)}`,
    },
    {
      measurement: 'Expired / fresh, medians',
      figure: ratio(median(expired.map((r) => r.ms)), median(fresh.map((r) => r.ms))),
      detail: 'what the one refresh adds to 100 concurrent calls',
    },
  ];
}
