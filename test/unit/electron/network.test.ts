/**
 * main/electron/network.ts with a fake Electron whose ClientRequest behaves as Electron's source
 * says (electron-mock.ts): the requests' session and options (no cookies, no redirect followed),
 * streamed and capped bodies, AbortSignal, Chromium's net errors as NetworkProblems naming the
 * proxy and the untrusted issuer, and proxy challenges answered through the proxy sign-in.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createElectronNetwork, NETWORK_PARTITION } from '../../../main/electron/network.ts';
import { issuerOf, problemKind, proxyOf } from '../../../main/electron/net-problems.ts';
import {
  guardedFetch,
  readCapped,
  RefusedAnswerError,
} from '../../../main/auth/issuer/guarded-fetch.ts';
import { fetchFormPost } from '../../../main/auth/issuer/form-post.ts';
import { classifyGoogleError } from '../../../main/google/errors.ts';
import { networkProblemMessage, networkProblemOf } from '../../../main/net/network.ts';
import { createProxySignIn } from '../../../main/app/proxy-sign-in.ts';
import { createProxyCredentialStore } from '../../../main/vault/proxy-credentials.ts';
import { createMemoryBackend } from '../../../main/vault/memory-backend.ts';
import { silentLogger } from '../../../main/log/log.ts';
import type { Certificate } from 'electron';
import type { FakeClientRequest, FakeIncomingMessage } from './electron-mock.ts';
import { recorded, resetElectronMock, type FakeSession } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const TOKEN_URL = 'https://oauth2.googleapis.com/token';
const PROXY_INFO = {
  isProxy: true,
  scheme: 'basic',
  host: 'proxy.corp.example',
  port: 3128,
  realm: 'Corp proxy',
};

beforeEach(() => resetElectronMock());

function network() {
  const net = createElectronNetwork({ logger: silentLogger });
  return { net, session: recorded.partitions.get(NETWORK_PARTITION) as FakeSession };
}

/** Waits until the port has made its `n`th request. */
async function nthRequest(n = 1): Promise<FakeClientRequest> {
  await vi.waitFor(() => {
    if (recorded.netRequests.length < n) throw new Error('no request yet');
  });
  return recorded.netRequests[n - 1]!;
}

/** Lets the port answer each request as `answer` says (after it was ended). */
function answerWith(answer: (request: FakeClientRequest) => void): void {
  recorded.netAnswer = answer;
}

function certificate(
  fields: Partial<Certificate> & { issuerOrg?: string; issuerCn?: string },
): Certificate {
  return {
    data: '',
    fingerprint: '',
    issuerName: fields.issuerName ?? fields.issuerCn ?? '',
    issuer: {
      commonName: fields.issuerCn ?? '',
      organizations: fields.issuerOrg ? [fields.issuerOrg] : [],
      organizationUnits: [],
      locality: '',
      state: '',
      country: '',
    },
    issuerCert: fields.issuerCert as Certificate,
    serialNumber: '01',
    subject: {
      commonName: '',
      organizations: [],
      organizationUnits: [],
      locality: '',
      state: '',
      country: '',
    },
    subjectName: fields.subjectName ?? '',
    validExpiry: 0,
    validStart: 0,
  };
}

describe('the Electron network port: requests', () => {
  it('uses its own in-memory session without a cache, and sends no cookies', async () => {
    const { net, session } = network();
    expect(net.session).toBe(session);
    expect(session.partition).toBe(NETWORK_PARTITION);
    expect(NETWORK_PARTITION.startsWith('persist:')).toBe(false);
    expect(session.partitionOptions).toEqual({ cache: false });
    answerWith((request) => request.respondWith(200, '{"ok":true}'));

    const response = await net.fetch(TOKEN_URL, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'r' }),
      headers: { accept: 'application/json', cookie: 'sid=1', 'content-length': '9' },
    });
    expect(await response.json()).toEqual({ ok: true });
    const [request] = recorded.netRequests;
    expect(request!.options).toEqual({
      method: 'POST',
      url: TOKEN_URL,
      session,
      credentials: 'omit',
      redirect: 'manual',
      cache: 'no-store',
    });
    expect(request!.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
    });
    expect(request!.body?.toString()).toBe('grant_type=refresh_token&refresh_token=r');
  });

  it('sends a GET with no body, and gives an answer without a body for 204', async () => {
    const { net } = network();
    answerWith((request) => request.respond(204, { 'x-one': 'a' }));
    const response = await net.fetch('https://www.googleapis.com/calendar/v3/x', {
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
    expect(response.headers.get('x-one')).toBe('a');
    expect(recorded.netRequests[0]!.body).toBeNull();
    expect(recorded.netRequests[0]!.headers.authorization).toBe('Bearer t');
  });

  it('never follows a redirect: the 3xx is the answer, and the guard refuses it', async () => {
    const { net } = network();
    answerWith((request) => request.redirect(307, 'https://evil.example/token'));
    const response = await net.fetch(TOKEN_URL, {
      method: 'POST',
      body: 'a=1',
      redirect: 'follow',
    });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://evil.example/token');
    expect(recorded.netRequests[0]!.options.redirect).toBe('manual');
    expect(recorded.netRequests[0]!.followed).toBe(0);

    // What the core does with every request to Google: refused, nothing sent elsewhere.
    const guarded = guardedFetch(() => net.fetch);
    const refusal = await guarded(TOKEN_URL, { method: 'POST', body: 'a=1' }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RefusedAnswerError);
    expect(refusal).toMatchObject({ reason: 'redirect', status: 307 });
    // The code exchange's own POST sees the 3xx status too, unfollowed.
    const answer = await fetchFormPost(() => net.fetch)(
      TOKEN_URL,
      new URLSearchParams({ code: 'c' }),
      { timeoutMs: 5_000, maxBytes: 1_000 },
    );
    expect(answer.status).toBe(307);
    expect(recorded.netRequests).toHaveLength(3);
    expect(recorded.netRequests.every((request) => request.followed === 0)).toBe(true);
  });

  it('streams the body as Chromium delivers it, asking for more only when read', async () => {
    const { net } = network();
    let message: FakeIncomingMessage | null = null;
    answerWith((request) => {
      message = request.respond(200, { 'content-type': 'application/json' });
    });
    const response = await net.fetch('https://www.googleapis.com/drive/v3/files');
    const reader = response.body!.getReader();
    message!.push(Buffer.from('{"files":'));
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"files":');
    message!.push(Buffer.from('[]}'));
    message!.push(null);
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('[]}');
    expect((await reader.read()).done).toBe(true);
  });

  it('an endless body stops at the cap: the read is cancelled and the request aborted', async () => {
    const { net } = network();
    let message: FakeIncomingMessage | null = null;
    answerWith((request) => {
      message = request.respond(200);
      // Chromium produces a chunk each time the stream asks for one, forever.
      message.onRead = () => message!.push(Buffer.alloc(1024, 0x61));
    });
    const response = await net.fetch('https://www.googleapis.com/userinfo');
    const tooLarge = new Error('too large');
    await expect(readCapped(response.body!, 10 * 1024, () => tooLarge)).rejects.toBe(tooLarge);
    expect(recorded.netRequests[0]!.aborted).toBe(true);
    // What Chromium was asked for ahead of the reader is bounded by the response stream's own
    // buffer (Electron's IncomingMessage is a Node Readable), and nothing more after the cancel.
    const reads = message!.reads;
    expect(reads * 1024).toBeLessThanOrEqual(11 * 1024 + message!.readableHighWaterMark + 1024);
    await new Promise((resolve) => setImmediate(resolve));
    expect(message!.reads).toBe(reads);
    expect(message!.destroyed).toBe(true);
  });

  it('an AbortSignal aborts the request, before the answer and during its body', async () => {
    const { net } = network();
    answerWith(() => undefined);
    const before = new AbortController();
    const pending = net.fetch(TOKEN_URL, { signal: before.signal });
    const request = await nthRequest(1);
    const reason = new DOMException('The operation timed out.', 'TimeoutError');
    before.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(request.aborted).toBe(true);

    let message: FakeIncomingMessage | null = null;
    answerWith((next) => {
      message = next.respond(200);
    });
    const during = new AbortController();
    const response = await net.fetch(TOKEN_URL, { signal: during.signal });
    message!.push(Buffer.from('{"partial":'));
    const reader = response.body!.getReader();
    await reader.read();
    during.abort(reason);
    await expect(reader.read()).rejects.toBe(reason);
    expect(recorded.netRequests[1]!.aborted).toBe(true);

    // Already aborted: no request at all.
    await expect(net.fetch(TOKEN_URL, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(recorded.netRequests).toHaveLength(2);
  });

  it('a failure during the body fails the read once, as fetch’s does', async () => {
    const { net } = network();
    let message: FakeIncomingMessage | null = null;
    answerWith((request) => {
      message = request.respond(200);
    });
    const response = await net.fetch('https://www.googleapis.com/drive/v3/files');
    const reader = response.body!.getReader();
    message!.push(Buffer.from('{"files":'));
    await reader.read();
    // Chromium's URL loader reports it on the answer and on the request.
    message!.destroy(new Error('net::ERR_CONNECTION_RESET'));
    recorded.netRequests[0]!.fail('net::ERR_CONNECTION_RESET');
    const error = (await reader.read().catch((e: unknown) => e)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect((error.cause as Error).message).toBe('net::ERR_CONNECTION_RESET');
  });

  it('any other failure is fetch’s TypeError with the net error as its cause', async () => {
    const { net } = network();
    answerWith((request) => request.fail('net::ERR_NAME_NOT_RESOLVED'));
    const error = (await net.fetch(TOKEN_URL).catch((e: unknown) => e)) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('fetch failed');
    expect((error.cause as Error).message).toBe('net::ERR_NAME_NOT_RESOLVED');
    expect(networkProblemOf(error)).toBeNull();
    // What Google's callers make of it (gaxios wraps it with its config): no answer came back.
    expect(
      classifyGoogleError(Object.assign(new Error('x'), { config: {}, cause: error })),
    ).toEqual({ kind: 'network' });
  });
});

describe('the Electron network port: problems a person can act on', () => {
  const cases = [
    ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy-unreachable'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'proxy-refused'],
    ['net::ERR_PROXY_AUTH_UNSUPPORTED', 'proxy-credentials'],
    ['net::ERR_PROXY_AUTH_REQUESTED', 'proxy-credentials'],
    ['net::ERR_PAC_SCRIPT_FAILED', 'proxy-script'],
    ['net::ERR_MANDATORY_PROXY_CONFIGURATION_FAILED', 'proxy-script'],
  ] as const;

  it.each(cases)('%s is %s, naming the proxy the session uses', async (netError, kind) => {
    const { net, session } = network();
    session.resolvedProxy = 'PROXY proxy.corp.example:3128; DIRECT';
    answerWith((request) => request.fail(netError));
    const error = await net.fetch(TOKEN_URL).catch((e: unknown) => e);
    const problem = networkProblemOf(error);
    expect(problem?.kind).toBe(kind);
    expect(problem?.details).toEqual({
      host: 'oauth2.googleapis.com',
      proxy: 'proxy.corp.example:3128',
    });
    expect(problem?.message).toBe(
      networkProblemMessage(kind, {
        host: 'oauth2.googleapis.com',
        proxy: 'proxy.corp.example:3128',
      }),
    );
    if (kind !== 'proxy-script') expect(problem?.message).toContain('proxy.corp.example:3128');
    expect((problem?.cause as Error).message).toBe(netError);
    expect(session.resolveProxyCalls).toEqual([TOKEN_URL]);
    // Google's callers show that sentence instead of "Google could not be reached".
    expect(
      classifyGoogleError(Object.assign(new Error('x'), { config: {}, cause: error })),
    ).toEqual({ kind: 'network', message: problem?.message });
  });

  it('reads the kinds and the proxy the way Chromium writes them', () => {
    expect(problemKind('net::ERR_CERT_DATE_INVALID')).toBe('certificate');
    expect(problemKind('net::ERR_CERT_COMMON_NAME_INVALID')).toBe('certificate');
    expect(problemKind('net::ERR_CONNECTION_REFUSED')).toBeNull();
    expect(problemKind('Redirect was cancelled')).toBeNull();
    expect(proxyOf('DIRECT')).toBeNull();
    expect(proxyOf('PROXY a.example:8080; PROXY b.example:80; DIRECT')).toBe('a.example:8080');
    expect(proxyOf('HTTPS secure.example:443')).toBe('secure.example:443');
    expect(proxyOf('SOCKS5 [::1]:1080')).toBe('[::1]:1080');
  });

  it('an untrusted certificate names its top issuer, and Chromium’s verdict stands', async () => {
    const { net, session } = network();
    const proc = session.certificateVerifyProc!;
    expect(proc).toBeTypeOf('function');
    const root = certificate({ issuerOrg: 'Example Corp Inspection', issuerCn: 'Inspection Root' });
    const leaf = certificate({ issuerCn: 'Inspection Issuing CA', issuerCert: root });
    const verdicts: number[] = [];
    proc(
      {
        hostname: 'oauth2.googleapis.com',
        certificate: leaf,
        validatedCertificate: leaf,
        isIssuedByKnownRoot: false,
        verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID',
        errorCode: -202,
      },
      (verdict: number) => verdicts.push(verdict),
    );
    expect(verdicts).toEqual([-3]);

    answerWith((request) => request.fail('net::ERR_CERT_AUTHORITY_INVALID'));
    const problem = networkProblemOf(await net.fetch(TOKEN_URL).catch((e: unknown) => e));
    expect(problem?.kind).toBe('certificate');
    expect(problem?.details).toEqual({
      host: 'oauth2.googleapis.com',
      issuer: 'Example Corp Inspection',
    });
    expect(problem?.message).toContain('“Example Corp Inspection”');

    // Trusted again (the company's CA installed): the issuer is no longer named.
    proc(
      {
        hostname: 'oauth2.googleapis.com',
        certificate: leaf,
        validatedCertificate: leaf,
        isIssuedByKnownRoot: false,
        verificationResult: 'OK',
        errorCode: 0,
      },
      (verdict: number) => verdicts.push(verdict),
    );
    expect(verdicts).toEqual([-3, -3]);
    const later = networkProblemOf(await net.fetch(TOKEN_URL).catch((e: unknown) => e));
    expect(later?.details).toEqual({ host: 'oauth2.googleapis.com' });

    net.dispose();
    expect(session.certificateVerifyProc).toBeNull();
  });

  it('names a certificate’s issuer by organization, else common name, never control characters', () => {
    expect(issuerOf(certificate({ issuerCn: 'Only CN' }))).toBe('Only CN');
    expect(issuerOf(certificate({ issuerOrg: 'Evil\u0007 Corp\nInc', issuerCn: 'x' }))).toBe(
      'Evil  Corp Inc',
    );
    expect(issuerOf(certificate({ issuerName: 'Display Name' }))).toBe('Display Name');
  });
});

describe('the Electron network port: proxies that ask for a sign-in', () => {
  function signIn() {
    const backend = createMemoryBackend();
    const store = createProxyCredentialStore({
      service: 'Latchkey.proxy',
      logger: silentLogger,
      backend,
    });
    return { proxySignIn: createProxySignIn({ store, logger: silentLogger }), store };
  }

  it('never answers a server’s own challenge', async () => {
    const { net } = network();
    net.useProxySignIn(signIn().proxySignIn);
    let given: string[] | null = null;
    answerWith((request) => {
      void request.login({ ...PROXY_INFO, isProxy: false }).then((args) => {
        given = args;
        request.respondWith(401, 'no');
      });
    });
    const response = await net.fetch(TOKEN_URL);
    expect(response.status).toBe(401);
    expect(given).toEqual([]);
  });

  it('without a proxy sign-in, a challenge fails as proxy-credentials naming the proxy', async () => {
    const { net } = network();
    answerWith((request) => {
      void request.login(PROXY_INFO).then((args) => {
        expect(args).toEqual([]);
        // What Chromium does once the challenge is cancelled on a CONNECT tunnel.
        request.fail('net::ERR_TUNNEL_CONNECTION_FAILED');
      });
    });
    const problem = networkProblemOf(await net.fetch(TOKEN_URL).catch((e: unknown) => e));
    expect(problem?.kind).toBe('proxy-credentials');
    expect(problem?.details).toEqual({
      host: 'oauth2.googleapis.com',
      proxy: 'proxy.corp.example:3128',
    });
  });

  it('asks in the window, sends the answer, and remembers it once the proxy accepts it', async () => {
    const { net } = network();
    const { proxySignIn, store } = signIn();
    net.useProxySignIn(proxySignIn);
    const sent: string[][] = [];
    answerWith((request) => {
      void request.login(PROXY_INFO).then((args) => {
        sent.push(args);
        request.respondWith(200, '{}');
      });
    });
    const pending = net.fetch(TOKEN_URL);
    await vi.waitFor(() => expect(proxySignIn.current()).not.toBeNull());
    const prompt = proxySignIn.current()!;
    expect(prompt).toMatchObject({
      proxy: 'proxy.corp.example:3128',
      host: 'oauth2.googleapis.com',
      realm: 'Corp proxy',
      scheme: 'basic',
      refused: false,
    });
    expect(await store.list()).toEqual([]);
    proxySignIn.answer({ id: prompt.id, username: 'ada', password: 's3cret', remember: true });
    expect((await pending).status).toBe(200);
    expect(sent).toEqual([['ada', 's3cret']]);
    await vi.waitFor(async () =>
      expect(await store.list()).toEqual([
        { proxy: 'proxy.corp.example:3128', realm: 'Corp proxy', username: 'ada' },
      ]),
    );

    // The next request's challenge is answered silently.
    sent.length = 0;
    expect((await net.fetch(TOKEN_URL)).status).toBe(200);
    expect(sent).toEqual([['ada', 's3cret']]);
    expect(proxySignIn.current()).toBeNull();
  });

  it('Cancel fails the request with the proxy-credentials sentence (a plain-HTTP proxy’s 407)', async () => {
    const { net } = network();
    const { proxySignIn } = signIn();
    net.useProxySignIn(proxySignIn);
    answerWith((request) => {
      void request.login(PROXY_INFO).then(() => {
        // A plain-HTTP proxy's answer once the challenge is cancelled: its own 407.
        request.respondWith(407, 'Proxy Authentication Required');
      });
    });
    const pending = net.fetch('http://www.googleapis.com/x').catch((e: unknown) => e);
    await vi.waitFor(() => expect(proxySignIn.current()).not.toBeNull());
    proxySignIn.answer({ id: proxySignIn.current()!.id, cancel: true });
    const problem = networkProblemOf(await pending);
    expect(problem?.kind).toBe('proxy-credentials');
    expect(problem?.details.proxy).toBe('proxy.corp.example:3128');
    expect(problem?.message).toBe(
      networkProblemMessage('proxy-credentials', {
        host: 'www.googleapis.com',
        proxy: 'proxy.corp.example:3128',
      }),
    );
  });

  it('a forgotten sign-in clears the session’s own cache of proxy credentials', async () => {
    const { net, session } = network();
    const { proxySignIn, store } = signIn();
    net.useProxySignIn(proxySignIn);
    await store.save(
      { proxy: 'proxy.corp.example:3128', realm: 'Corp proxy' },
      {
        username: 'ada',
        password: 'x',
      },
    );
    await proxySignIn.forget({ proxy: 'proxy.corp.example:3128', realm: 'Corp proxy' });
    expect(session.authCacheClears).toBe(1);
  });
});
