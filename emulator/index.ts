/**
 * The local Google: an OAuth 2.0 / OpenID Connect server on 127.0.0.1 with Google's paths, built
 * on oidc-provider, plus Calendar, Drive and Tasks stand-ins and switches for tests. Used by the
 * tests, by the app's demo mode and by `npm run emulator`. See README.md beside this file.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { EmulatorAccount } from './accounts.ts';
import { seedAccounts } from './accounts.ts';
import { MemoryStore } from './adapter.ts';
import { handleApi } from './apis.ts';
import { handleAvatar } from './avatars.ts';
import { DESKTOP_CLIENT, IOS_CLIENT } from './clients.ts';
import { handleControl } from './control.ts';
import { playFault } from './faults.ts';
import { GrantRegistry } from './grants.ts';
import { BodyTooLarge, sendJson } from './http.ts';
import { handleInteraction } from './interactions.ts';
import { DpopSwitch } from './dpop.ts';
import type { NonceMode } from './dpop-nonces.ts';
import { createProvider, GOOGLE_ROUTES } from './provider.ts';
import type { EmulatorOptions } from './options.ts';
import { announcedRefreshLifetime } from './options.ts';
import { readSavedGoogle, writeSavedGoogle } from './persist.ts';
import { handleRevoke } from './revoke.ts';
import { handleTasksApi, TASKLISTS_PATH, TASKS_PATH } from './tasks-api.ts';
import type { EmulatorStats, EndpointName, Fault, FaultEndpoint, TokenTimings } from './state.ts';
import { EmulatorState } from './state.ts';

export type { EmulatorAccount } from './accounts.ts';
export { CALENDAR_SCOPE, DRIVE_SCOPE, TASKS_SCOPE } from './accounts.ts';
export type { EmulatorStats, EndpointName, Fault } from './state.ts';
export type { EmulatorOptions, EmulatorRequest } from './options.ts';
export { EMULATOR_TEST_ROUTES_ENV, TESTING_MODE_REFRESH_TOKEN_SECONDS } from './options.ts';

/** Where things are; the same shape as the auth core's `Endpoints`. */
export interface EmulatorEndpoints {
  issuer: string;
  authorization: string;
  token: string;
  revoke: string;
  userinfo: string;
  jwks: string;
  /** The same keys as PEM, keyed by `kid` (google-auth-library's `oauth2FederatedSignonPemCertsUrl`). */
  pemCerts: string;
  /** Root URL for the Google API clients (`rootUrl`), with a trailing slash. */
  apiRoot: string;
}

export interface Emulator {
  /**
   * 'http://127.0.0.1:<port>' (or 'https://<name>' with the `https` option), no trailing slash;
   * also the id_token `iss`.
   */
  readonly issuer: string;
  readonly port: number;
  readonly endpoints: EmulatorEndpoints;
  readonly clients: {
    desktop: { clientId: string; clientSecret: string };
    ios: { clientId: string; redirectScheme: string; redirectUri: string };
  };
  readonly accounts: EmulatorAccount[];
  /**
   * With `statePath`: 'kept' (back on its saved port with its grants and tokens), 'moved' (the
   * saved port was taken: a new issuer, so earlier sign-ins are gone) or 'new' (nothing saved).
   * Without: 'new'.
   */
  readonly restored: 'kept' | 'moved' | 'new';
  /** Injects a fault until cleared (null) or until it fired `times` times. */
  setFault(fault: Fault | null): void;
  /** Lifetime of access tokens issued from now on (default 3600 seconds). */
  setAccessTokenTtl(seconds: number): void;
  /**
   * DPoP nonce challenges at the token endpoint (`use_dpop_nonce` + `DPoP-Nonce`): off, on with
   * one nonce at a time (`true`, `'steady'`), or a fresh nonce in every answer (`'rotating'`).
   */
  setDpopNonce(mode: boolean | NonceMode): void;
  /**
   * DPoP at the code exchange: `strict` checks the proof's `jti` is the code's hash (Google's
   * rule); `refuse` refuses every proof there with `invalid_dpop_proof` (a client Google does not
   * bind). Unset fields keep their value.
   */
  setDpop(switches: { strict?: boolean; refuse?: boolean }): void;
  /** Server-side revocation of everything the account granted; returns the number of grants. */
  revokeGrantsFor(email: string): number;
  stats(): EmulatorStats;
  /** The token endpoint's answer times, with and without a DPoP proof (reset with the stats). */
  tokenTimings(): TokenTimings;
  resetStats(): void;
  /** Every token, code and PKCE verifier issued or received, for leak scans. */
  secretsSeen(): string[];
  close(): Promise<void>;
}

/** Google's id_token keys as PEM (the JWKS is at GOOGLE_ROUTES.jwks). */
const PEM_CERTS_PATH = '/oauth2/v1/certs';

const COUNTED: Record<string, EndpointName> = {
  '/.well-known/openid-configuration': 'discovery',
  [GOOGLE_ROUTES.authorization]: 'authorize',
  [GOOGLE_ROUTES.token]: 'token',
  '/revoke': 'revoke',
  [GOOGLE_ROUTES.userinfo]: 'userinfo',
  [GOOGLE_ROUTES.jwks]: 'certs',
  [PEM_CERTS_PATH]: 'certs',
  '/calendar/v3/calendars/primary/events': 'calendar.events',
  '/drive/v3/files': 'drive.files',
  [TASKLISTS_PATH]: 'tasks.lists',
};

/** The name a request is counted under, if any (tasks.list has the list's id in its path). */
function countedFor(pathname: string): EndpointName | undefined {
  return COUNTED[pathname] ?? (TASKS_PATH.test(pathname) ? 'tasks.tasks' : undefined);
}

function faultEndpointFor(pathname: string): FaultEndpoint | undefined {
  if (pathname === GOOGLE_ROUTES.token) return 'token';
  if (pathname === '/revoke') return 'revoke';
  if (pathname === GOOGLE_ROUTES.userinfo) return 'userinfo';
  if (
    pathname.startsWith('/calendar/') ||
    pathname.startsWith('/drive/') ||
    pathname.startsWith('/tasks/')
  )
    return 'api';
  return undefined;
}

/**
 * Each authorization request starts without oidc-provider's session cookie, so the person always
 * picks the account on the sign-in page (Google would show its account chooser), and one browser
 * can sign in as different accounts one after the other.
 */
function dropSessionCookie(req: IncomingMessage): void {
  const cookie = req.headers.cookie;
  if (!cookie) return;
  req.headers.cookie = cookie
    .split(';')
    .filter((part) => !part.trim().startsWith('_session'))
    .join(';');
}

/**
 * Google takes a nonce on any request, also an incremental one that asks only for, say, Calendar
 * (include_granted_scopes=true adds the earlier openid grant, and the id_token then carries the
 * nonce). oidc-provider refuses a nonce without the openid scope, so such a nonce travels as
 * `deferred_nonce` until the scopes are merged (see loadExistingGrant in provider.ts).
 */
function deferNonce(req: IncomingMessage, url: URL): void {
  const { searchParams } = url;
  const scopes = (searchParams.get('scope') ?? '').split(' ');
  const nonce = searchParams.get('nonce');
  if (nonce === null || scopes.includes('openid')) return;
  searchParams.delete('nonce');
  searchParams.set('deferred_nonce', nonce);
  req.url = url.pathname + url.search;
}

/**
 * The emulator answers only to its own name, `127.0.0.1:<port>` (or its `https` name): a page on another site that
 * rebinds its DNS name to 127.0.0.1 sends its own name as Host and is refused, on every route.
 * Returns false (and answers) when the Host header is not exactly that.
 */
function hostAllowed(req: IncomingMessage, res: ServerResponse, expected: string): boolean {
  const host = req.headers.host;
  if (host === expected) return true;
  if (host === undefined)
    sendJson(res, 400, { error: 'invalid_request', error_description: 'Host header required.' });
  else
    sendJson(res, 421, { error: 'misdirected_request', error_description: 'Wrong Host header.' });
  return false;
}

/**
 * Listens on 127.0.0.1:`port`. A taken port resolves false (or rejects, when `required`).
 */
function listen(
  server: ReturnType<typeof createServer> | ReturnType<typeof createHttpsServer>,
  port: number,
  required = false,
): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (!required && (error.code === 'EADDRINUSE' || error.code === 'EACCES')) resolve(false);
      else reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Starts an emulator on 127.0.0.1. Pass `testRoutes: true` for the /__emulator/* switches (tests,
 * `npm run emulator`); see {@link EmulatorOptions}.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const refreshLifetime = announcedRefreshLifetime(options);
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.writeHead(503).end();
  };
  const log =
    options.log ??
    ((message: string, fields: Record<string, unknown>) =>
      console.error(`emulator: ${message} ${JSON.stringify(fields)}`));
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    options.onRequest?.({
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0] ?? '',
      host: req.headers.host,
      remotePort: req.socket.remotePort,
    });
    handle(req, res).catch((error: unknown) => {
      // One line: where and what kind, never the stack, the query or the body (they can hold tokens).
      const where = { method: req.method, path: (req.url ?? '').split('?')[0] };
      if (error instanceof BodyTooLarge) {
        log('refused an oversized request body', { ...where, limit: error.message });
        if (!res.headersSent) {
          sendJson(res, 413, { error: 'invalid_request', error_description: 'Request too large' });
        } else res.destroy();
        return;
      }
      log('request failed', {
        ...where,
        error: error instanceof Error ? error.name : typeof error,
      });
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  };
  const server = options.https
    ? createHttpsServer({ cert: options.https.cert, key: options.https.key }, listener)
    : createServer(listener);
  const saved = options.statePath ? readSavedGoogle(options.statePath) : null;
  const wanted = options.port ?? 0;
  // A saved demo Google comes back on its port (its issuer is in every id_token the app holds).
  const onSavedPort = saved !== null && wanted === 0 && (await listen(server, saved.port));
  if (!onSavedPort) await listen(server, wanted, true);
  const { port } = server.address() as AddressInfo;
  const issuer = options.https ? `https://${options.https.name}` : `http://127.0.0.1:${port}`;
  const ownHost = options.https ? options.https.name : `127.0.0.1:${port}`;
  const restored = saved === null ? 'new' : onSavedPort ? 'kept' : 'moved';

  const accounts = seedAccounts(issuer);
  const state = new EmulatorState();
  const store = new MemoryStore();
  const grants = new GrantRegistry(store);
  const strict = options.googleStrict ?? false;
  const dpop = new DpopSwitch(options.dpopNonce ?? (strict ? 'rotating' : false), strict);
  if (saved && onSavedPort) {
    store.load(saved.entries);
    grants.load(saved.grants);
  }
  const { provider, pemCerts, signingKey } = await createProvider({
    dpop,
    issuer,
    accounts,
    state,
    store,
    grants,
    refreshTokenLifetimeSeconds: refreshLifetime,
    refreshLifetimeFor: options.testingMode ? 'beyond-basic' : 'all',
    ...(options.refreshTokenLimit !== undefined
      ? { refreshTokenLimit: options.refreshTokenLimit }
      : {}),
    ...(saved ? { signingKey: saved.signingKey } : {}),
  }).catch(async (error: unknown) => {
    // The port is already open: a provider that cannot start must not leave it listening.
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  });
  const statePath = options.statePath;
  let saving: NodeJS.Immediate | null = null;
  const save = (): void => {
    saving = null;
    if (!statePath) return;
    try {
      writeSavedGoogle(statePath, {
        v: 1,
        port,
        signingKey,
        entries: store.saved(),
        grants: grants.saved(),
      });
    } catch (error) {
      console.error(
        `emulator: could not save the demo Google's state (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  };
  if (statePath) {
    // Changes come in bursts (a grant, then its tokens): one write per burst.
    store.onChange = () => {
      saving ??= setImmediate(save);
    };
    save();
  }
  const providerCallback = provider.callback();

  const emulator: Emulator = {
    issuer,
    port,
    endpoints: {
      issuer,
      authorization: issuer + GOOGLE_ROUTES.authorization,
      token: issuer + GOOGLE_ROUTES.token,
      revoke: `${issuer}/revoke`,
      userinfo: issuer + GOOGLE_ROUTES.userinfo,
      jwks: issuer + GOOGLE_ROUTES.jwks,
      pemCerts: issuer + PEM_CERTS_PATH,
      apiRoot: `${issuer}/`,
    },
    clients: { desktop: { ...DESKTOP_CLIENT }, ios: { ...IOS_CLIENT } },
    accounts,
    restored,
    setFault: (fault) => state.setFault(fault),
    setAccessTokenTtl(seconds) {
      if (!Number.isInteger(seconds) || seconds < 1)
        throw new RangeError('seconds must be a positive integer');
      state.accessTokenTtl = seconds;
    },
    setDpopNonce(mode) {
      dpop.nonces.mode = mode === true ? 'steady' : mode === false ? 'off' : mode;
    },
    setDpop({ strict: beStrict, refuse }) {
      if (beStrict !== undefined) dpop.strict = beStrict;
      if (refuse !== undefined) dpop.refuse = refuse;
    },
    revokeGrantsFor(email) {
      const account = accounts.find((candidate) => candidate.email === email.toLowerCase());
      return account ? grants.revokeAllFor(account.sub) : 0;
    },
    stats: () => state.stats(),
    tokenTimings: () => state.timings(),
    resetStats: () => state.resetStats(),
    secretsSeen: () => state.secretsSeen(),
    close: () =>
      new Promise<void>((resolve) => {
        if (saving) {
          clearImmediate(saving);
          save();
        }
        store.onChange = null;
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  handle = async (req, res) => {
    if (!hostAllowed(req, res, ownHost)) return;
    const url = new URL(req.url ?? '/', issuer);
    const { pathname } = url;
    if (pathname.startsWith('/__emulator/')) {
      // Without testRoutes these paths are simply not there (404), like any unknown path.
      if (!options.testRoutes || !(await handleControl(req, res, pathname, emulator)))
        sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (bearer) state.sawSecret(bearer[1]);
    const counted = countedFor(pathname);
    if (counted) state.countRequest(counted);
    if (pathname === GOOGLE_ROUTES.token) {
      // The server's side of the DPoP cost (bench): the answer time with a proof and without.
      const started = performance.now();
      const withProof = typeof req.headers.dpop === 'string';
      res.once('finish', () => state.noteTokenTime(withProof, performance.now() - started));
    }
    const faultEndpoint = faultEndpointFor(pathname);
    const fault = faultEndpoint && state.takeFault(faultEndpoint);
    if (fault && (await playFault(fault, req, res))) return;

    if (pathname === '/revoke') return handleRevoke(req, res, url, { provider, grants, state });
    if (pathname === PEM_CERTS_PATH)
      return sendJson(res, 200, pemCerts, { 'cache-control': 'public, max-age=3600' });
    if (await handleInteraction(req, res, pathname, { provider, accounts, grants })) return;
    if (await handleApi(req, res, url, { provider, accounts })) return;
    if (await handleTasksApi(req, res, url, { provider, accounts })) return;
    if (handleAvatar(res, pathname, accounts)) return;
    if (pathname === GOOGLE_ROUTES.authorization) {
      dropSessionCookie(req);
      deferNonce(req, url);
    }
    await providerCallback(req, res);
  };

  return emulator;
}
