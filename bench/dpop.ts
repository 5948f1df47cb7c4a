/**
 * What DPoP adds to a refresh: forced refreshes of one account signed in with DPoP (the default:
 * a fresh ES256 proof per request, checked by the emulator) against one signed in without it
 * (a bearer refresh token), interleaved round by round so the machine's load falls on both alike.
 * Also the cost of the parts alone: a key pair, one proof, the keychain entry's size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDpopProof, generateDpopKey } from '../main/auth/tokens/dpop.ts';
import { encodeRefreshToken } from '../main/vault/envelope.ts';
import type { RemoteEmulator } from './emulator.ts';
import {
  benchConfig,
  benchKeychainService,
  completeFlow,
  expectSignedIn,
  fileMetadata,
  openSession,
  signOutAll,
  type Session,
} from './session.ts';
import { median, ms, ratio, summary, timed, type Row } from './stats.ts';

const RUNS = 50;
const WARM_UP = 3;
const MICRO_RUNS = 500;

interface Side {
  session: Session;
  accountId: string;
  dir: string;
  ms: number[];
}

async function side(emulator: RemoteEmulator, dpop: boolean): Promise<Side> {
  const config = { ...benchConfig(emulator, 'ios', benchKeychainService()), dpop };
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-dpop-'));
  const session = await openSession(config, fileMetadata(dir));
  if (session.core.storage().kind !== 'keychain') {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
    throw new Error('no keychain: run the benchmark under scripts/with-keyring.sh');
  }
  const result = await completeFlow(session, () => session.core.signIn());
  expectSignedIn(result);
  if (!result.ok) throw new Error('unreachable');
  if (session.core.boundToThisComputer?.(result.account.id) !== dpop) {
    throw new Error('the sign-in is not bound as configured');
  }
  return { session, accountId: result.account.id, dir, ms: [] };
}

async function refreshOnce(s: Side, record: boolean): Promise<void> {
  const client = await s.session.core.clientFor(s.accountId);
  const { ms: elapsed } = await timed(() => client.refreshAccessToken());
  if (record) s.ms.push(elapsed);
}

/** Median time of `work` over MICRO_RUNS runs. */
async function micro(work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < MICRO_RUNS; i += 1) times.push((await timed(async () => work())).ms);
  return median(times);
}

export async function measureDpopRefresh(emulator: RemoteEmulator): Promise<Row[]> {
  const bound = await side(emulator, true);
  const bearer = await side(emulator, false);
  try {
    for (let i = 0; i < WARM_UP + RUNS; i += 1) {
      const order = i % 2 === 0 ? [bound, bearer] : [bearer, bound];
      for (const s of order) await refreshOnce(s, i >= WARM_UP);
    }
  } finally {
    for (const s of [bound, bearer]) {
      await signOutAll(s.session).catch(() => undefined);
      await s.session.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
  const key = generateDpopKey();
  const clock = { now: () => Date.now() };
  const keyMs = await micro(() => generateDpopKey());
  const proofMs = await micro(() =>
    createDpopProof(key, { htm: 'POST', url: emulator.endpoints.token }, clock),
  );
  const token = `1//0${'A'.repeat(99)}`;
  const v1 = Buffer.byteLength(encodeRefreshToken(token));
  const v2 = Buffer.byteLength(encodeRefreshToken(token, key.jwk));
  return [
    {
      measurement: 'Refresh, DPoP-bound refresh token (default)',
      figure: summary(bound.ms),
      detail: 'forced refresh through the single-flight path: a new ES256 proof, POST, checks',
    },
    {
      measurement: 'Refresh, bearer refresh token (DPoP off)',
      figure: summary(bearer.ms),
      detail: 'the same refresh without a proof (google-auth-library’s transporter)',
    },
    {
      measurement: 'What DPoP adds to a refresh, on / off, medians',
      figure: ratio(median(bound.ms), median(bearer.ms)),
      detail:
        `${ms(median(bound.ms))} vs ${ms(median(bearer.ms))} ` +
        `(${ms(median(bound.ms) - median(bearer.ms))}); runs interleaved; the emulator verifies ` +
        `each proof and records its jti`,
    },
    {
      measurement: 'DPoP parts alone: P-256 key pair / one ES256 proof',
      figure: `${ms(keyMs)} / ${ms(proofMs)}`,
      detail: `medians of ${MICRO_RUNS} runs each (node:crypto key pair; node:crypto ES256 signature)`,
    },
    {
      measurement: 'Keychain entry, bearer (v1) / DPoP-bound (v2)',
      figure: `${v1} B / ${v2} B`,
      detail: 'a 102-character Google-style refresh token; Windows caps an entry at 2,560 bytes',
    },
  ];
}
