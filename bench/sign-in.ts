/**
 * Sign-in, from the redirect delivered to signed in: Latchkey's redirect check, code exchange with
 * the PKCE verifier, id_token check (signature against the JWKS, iss, aud, exp, nonce), keychain
 * write and account metadata write — against AppAuth-JS doing the same code exchange (its TokenRequest with the
 * code_verifier, BaseTokenRequestHandler over its NodeRequestor) after the state and iss checks
 * its redirect handler leaves to the app. AppAuth-JS checks no id_token and stores nothing.
 *
 * The clients' runs are interleaved (one of each per round), so a change in the machine's load
 * falls on all of them alike. The same-work ratio takes Latchkey's keychain and metadata writes
 * (timed where they happen) out of its runs, and compares its DPoP-off runs: AppAuth-JS makes no
 * DPoP proof, so that is the same work; what DPoP adds is its own row.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppAuth } from './appauth.ts';
import { consentOverHttp } from './consent.ts';
import type { TokenTimings } from '../emulator/state.ts';
import { createDpopProof, exchangeJti, generateDpopKey } from '../main/auth/tokens/dpop.ts';
import { requestsBetween, total, type RemoteEmulator } from './emulator.ts';
import {
  benchConfig,
  benchKeychainService,
  deliver,
  EMAIL,
  expectSignedIn,
  fileMetadata,
  openSession,
  signOutAll,
  untilRedirect,
} from './session.ts';
import { median, ms, ratio, summary, timed, type Row } from './stats.ts';

/** Timed runs per client, after untimed warm-up runs (first JWKS fetch, JIT, connections). */
const RUNS = 50;
const WARM_UP = 3;

interface Runs {
  ms: number[];
  /** Requests each run made (warm-up runs included), e.g. "1 (token)". */
  requests: string[];
  /** Per timed run: keychain writes and metadata (conf file) writes, count and time. */
  keychainWrites: number[];
  keychainMs: number[];
  metadataWrites: number[];
  metadataMs: number[];
}

function noRuns(): Runs {
  return {
    ms: [],
    requests: [],
    keychainWrites: [],
    keychainMs: [],
    metadataWrites: [],
    metadataMs: [],
  };
}

function describeRequests(requests: string[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${what} in ${n} of ${requests.length} runs`).join(', ');
}

function label(made: Partial<Record<string, number>>): string {
  const parts = Object.entries(made).map(([name, n]) => (n === 1 ? name : `${n}×${name}`));
  return `${total(made)} (${parts.join(' + ') || 'none'})`;
}

/**
 * One client under measurement: `once` runs one sign-in and records it when `record` is set
 * (warm-up runs are not recorded).
 */
interface Contender {
  runs: Runs;
  once(record: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Latchkey's sign-in with one client type (DPoP on, the default, unless `dpop` is false). */
async function latchkeyContender(
  emulator: RemoteEmulator,
  kind: 'desktop' | 'ios',
  dpop = true,
): Promise<Contender> {
  const config = { ...benchConfig(emulator, kind, benchKeychainService()), dpop };
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-'));
  const session = await openSession(config, fileMetadata(dir));
  const close = async (): Promise<void> => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  };
  if (session.core.storage().kind !== 'keychain') {
    await close();
    throw new Error('no keychain: run the benchmark under scripts/with-keyring.sh');
  }
  const runs = noRuns();
  return {
    runs,
    async once(record) {
      const { redirect, result } = await untilRedirect(session, () => session.core.signIn());
      const before = await emulator.stats();
      const io = { ...session.io };
      const { ms: elapsed, value } = await timed(async () => {
        const delivered = deliver(session.core, redirect);
        expectSignedIn(await result);
        return { delivered };
      });
      // The loopback page's answer (sent once signed in) is not part of the figure.
      await value.delivered;
      runs.requests.push(label(requestsBetween(before, await emulator.stats())));
      if (record) {
        runs.ms.push(elapsed);
        runs.keychainWrites.push(session.io.keychainWrites - io.keychainWrites);
        runs.keychainMs.push(session.io.keychainMs - io.keychainMs);
        runs.metadataWrites.push(session.io.metadataWrites - io.metadataWrites);
        runs.metadataMs.push(session.io.metadataMs - io.metadataMs);
      }
    },
    async close() {
      try {
        await signOutAll(session);
      } finally {
        await close();
      }
    },
  };
}

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** AppAuth-JS's code exchange with the iOS-type client (no secret). */
async function appAuthContender(emulator: RemoteEmulator): Promise<Contender> {
  const appauth = await loadAppAuth();
  const { ios } = emulator.clients;
  const configuration = new appauth.AuthorizationServiceConfiguration({
    authorization_endpoint: emulator.endpoints.authorization,
    token_endpoint: emulator.endpoints.token,
    revocation_endpoint: emulator.endpoints.revoke,
    userinfo_endpoint: emulator.endpoints.userinfo,
  });
  const handler = new appauth.BaseTokenRequestHandler(new appauth.NodeRequestor());
  const runs = noRuns();
  return {
    runs,
    async once(record) {
      const pkce = pkcePair();
      const state = randomBytes(16).toString('base64url');
      const url = new URL(emulator.endpoints.authorization);
      url.search = new URLSearchParams({
        client_id: ios.clientId,
        redirect_uri: ios.redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state,
        nonce: randomBytes(16).toString('base64url'),
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
        access_type: 'offline',
        prompt: 'consent',
      }).toString();
      const redirect = await consentOverHttp(url.href, EMAIL);
      const before = await emulator.stats();
      const { ms: elapsed } = await timed(async () => {
        const params = new URL(redirect).searchParams;
        if (params.get('state') !== state || params.get('iss') !== emulator.issuer) {
          throw new Error('AppAuth run: the redirect does not match the request');
        }
        const request = new appauth.TokenRequest({
          grant_type: appauth.GRANT_TYPE_AUTHORIZATION_CODE,
          code: params.get('code') ?? '',
          redirect_uri: ios.redirectUri,
          client_id: ios.clientId,
          extras: { code_verifier: pkce.verifier },
        });
        const response = await handler.performTokenRequest(configuration, request);
        if (!response.accessToken || !response.idToken) throw new Error('AppAuth run: no tokens');
      });
      runs.requests.push(label(requestsBetween(before, await emulator.stats())));
      if (record) runs.ms.push(elapsed);
    },
    close: async () => {},
  };
}

/**
 * Runs every contender WARM_UP + RUNS times, interleaved: round i runs each once, in an order
 * rotated by i. On a shared machine the load changes from second to second; interleaving puts
 * every client under the same load, which back-to-back series do not.
 */
async function interleaved(contenders: Contender[]): Promise<void> {
  for (let i = 0; i < WARM_UP + RUNS; i += 1) {
    for (let k = 0; k < contenders.length; k += 1) {
      await (contenders[(i + k) % contenders.length] as Contender).once(i >= WARM_UP);
    }
  }
}

function io(runs: Runs): string {
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  return (
    `keychain writes ${sum(runs.keychainWrites)} (median ${ms(median(runs.keychainMs))} per run), ` +
    `metadata file writes ${sum(runs.metadataWrites)} (median ${ms(median(runs.metadataMs))} per run)`
  );
}

/** Each run's time less the time its keychain and metadata writes took. */
function withoutWrites(runs: Runs): number[] {
  return runs.ms.map((t, i) => t - (runs.keychainMs[i] ?? 0) - (runs.metadataMs[i] ?? 0));
}

/** The sign-in rows of the table. */
export async function measureSignIn(emulator: RemoteEmulator): Promise<Row[]> {
  const contenders = [
    await latchkeyContender(emulator, 'ios'),
    await latchkeyContender(emulator, 'desktop'),
    await appAuthContender(emulator),
    await latchkeyContender(emulator, 'ios', false),
  ];
  await emulator.resetStats();
  let timings: TokenTimings;
  try {
    await interleaved(contenders);
    // Read before the sign-outs; every token request so far is a code exchange (with a proof:
    // Latchkey with DPoP; without: Latchkey with DPoP off, AppAuth-JS).
    timings = await emulator.tokenTimings();
  } finally {
    for (const contender of contenders) await contender.close();
  }

  const [scheme, loopback, appauth, bearer] = contenders.map((c) => c.runs) as [
    Runs,
    Runs,
    Runs,
    Runs,
  ];
  const split = dpopSplit(timings, scheme, bearer, emulator.endpoints.token);
  return [
    {
      measurement: 'Sign-in, redirect → signed in (Latchkey, custom-scheme redirect)',
      figure: summary(scheme.ms),
      detail:
        `redirect check, code exchange, id_token check, keychain + metadata writes; ` +
        `round trips: ${describeRequests(scheme.requests)}; ${io(scheme)}`,
    },
    {
      measurement: 'Sign-in, redirect → signed in (Latchkey, loopback redirect)',
      figure: summary(loopback.ms),
      detail:
        `the same, plus the browser’s GET to the loopback listener; ` +
        `round trips: ${describeRequests(loopback.requests)}; ${io(loopback)}`,
    },
    {
      measurement: 'Code exchange (AppAuth-JS 1.4, same iOS client, same emulator)',
      figure: summary(appauth.ms),
      detail:
        `state + iss check, TokenRequest with code_verifier → TokenResponse; no id_token check, ` +
        `stores nothing; round trips: ${describeRequests(appauth.requests)}`,
    },
    {
      measurement: 'Sign-in ratio, Latchkey (custom scheme) / AppAuth-JS, medians',
      figure: ratio(median(scheme.ms), median(appauth.ms)),
      detail: `Latchkey’s extra work: id_token verification, keychain write, metadata file write`,
    },
    {
      measurement: 'Sign-in same-work ratio, no keychain/metadata writes (target ≤ ×1.5)',
      figure: ratio(median(withoutWrites(bearer)), median(appauth.ms)),
      detail:
        `Latchkey (custom scheme, DPoP off: AppAuth-JS makes no proof either) less its keychain ` +
        `and metadata writes, medians: redirect check, code exchange and id_token check ` +
        `${ms(median(withoutWrites(bearer)))} per run, AppAuth-JS ${ms(median(appauth.ms))}; ` +
        `with DPoP (the default) ${ms(median(withoutWrites(scheme)))} ` +
        `(${ratio(median(withoutWrites(scheme)), median(appauth.ms))}); runs interleaved`,
    },
    {
      measurement: 'Sign-in, redirect → signed in (Latchkey, custom scheme, DPoP off)',
      figure: summary(bearer.ms),
      detail:
        `LATCHKEY_DPOP=off: a bearer refresh token, no key pair, no proof; ` +
        `round trips: ${describeRequests(bearer.requests)}; ${io(bearer)}`,
    },
    {
      measurement: 'What DPoP adds to a sign-in, on / off, medians',
      figure: ratio(median(scheme.ms), median(bearer.ms)),
      detail:
        `custom scheme, ${ms(median(scheme.ms))} with DPoP (default) vs ${ms(median(bearer.ms))} ` +
        `without: one ES256 proof (the key pair is made ahead), the server's proof check, a larger keychain ` +
        `entry; without the keychain and metadata writes ${ms(median(withoutWrites(scheme)))} vs ` +
        `${ms(median(withoutWrites(bearer)))} ` +
        `(${ratio(median(withoutWrites(scheme)), median(withoutWrites(bearer)))}); runs interleaved`,
    },
    {
      measurement: 'DPoP cost split, sign-in: app / server (medians)',
      figure: `${ms(split.appMs)} / ${ms(split.serverMs)}`,
      detail:
        `app: one ES256 proof ${ms(split.proofMs)} (node:crypto), key pair 0 on the path (made ` +
        `while the person is in the browser; ${ms(split.keyMs)} alone), nonce retries ` +
        `${split.nonceRetries} per sign-in; server: the token endpoint's own answer time with a ` +
        `proof ${ms(median(timings.withProof))} vs without ${ms(median(timings.withoutProof))} ` +
        `(signature, htu/htm/iat, jti recorded); measured difference on/off without writes ` +
        `${ms(median(withoutWrites(scheme)) - median(withoutWrites(bearer)))}`,
    },
  ];
}

/** What DPoP costs a sign-in on the app's side and on the server's, from the runs. */
function dpopSplit(timings: TokenTimings, dpop: Runs, bearer: Runs, tokenUrl: string) {
  const clock = { now: () => Date.now() };
  const key = generateDpopKey();
  const times = (work: () => unknown): number => {
    const all: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const started = performance.now();
      work();
      all.push(performance.now() - started);
    }
    return median(all);
  };
  const proofMs = times(() =>
    createDpopProof(key, { htm: 'POST', url: tokenUrl, jti: exchangeJti('4/0A-code') }, clock),
  );
  const keyMs = times(() => generateDpopKey());
  // Extra token requests of a DPoP sign-in over a bearer one: nonce challenges answered.
  const tokenCount = (label: string): number => {
    const many = /(\d+)×token\b/.exec(label);
    return many ? Number(many[1]) : /\btoken\b/.test(label) ? 1 : 0;
  };
  const tokenRequests = (runs: Runs): number => median(runs.requests.map(tokenCount));
  const nonceRetries = Math.max(0, tokenRequests(dpop) - tokenRequests(bearer));
  const serverMs = Math.max(0, median(timings.withProof) - median(timings.withoutProof));
  return { proofMs, keyMs, nonceRetries, appMs: proofMs, serverMs };
}
