/**
 * Latchkey behind a company's proxy, in Node: the real auth core and service over the Node
 * network port (main/net/node.ts) configured as a person's shell would — `HTTPS_PROXY` with the
 * proxy sign-in in it — against a test Google that no DNS knows: the emulator serves HTTPS under
 * `oauth2.googleapis.test` with a test CA, listens on 127.0.0.1 only, and answers only to that
 * name. The one way there is a local proxy that maps the name to it (test/helpers/proxy.ts), so
 * any request that did not go through the proxy fails; and each request the emulator saw is
 * matched to a tunnel the proxy opened (the port of the connection's other end).
 *
 * The "browser" leg (Google's sign-in and consent pages) runs in Chromium through the same proxy,
 * signing in to it after its 407 as a browser does; the redirect to the app's loopback address
 * goes straight to 127.0.0.1 (Chromium's default bypass; Playwright's own proxy setup would send
 * loopback through the proxy too unless told).
 *
 * When the way to Google fails — a wrong proxy password, a TLS-inspecting proxy whose CA this
 * computer does not trust, a proxy that refuses, a proxy that is down — the person reads the
 * network port's one sentence (main/net/network.ts), at sign-in and on a Calendar call, and the
 * log has it once, with no credential or token in it.
 */
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Handlers } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';
import { FEATURE_SCOPES } from '../../common/features.ts';
import { createAuthCore } from '../../main/auth/index.ts';
import { MESSAGES } from '../../main/auth/errors.ts';
import type { AuthConfig, AuthCore } from '../../main/auth/types.ts';
import { loadConfig } from '../../main/app/config.ts';
import { createService } from '../../main/app/service.ts';
import { createLogger } from '../../main/log/log.ts';
import {
  networkProblemMessage,
  networkProblemOf,
  type NetworkPort,
} from '../../main/net/network.ts';
import { createNodeNetwork, type NodeNetwork } from '../../main/net/node.ts';
import { createVault } from '../../main/vault/index.ts';
import type { RetryPolicy } from '../../main/google/retry.ts';
import { startEmulator, type Emulator, type EmulatorRequest } from '../../emulator/index.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { testClock, type TestClock } from '../helpers/clock.ts';
import { completeConsent } from '../helpers/consent.ts';
import { memoryStore } from '../helpers/memory.ts';
import { deadPort, startProxy, type ProxyCredentials, type TestProxy } from '../helpers/proxy.ts';
import { createTestCa, type TestCa } from '../helpers/test-ca.ts';

/** The test Google's name: only the proxies resolve it. */
const GOOGLE = 'oauth2.googleapis.test';
const TUNNEL = `${GOOGLE}:443`;
const CREDENTIALS: ProxyCredentials = {
  username: 'ada.lovelace',
  password: 'Analytical-Engine-1843',
};
const WRONG: ProxyCredentials = { ...CREDENTIALS, password: 'Difference-Engine-1822' };
const INSPECTION_ORG = 'Acme Corp TLS Inspection';
const EMAIL = 'ada@example.com';
const FAST_POLICY: RetryPolicy = {
  transientRetries: 1,
  networkRetries: 1,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxTotalWaitMs: 200,
};

/** The app's requests to Google (the rest is the browser's: the sign-in and consent pages). */
const APP_PATHS = [
  /^\/token$/,
  /^\/revoke$/,
  /^\/oauth2\/v3\/certs$/,
  /^\/calendar\/v3\//,
  /^\/drive\/v3\//,
  /^\/tasks\/v1\//,
];

/** Every line the app's redacting logger wrote. */
const logLines: string[] = [];
const logger = createLogger({
  stream: { write: (line: string) => logLines.push(line) },
  format: 'json',
});

let googleCa: TestCa;
let inspectionCa: TestCa;
let emulator: Emulator;
const seen: EmulatorRequest[] = [];
let authProxy: TestProxy;
let inspectingProxy: TestProxy;
let refusingProxy: TestProxy;
let deadProxy: string;
let browser: Browser;
let config: AuthConfig;
const apps: App[] = [];

interface App {
  core: AuthCore;
  handlers: Handlers;
  clock: TestClock;
  /** Every request to Google goes through this port from now on (a changed proxy setting). */
  use(network: NodeNetwork): void;
  /** The proxy the browser leg goes through. */
  browserProxy: TestProxy;
  close(): Promise<void>;
}

const networks: NodeNetwork[] = [];
/** A Node network port as the person's environment configures it. */
function network(env: NodeJS.ProcessEnv, extraCa: string[]): NodeNetwork {
  const created = createNodeNetwork({ env, extraCa });
  networks.push(created);
  return created;
}

/** The authorization URLs the core asked to open, handed to the test that waits for one. */
let waiting: Array<(url: string) => void> = [];
function nextOpened(): Promise<string> {
  return new Promise((resolve) => waiting.push(resolve));
}

async function startApp(first: NodeNetwork, browserProxy: TestProxy = authProxy): Promise<App> {
  let current: NetworkPort = first.fetch;
  const clock = testClock();
  const metadata = memoryStore();
  const vault = await createVault({
    service: 'dev.latchkey.test.proxy',
    logger,
    memoryOnlyReason: 'the proxy tests keep nothing',
  });
  const core = createAuthCore({
    config,
    vault,
    metadata,
    logger,
    clock,
    fetch: (input, init) => current(input, init),
    openExternal: async (url) => {
      const handlers = waiting;
      waiting = [];
      for (const handle of handlers) handle(url);
    },
  });
  await core.restore();
  const service = createService(core, { metadata, logger, policy: FAST_POLICY });
  const app: App = {
    core,
    handlers: service.handlers,
    clock,
    browserProxy,
    use(next) {
      current = next.fetch;
    },
    async close() {
      service.dispose();
      await core.dispose();
    },
  };
  apps.push(app);
  return app;
}

/** Runs a flow started by `begin`, signing in and consenting in Chromium through the app's proxy. */
async function withConsent<T>(app: App, begin: () => Promise<T>): Promise<T> {
  const opened = nextOpened();
  const outcome = begin();
  const context = await browser.newContext({
    proxy: {
      server: app.browserProxy.origin,
      ...CREDENTIALS,
      // As a system browser does by default: the loopback redirect goes straight to the app.
      bypass: '127.0.0.1',
    },
    // The browser's trust is not under test here (the app's is).
    ignoreHTTPSErrors: true,
  });
  try {
    const url = await Promise.race([opened, outcome.then(() => null)]);
    if (url !== null) await completeConsent(await context.newPage(), url, { email: EMAIL });
    return await outcome;
  } finally {
    await context.close();
  }
}

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** What the emulator saw since `from` that did not come through one of `proxy`'s tunnels. */
function bypassed(proxy: TestProxy, from = 0): EmulatorRequest[] {
  return seen
    .slice(from)
    .filter(
      (request) => request.remotePort === undefined || !proxy.upstreamPorts.has(request.remotePort),
    );
}

const basic = (credentials: ProxyCredentials): string =>
  Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');

beforeAll(async () => {
  googleCa = await createTestCa('Latchkey Test Google');
  inspectionCa = await createTestCa(INSPECTION_ORG);
  emulator = await startEmulator({
    port: 0,
    googleStrict: true,
    https: { name: GOOGLE, ...(await googleCa.issue([GOOGLE])) },
    onRequest: (request) => seen.push(request),
  });
  config = loadConfig({}, { demo: emulator });
  const routes = { [TUNNEL]: { host: '127.0.0.1', port: emulator.port } };
  authProxy = await startProxy({ routes, credentials: CREDENTIALS, realm: 'Example Corp' });
  inspectingProxy = await startProxy({
    routes,
    credentials: CREDENTIALS,
    inspect: { ca: inspectionCa, upstreamCa: googleCa.cert },
  });
  refusingProxy = await startProxy({ routes, refuseWith: 403 });
  deadProxy = `http://127.0.0.1:${await deadPort()}`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const created of networks) await created.close();
  await browser?.close();
  await Promise.all([authProxy, inspectingProxy, refusingProxy].map((proxy) => proxy?.close()));
  await emulator?.close();
  // Nothing token-like, no proxy password (plain or as its Basic header) in anything logged.
  const text = logLines.join('\n');
  for (const secret of [
    ...emulator.secretsSeen(),
    emulator.clients.desktop.clientSecret,
    CREDENTIALS.password,
    WRONG.password,
    basic(CREDENTIALS),
    basic(WRONG),
  ].filter((value) => value.length >= 8)) {
    expect(text.includes(secret), 'a secret reached the log').toBe(false);
  }
});

describe('the test Google behind a proxy', () => {
  it('is reachable only through the proxy: its name resolves nowhere, its port answers only to that name', async () => {
    const before = seen.length;
    const direct = network({}, [googleCa.cert]);
    const error = await direct.fetch(`https://${GOOGLE}/.well-known/openid-configuration`).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Error);
    // Not a proxy or certificate problem: the name is simply unknown (the generic message).
    expect(networkProblemOf(error)).toBeNull();
    expect(JSON.stringify((error as Error & { cause?: { code?: string } }).cause?.code)).toMatch(
      /ENOTFOUND|EAI_AGAIN/,
    );
    expect(seen.length).toBe(before);

    // Straight to its port (with its certificate trusted), under any other name: refused.
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest(
        {
          host: '127.0.0.1',
          port: emulator.port,
          path: '/.well-known/openid-configuration',
          servername: GOOGLE,
          ca: googleCa.cert,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject).end();
    });
    expect(status).toBe(421);
  });
});

describe('through an authenticating proxy', () => {
  it('signs in, refreshes, loads Calendar, Drive and Tasks and signs out; every request to Google went through the proxy', async () => {
    const from = seen.length;
    authProxy.reset();
    emulator.resetStats();
    // Short-lived access tokens, so the core's clock (not the library's) says when one is due.
    emulator.setAccessTokenTtl(60);
    onTestFinished(() => emulator.setAccessTokenTtl(3600));
    const app = await startApp(
      network({ HTTPS_PROXY: authProxy.url(CREDENTIALS) }, [googleCa.cert]),
    );

    const account = expectOk(await withConsent(app, () => app.handlers.auth.signIn(undefined)));
    expect(account.email).toBe(EMAIL);
    for (const feature of ['calendar', 'drive', 'tasks'] as const) {
      const connected = expectOk(
        await withConsent(app, () => app.handlers.features.connect({ feature })),
      );
      expect(connected.grantedScopes).toContain(FEATURE_SCOPES[feature]);
    }
    const agenda = expectOk(await app.handlers.calendar.upcoming(undefined));
    expect(agenda.events.length).toBeGreaterThan(0);
    expect(expectOk(await app.handlers.drive.recent(undefined)).files.length).toBeGreaterThan(0);
    expect(expectOk(await app.handlers.tasks.open(undefined)).lists.length).toBeGreaterThan(0);

    // A minute later (for the core: its clock moves; the access token is due): one refresh.
    const tokensBefore = emulator.stats().requests.token ?? 0;
    app.clock.advance(60_000);
    expectOk(await app.handlers.calendar.upcoming(undefined));
    expect(emulator.stats().requests.token).toBe(tokensBefore + 1);

    const outcome = expectOk(await app.handlers.auth.signOut({ accountId: account.id }));
    expect(outcome.revoked).toBe(true);

    const stats = emulator.stats().requests;
    expect(stats.token).toBeGreaterThanOrEqual(5); // the sign-in, three consents, a refresh
    expect(stats.revoke).toBe(1);
    expect(stats['calendar.events']).toBe(2);
    expect(stats['drive.files']).toBeGreaterThanOrEqual(1);
    expect(stats['tasks.lists']).toBeGreaterThanOrEqual(1);

    // Every request the emulator saw came through one of this proxy's tunnels — the app's (token,
    // refresh, revoke, keys, APIs) and the browser's (sign-in and consent pages) alike.
    const requests = seen.slice(from);
    for (const path of APP_PATHS) {
      expect(
        requests.some((request) => path.test(request.path)),
        `${path}`,
      ).toBe(true);
    }
    expect(bypassed(authProxy, from)).toEqual([]);
    expect(requests.every((request) => request.host === GOOGLE)).toBe(true);
    // The proxy opened tunnels to the test Google only (Chromium's own background requests, to
    // names it cannot resolve, were answered 502); nothing went through it in the clear (the
    // loopback redirect went straight to the app).
    const opened = authProxy.connects.filter((connect) => connect.status === 200);
    expect(new Set(opened.map((connect) => connect.target))).toEqual(new Set([TUNNEL]));
    expect(authProxy.plainRequests).toEqual([]);
    // The browser asked without credentials first and was told 407; the app's port sends its
    // credentials with every tunnel request and never sent wrong ones.
    expect(
      authProxy.connects.some((connect) => !connect.sentCredentials && connect.status === 407),
    ).toBe(true);
    expect(authProxy.connects.filter((c) => c.sentCredentials && !c.authorized)).toEqual([]);
  });

  it('never sends loopback through the proxy, with HTTPS_PROXY and HTTP_PROXY set', async () => {
    const local: Server = createServer((req, res) => res.end(`direct ${req.headers.host}`));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    const { port } = local.address() as AddressInfo;
    authProxy.reset();
    try {
      const proxied = network(
        { HTTPS_PROXY: authProxy.url(CREDENTIALS), HTTP_PROXY: authProxy.url(CREDENTIALS) },
        [],
      );
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
        const response = await proxied.fetch(`http://${host}/`);
        expect(await response.text()).toBe(`direct ${host}`);
      }
      expect(authProxy.connects).toEqual([]);
      expect(authProxy.plainRequests).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => local.close(() => resolve()));
    }
  });
});

/** The sentence for `kind` with the test Google as host. */
const credentialsSentence = (proxy: TestProxy): string =>
  networkProblemMessage('proxy-credentials', {
    host: GOOGLE,
    proxy: `127.0.0.1:${proxy.port}`,
    status: 407,
  });
const certificateSentence = networkProblemMessage('certificate', {
  host: GOOGLE,
  issuer: INSPECTION_ORG,
});
const refusedSentence = (proxy: TestProxy): string =>
  networkProblemMessage('proxy-refused', {
    host: GOOGLE,
    proxy: `127.0.0.1:${proxy.port}`,
    status: 403,
  });
const unreachableSentence = (): string =>
  networkProblemMessage('proxy-unreachable', { host: GOOGLE, proxy: new URL(deadProxy).host });

/**
 * A sign-in whose browser leg works (the person's browser is set up for the proxy) while the
 * app's port meets `way`: it fails with exactly `sentence`, logged once, and no code exchange
 * reached Google.
 */
async function failedSignIn(way: NodeNetwork, sentence: string): Promise<void> {
  const app = await startApp(way);
  const tokensBefore = emulator.stats().requests.token ?? 0;
  const linesBefore = logLines.length;
  const result = await withConsent(app, () => app.handlers.auth.signIn(undefined));
  expect(result).toEqual({
    ok: false,
    error: expect.objectContaining({ code: 'NETWORK', message: sentence }),
  });
  expect(sentence).not.toBe(MESSAGES.network);
  expect(emulator.stats().requests.token ?? 0).toBe(tokensBefore);
  expect(logLines.slice(linesBefore).filter((line) => line.includes(sentence))).toHaveLength(1);
  expect(app.core.accounts()).toEqual([]);
}

describe('a sign-in when the way to Google fails', () => {
  it('a wrong proxy password: the proxy-credentials sentence, not "Google could not be reached"', async () => {
    authProxy.reset();
    await failedSignIn(
      network({ HTTPS_PROXY: authProxy.url(WRONG) }, [googleCa.cert]),
      credentialsSentence(authProxy),
    );
    // The proxy was asked with the wrong password and said 407.
    expect(
      authProxy.connects.some((c) => c.sentCredentials && !c.authorized && c.status === 407),
    ).toBe(true);
  });

  it('a TLS-inspecting proxy whose CA this computer does not trust: the certificate sentence names its organization', async () => {
    inspectingProxy.reset();
    await failedSignIn(
      network({ HTTPS_PROXY: inspectingProxy.url(CREDENTIALS) }, [googleCa.cert]),
      certificateSentence,
    );
    // The diagnostic handshake went through the proxy too, signed in to it like every tunnel.
    expect(inspectingProxy.connects.length).toBeGreaterThanOrEqual(2);
    expect(inspectingProxy.connects.every((c) => c.authorized && c.status === 200)).toBe(true);
    // The app stopped at the handshake: no request of it was ever sent inside a tunnel.
    expect(inspectingProxy.inspected).toEqual([]);
  });

  it('a proxy that refuses (403): the proxy-refused sentence', async () => {
    await failedSignIn(
      network({ HTTPS_PROXY: refusingProxy.url() }, [googleCa.cert]),
      refusedSentence(refusingProxy),
    );
  });

  it('a proxy that is down: the proxy-unreachable sentence', async () => {
    await failedSignIn(network({ HTTPS_PROXY: deadProxy }, [googleCa.cert]), unreachableSentence());
  });
});

describe('a Calendar call when the way to Google fails', () => {
  let app: App;
  let working: NodeNetwork;

  beforeAll(async () => {
    working = network({ HTTPS_PROXY: authProxy.url(CREDENTIALS) }, [googleCa.cert]);
    app = await startApp(working);
    expectOk(await withConsent(app, () => app.handlers.auth.signIn(undefined)));
    expectOk(await withConsent(app, () => app.handlers.features.connect({ feature: 'calendar' })));
    expectOk(await app.handlers.calendar.upcoming(undefined));
  });

  afterAll(async () => {
    app.use(working);
    for (const account of app.core.accounts()) await app.core.signOut(account.id);
  });

  /** The agenda fails with exactly `sentence`, logged once; then works again on the good way. */
  async function failedAgenda(way: NodeNetwork, sentence: string): Promise<void> {
    const linesBefore = logLines.length;
    app.use(way);
    const result = await app.handlers.calendar.upcoming(undefined);
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'NETWORK', message: sentence, retryable: true }),
    });
    expect(logLines.slice(linesBefore).filter((line) => line.includes(sentence))).toHaveLength(1);
    app.use(working);
    expectOk(await app.handlers.calendar.upcoming(undefined));
  }

  it('a wrong proxy password (asked once: a retry would meet the same password)', async () => {
    authProxy.reset();
    await failedAgenda(
      network({ HTTPS_PROXY: authProxy.url(WRONG) }, [googleCa.cert]),
      credentialsSentence(authProxy),
    );
    expect(authProxy.connects.filter((c) => c.status === 407)).toHaveLength(1);
  });

  it('a TLS-inspecting proxy whose CA is not trusted', async () => {
    await failedAgenda(
      network({ HTTPS_PROXY: inspectingProxy.url(CREDENTIALS) }, [googleCa.cert]),
      certificateSentence,
    );
  });

  it('a proxy that refuses', async () => {
    await failedAgenda(
      network({ HTTPS_PROXY: refusingProxy.url() }, [googleCa.cert]),
      refusedSentence(refusingProxy),
    );
  });

  it('a proxy that is down', async () => {
    await failedAgenda(network({ HTTPS_PROXY: deadProxy }, [googleCa.cert]), unreachableSentence());
  });
});

describe('through a TLS-inspecting proxy with its CA installed', () => {
  it('signs in, loads Calendar and Drive and signs out, every request inspected on its way', async () => {
    const from = seen.length;
    inspectingProxy.reset();
    emulator.resetStats();
    // As a company installs its inspection CA: that certificate alone is added to the trusted
    // ones (the test Google's own CA is not: the proxy is what the app talks TLS to).
    const app = await startApp(
      network({ HTTPS_PROXY: inspectingProxy.url(CREDENTIALS) }, [inspectionCa.cert]),
      inspectingProxy,
    );
    const account = expectOk(await withConsent(app, () => app.handlers.auth.signIn(undefined)));
    for (const feature of ['calendar', 'drive'] as const) {
      expectOk(await withConsent(app, () => app.handlers.features.connect({ feature })));
    }
    expect(expectOk(await app.handlers.calendar.upcoming(undefined)).events.length).toBeGreaterThan(
      0,
    );
    expect(expectOk(await app.handlers.drive.recent(undefined)).files.length).toBeGreaterThan(0);
    expect(expectOk(await app.handlers.auth.signOut({ accountId: account.id })).revoked).toBe(true);

    expect(bypassed(inspectingProxy, from)).toEqual([]);
    // The proxy read the app's requests in the clear (it is what it says it is).
    for (const line of [
      'POST /token',
      'GET /oauth2/v3/certs',
      'GET /calendar/v3/calendars/primary/events',
      'GET /drive/v3/files',
      'POST /revoke',
    ]) {
      expect(inspectingProxy.inspected, line).toContain(line);
    }
  });
});
