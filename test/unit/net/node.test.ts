/**
 * The Node host's network port (main/net/node.ts) in parts: which requests take the proxy, what
 * undici's errors mean for a person (undici-shaped errors where a real socket is awkward), who
 * issued a certificate (a real handshake with a local TLS server, directly and through a local
 * proxy), and the port as a whole for what needs no test Google (a certificate failure, an
 * aborted request, a bad proxy setting).
 */
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { createSecureContext, type DetailedPeerCertificate } from 'node:tls';
import { createServer as createHttpServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkProblem, networkProblemOf } from '../../../main/net/network.ts';
import { classifyFailure, createNodeNetwork, trustedAuthorities } from '../../../main/net/node.ts';
import { presentedIssuer, topIssuerName } from '../../../main/net/certificate-issuer.ts';
import {
  isLoopback,
  proxyFor,
  proxyLabel,
  ProxySettingError,
  readProxySettings,
} from '../../../main/net/proxy-env.ts';
import { startProxy } from '../../helpers/proxy.ts';
import { createTestCa } from '../../helpers/test-ca.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const url = (text: string): URL => new URL(text);

describe('the proxy settings', () => {
  it('reads the lower-case spelling first, as curl and undici do; HTTPS falls back to HTTP_PROXY', () => {
    const settings = readProxySettings({
      https_proxy: 'http://lower.example:1',
      HTTPS_PROXY: 'http://upper.example:2',
      HTTP_PROXY: 'http://plain.example:3',
    });
    expect(settings.https?.host).toBe('lower.example:1');
    expect(settings.http?.host).toBe('plain.example:3');
    expect(readProxySettings({ HTTP_PROXY: 'http://plain.example:3' }).https?.host).toBe(
      'plain.example:3',
    );
    expect(readProxySettings({})).toEqual({ http: null, https: null, noProxy: [] });
    // An empty lower-case value means "none", even with an upper-case one set.
    expect(readProxySettings({ https_proxy: '', HTTPS_PROXY: 'http://x:1' }).https).toBeNull();
  });

  it('takes a proxy without a scheme as an HTTP proxy, and keeps its credentials for the tunnel', () => {
    const proxy = readProxySettings({ HTTPS_PROXY: 'ada:p%40ss@proxy.corp:3128' }).https!;
    expect(proxy.protocol).toBe('http:');
    expect(proxy.username).toBe('ada');
    expect(decodeURIComponent(proxy.password)).toBe('p@ss');
    // What people may see names host and port, never the credentials.
    expect(proxyLabel(proxy)).toBe('proxy.corp:3128');
    expect(proxyLabel(url('http://proxy.corp'))).toBe('proxy.corp:80');
  });

  it('refuses a value that is not a proxy URL, naming the variable but not its value', () => {
    for (const value of ['http://ada:secret-pw@', 'ftp://proxy.corp:21', 'http://[bad']) {
      let thrown: unknown;
      try {
        readProxySettings({ HTTPS_PROXY: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProxySettingError);
      expect((thrown as Error).message).toMatch(/^HTTPS_PROXY is not a proxy URL/);
      expect((thrown as Error).message).not.toContain('secret-pw');
    }
    expect(() => createNodeNetwork({ env: { http_proxy: 'socks://x' } })).toThrow(
      /^http_proxy is not a proxy URL/,
    );
  });

  it('NO_PROXY: exact names, subdomains, a leading dot or *., host:port, and * for everything', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: 'intranet.corp, .internal.example  *.lab.example,api.example:8443',
    });
    const proxied = (target: string): boolean => proxyFor(url(target), settings) !== null;
    expect(proxied('https://oauth2.googleapis.com/token')).toBe(true);
    expect(proxied('https://intranet.corp/')).toBe(false);
    expect(proxied('https://wiki.intranet.corp/')).toBe(false);
    expect(proxied('https://notintranet.corp/')).toBe(true);
    expect(proxied('https://internal.example/')).toBe(false);
    expect(proxied('https://a.internal.example/')).toBe(false);
    expect(proxied('https://x.lab.example/')).toBe(false);
    expect(proxied('https://api.example:8443/')).toBe(false);
    expect(proxied('https://api.example/')).toBe(true);
    const none = readProxySettings({ HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: '*' });
    expect(proxyFor(url('https://oauth2.googleapis.com/'), none)).toBeNull();
  });

  it('picks the proxy by the scheme of the request', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://secure.corp:1',
      HTTP_PROXY: 'http://plain.corp:2',
    });
    expect(proxyFor(url('https://www.googleapis.com/'), settings)?.host).toBe('secure.corp:1');
    expect(proxyFor(url('http://example.com/'), settings)?.host).toBe('plain.corp:2');
    expect(proxyFor(url('https://example.com/'), readProxySettings({}))).toBeNull();
  });

  it('never proxies this computer (as Chromium): localhost, *.localhost, 127.0.0.0/8, [::1]', () => {
    const settings = readProxySettings({
      HTTPS_PROXY: 'http://proxy.corp:3128',
      HTTP_PROXY: 'http://proxy.corp:3128',
    });
    for (const target of [
      'http://127.0.0.1:4567/token',
      'http://127.8.9.10/',
      'http://localhost:4567/',
      'https://LOCALHOST./',
      'http://demo.localhost:80/',
      'http://[::1]:4567/',
    ]) {
      expect(proxyFor(url(target), settings), target).toBeNull();
    }
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('localhost.example.com')).toBe(false);
    expect(isLoopback('127.0.0.1.nip.io')).toBe(false);
    expect(proxyFor(url('https://127.0.0.1.nip.io/'), settings)).not.toBeNull();
  });
});

/** What undici's fetch throws: TypeError('fetch failed') around what happened. */
function fetchFailed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}
function coded(message: string, code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}
/** undici's RequestAbortedError for a tunnel the proxy refused, inside fetch's own wrapper. */
function tunnelRefused(status: number): TypeError {
  const aborted = Object.assign(
    new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`),
    { name: 'AbortError', code: 'UND_ERR_ABORTED' },
  );
  return fetchFailed(new Error('Request was cancelled.', { cause: aborted }));
}

describe('what went wrong, for a person', () => {
  const google = url('https://oauth2.googleapis.com/token');
  const proxy = url('http://ada:secret-pw@proxy.corp:3128');

  it('a 407 to the tunnel request → proxy-credentials, naming the proxy without its credentials', () => {
    const failure = classifyFailure(tunnelRefused(407), google, proxy);
    expect(failure).toEqual({
      kind: 'proxy-credentials',
      details: { host: 'oauth2.googleapis.com', proxy: 'proxy.corp:3128', status: 407 },
    });
    expect(JSON.stringify(failure)).not.toContain('secret-pw');
    // undici's words when it forwards a plain http request instead of tunnelling.
    const plain = fetchFailed(
      Object.assign(new Error('Proxy Authentication Required (407)'), {
        code: 'UND_ERR_INVALID_ARG',
      }),
    );
    expect(classifyFailure(plain, google, proxy)?.kind).toBe('proxy-credentials');
  });

  it('any other answer to the tunnel request → proxy-refused with its status', () => {
    for (const status of [403, 502, 503]) {
      expect(classifyFailure(tunnelRefused(status), google, proxy)).toEqual({
        kind: 'proxy-refused',
        details: { host: 'oauth2.googleapis.com', proxy: 'proxy.corp:3128', status },
      });
    }
  });

  it('the proxy not reachable (refused, unknown name, no route, time out) → proxy-unreachable', () => {
    for (const cause of [
      coded('connect ECONNREFUSED 10.0.0.1:3128', 'ECONNREFUSED', { address: '10.0.0.1' }),
      coded('getaddrinfo ENOTFOUND proxy.corp', 'ENOTFOUND', { hostname: 'proxy.corp' }),
      coded('connect EHOSTUNREACH', 'EHOSTUNREACH'),
      coded('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'),
      // Happy eyeballs: every address of the proxy's name refused.
      new AggregateError([coded('a', 'ECONNREFUSED'), coded('b', 'ECONNREFUSED')], 'refused'),
    ]) {
      expect(classifyFailure(fetchFailed(cause), google, proxy)).toEqual({
        kind: 'proxy-unreachable',
        details: { host: 'oauth2.googleapis.com', proxy: 'proxy.corp:3128' },
      });
    }
  });

  it('without a proxy, an unreachable server is nobody’s fault a person can fix here → null', () => {
    expect(classifyFailure(fetchFailed(coded('refused', 'ECONNREFUSED')), google, null)).toBeNull();
    expect(classifyFailure(fetchFailed(coded('nope', 'ENOTFOUND')), google, null)).toBeNull();
    // Words about a proxy mean nothing when no proxy was used.
    expect(classifyFailure(tunnelRefused(407), google, null)).toBeNull();
  });

  it('a certificate this computer does not trust → certificate, with or without a proxy', () => {
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'CERT_UNTRUSTED',
    ]) {
      const error = fetchFailed(coded('unable to verify', code));
      expect(classifyFailure(error, google, null)).toEqual({
        kind: 'certificate',
        details: { host: 'oauth2.googleapis.com' },
      });
      expect(classifyFailure(error, google, proxy)?.kind).toBe('certificate');
    }
  });

  it('other failures are not told as a proxy or trust problem → null', () => {
    for (const cause of [
      coded('socket hang up', 'ECONNRESET'),
      coded('certificate has expired', 'CERT_HAS_EXPIRED'),
      coded("Hostname/IP does not match certificate's altnames", 'ERR_TLS_CERT_ALTNAME_INVALID'),
      coded('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'),
    ]) {
      expect(classifyFailure(fetchFailed(cause), google, proxy)).toBeNull();
    }
    expect(classifyFailure(new Error('something else'), google, proxy)).toBeNull();
    expect(classifyFailure('not even an error', google, proxy)).toBeNull();
  });
});

/** A certificate as getPeerCertificate(true) gives it (only the fields read here). */
function peer(
  issuer: Record<string, string | string[]>,
  fingerprint: string,
  next?: DetailedPeerCertificate,
): DetailedPeerCertificate {
  const certificate = { issuer, fingerprint256: fingerprint } as unknown as DetailedPeerCertificate;
  certificate.issuerCertificate = next ?? certificate;
  return certificate;
}

describe('the issuer named in the certificate sentence', () => {
  it('is the top of the presented chain’s issuer: its organization, else its common name', () => {
    const root = peer({ O: 'Acme Corp', CN: 'Acme Root' }, 'root');
    const intermediate = peer({ O: 'Acme Corp', CN: 'Acme Root' }, 'mid', root);
    const leaf = peer({ O: 'Acme Inspection', CN: 'Acme Issuing CA' }, 'leaf', intermediate);
    expect(topIssuerName(leaf)).toBe('Acme Corp');
    expect(topIssuerName(peer({ CN: 'Only A Name' }, 'x'))).toBe('Only A Name');
    expect(topIssuerName(peer({ O: ['First Org', 'Second Org'] }, 'x'))).toBe('First Org');
    expect(topIssuerName(peer({}, 'x'))).toBeNull();
    expect(topIssuerName({} as DetailedPeerCertificate)).toBeNull();
  });

  it('a chain that loops ends (no endless walk)', () => {
    const a = peer({ O: 'A' }, 'a');
    const b = peer({ O: 'B' }, 'b', a);
    a.issuerCertificate = b;
    expect(['A', 'B']).toContain(topIssuerName(b));
  });

  it('is cleaned for a sentence: no control or direction characters, at most 100 characters', () => {
    expect(topIssuerName(peer({ O: 'Evil\u202e Corp\nNext line\u0007' }, 'x'))).toBe(
      'Evil Corp Next line',
    );
    expect(topIssuerName(peer({ O: '\u0000\u200f ' }, 'x'))).toBeNull();
    const long = topIssuerName(peer({ O: 'x'.repeat(300) }, 'x'))!;
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('the diagnostic handshake', () => {
  const secureContext = createSecureContext({ ca: trustedAuthorities() });

  async function tlsServer(organization: string, names: string[]): Promise<number> {
    const ca = await createTestCa(organization);
    const issued = await ca.issue(names);
    const server = createTlsServer({ cert: issued.cert, key: issued.key }, (socket) =>
      socket.end(),
    );
    return listening(server);
  }

  it('names who issued the certificate a server presents, accepting it only to read it', async () => {
    const port = await tlsServer('Direct Test CA Inc.', ['127.0.0.1']);
    const issuer = await presentedIssuer(url(`https://127.0.0.1:${port}/`), null, {
      timeoutMs: 5_000,
      secureContext,
    });
    expect(issuer).toBe('Direct Test CA Inc.');
  });

  it('through a proxy: a tunnel with the proxy’s credentials, then the handshake inside it', async () => {
    const port = await tlsServer('Behind The Proxy CA', ['service.test']);
    const credentials = { username: 'ada', password: 'p@ss word' };
    const proxy = await startProxy({
      routes: { 'service.test:443': { host: '127.0.0.1', port } },
      credentials,
    });
    cleanups.push(() => proxy.close());
    const issuer = await presentedIssuer(
      url('https://service.test/'),
      url(proxy.url(credentials)),
      {
        timeoutMs: 5_000,
        secureContext,
      },
    );
    expect(issuer).toBe('Behind The Proxy CA');
    expect(proxy.connects).toEqual([
      { target: 'service.test:443', authorized: true, sentCredentials: true, status: 200 },
    ]);

    // A proxy that will not open the tunnel: nothing to read, no name.
    const refused = await presentedIssuer(url('https://service.test/'), url(proxy.url()), {
      timeoutMs: 5_000,
      secureContext,
    });
    expect(refused).toBeNull();
  });

  it('gives up at its time limit (a server or proxy that never answers)', async () => {
    const silent = createTcpServer((socket) => socket.resume());
    const port = await listening(silent);
    const started = performance.now();
    const issuer = await presentedIssuer(url(`https://127.0.0.1:${port}/`), null, {
      timeoutMs: 200,
      secureContext,
    });
    expect(issuer).toBeNull();
    // …or a proxy that never answers the tunnel request.
    const viaSilentProxy = await presentedIssuer(
      url('https://service.test/'),
      url(`http://127.0.0.1:${port}`),
      { timeoutMs: 200, secureContext },
    );
    expect(viaSilentProxy).toBeNull();
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('stops when the request it explains was aborted', async () => {
    const silent = createTcpServer((socket) => socket.resume());
    const port = await listening(silent);
    const controller = new AbortController();
    const pending = presentedIssuer(url(`https://127.0.0.1:${port}/`), null, {
      timeoutMs: 60_000,
      secureContext,
      signal: controller.signal,
    });
    controller.abort();
    expect(await pending).toBeNull();
  });
});

describe('the port', () => {
  it('a server whose certificate is not trusted: a NetworkProblem naming its issuer, the error as cause', async () => {
    const ca = await createTestCa('Untrusted Local CA');
    const issued = await ca.issue(['127.0.0.1']);
    const server = createTlsServer({ cert: issued.cert, key: issued.key }, (socket) =>
      socket.end(),
    );
    const port = await listening(server);
    const network = createNodeNetwork({ env: {} });
    cleanups.push(() => network.close());
    const error = await network.fetch(`https://127.0.0.1:${port}/token`).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(NetworkProblem);
    const problem = networkProblemOf(error)!;
    expect(problem.kind).toBe('certificate');
    expect(problem.details).toEqual({ host: `127.0.0.1:${port}`, issuer: 'Untrusted Local CA' });
    expect(problem.message).toContain('“Untrusted Local CA”');
    expect((problem.cause as Error).message).toBe('fetch failed');

    // With that CA trusted, the same server is reached (it closes at once: no HTTP answer).
    const trusting = createNodeNetwork({ env: {}, extraCa: [ca.cert] });
    cleanups.push(() => trusting.close());
    const second = await trusting.fetch(`https://127.0.0.1:${port}/token`).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(networkProblemOf(second)).toBeNull();
  });

  it('an aborted request stays an abort, whatever happened underneath', async () => {
    const hanging = createHttpServer(() => undefined);
    const port = await listening(hanging);
    cleanups.push(() => hanging.closeAllConnections());
    const network = createNodeNetwork({ env: {} });
    cleanups.push(() => network.close());
    const controller = new AbortController();
    const pending = network.fetch(`http://127.0.0.1:${port}/`, { signal: controller.signal });
    controller.abort();
    const error = await pending.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect((error as Error).name).toBe('AbortError');
    expect(networkProblemOf(error)).toBeNull();
  });
});
