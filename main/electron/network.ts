/**
 * The Electron app's network port (main/net/network.ts): every request to Google goes through
 * Chromium's network stack, so Latchkey reaches Google wherever the person's browser does — the
 * system proxy settings, PAC/WPAD, the `--proxy-server` switches, the OS certificate store (a
 * company's inspection CA installed there is trusted), and proxies that ask for a sign-in.
 *
 * Built on `net.request` (Electron's ClientRequest) rather than `net.fetch`, because of what
 * Electron's source does (lib/browser/api/net-fetch.ts, lib/common/api/net-client-request.ts,
 * shell/common/api/electron_api_url_loader.cc):
 * - A proxy's request for credentials reaches a main-process request only as the ClientRequest's
 *   own `login` event (the URL loader has its own network observer; `app`'s `login` event is for
 *   web contents). `net.fetch` registers no `login` listener, and a ClientRequest with none
 *   cancels the challenge: behind a proxy that asks, `net.fetch` could never sign in.
 * - With `redirect: 'manual'`, `net.fetch` listens to no `redirect` event, so the request dies
 *   with "Redirect was cancelled" and the status is lost. Here the `redirect` event becomes a
 *   bodiless 3xx answer (nothing is followed: `followRedirect()` is never called), which
 *   main/auth/issuer/guarded-fetch.ts refuses as it refuses every redirect.
 * - The body streams: Chromium's chunks become a ReadableStream with backpressure (readCapped
 *   stops reading past its cap, and cancelling aborts the request); an AbortSignal aborts the
 *   request and fails the answer or its body with the signal's reason, as fetch does.
 *
 * The requests use their own in-memory session ({@link NETWORK_PARTITION}), not the window's:
 * no cookie jar or HTTP cache on disk (Google's answers carry personal data), nothing the window
 * loads shares their credentials, and the certificate check below watches only Google's
 * connections. A session gets the same proxy configuration as the default one (the system's, or
 * the command line's). Cookies are never sent or stored (`credentials: 'omit'`).
 *
 * Failures a person can act on become a {@link NetworkProblem}: Chromium's net error names the
 * kind, `session.resolveProxy` names the proxy, and the certificate check names the issuer of a
 * certificate this computer does not trust (recorded by `setCertificateVerifyProc`, which keeps
 * Chromium's own verdict). Any other failure is a `TypeError('fetch failed')` with the net error
 * as its cause, as fetch's are.
 */
import {
  net,
  session as sessions,
  type AuthInfo,
  type ClientRequest,
  type IncomingMessage,
  type Session,
} from 'electron';
import type { Readable } from 'node:stream';
import type { Logger } from '../log/log.ts';
import { NetworkProblem, type NetworkPort, type NetworkProblemDetails } from '../net/network.ts';
import {
  AUTH_FAILURES,
  hostPort,
  issuerOf,
  netErrorOf,
  problemKind,
  proxyOf,
  withIssuer,
} from './net-problems.ts';
import type { ProxyAuthAttempt, ProxyChallenge, ProxySignIn } from '../app/proxy-sign-in.ts';

/** The in-memory session Google's requests use (no `persist:` prefix: nothing on disk). */
export const NETWORK_PARTITION = 'latchkey-google';

/** Chromium's verdict stands (setCertificateVerifyProc's "use Chromium's result"). */
const USE_CHROMIUM_VERDICT = -3;

/** Headers Chromium sets itself and refuses from the app (Electron's ClientRequest docs). */
const CHROMIUM_HEADERS = new Set([
  'content-length',
  'host',
  'trailer',
  'te',
  'upgrade',
  'cookie',
  'cookie2',
  'keep-alive',
  'transfer-encoding',
  'connection',
]);

/**
 * A ClientRequest's response: a Node Readable (`class IncomingMessage extends Readable` in
 * lib/common/api/net-client-request.ts), though electron.d.ts declares only its events.
 */
type Answer = IncomingMessage & Pick<Readable, 'pause' | 'resume' | 'destroy'>;

/** Statuses whose answer has no body (and `Response` refuses one for). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A ClientRequest's response headers as a Headers object. */
function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

export interface ElectronNetworkOptions {
  logger: Logger;
  /** The session the requests go through (default: the in-memory {@link NETWORK_PARTITION}). */
  session?: Session;
}

/** The app's network port and what the shell does with it. */
export interface ElectronNetwork {
  /** The session Google's requests go through (the e2e hooks set its proxy). */
  readonly session: Session;
  /** The port: a fetch over Chromium's network stack. */
  readonly fetch: NetworkPort;
  /**
   * Answers proxies that ask for credentials through `proxySignIn` (before it is given, every
   * such request fails with the proxy-credentials sentence).
   */
  useProxySignIn(proxySignIn: ProxySignIn): void;
  /** Stops watching certificates and drops what it recorded. */
  dispose(): void;
}

export function createElectronNetwork(options: ElectronNetworkOptions): ElectronNetwork {
  const { logger } = options;
  const session = options.session ?? sessions.fromPartition(NETWORK_PARTITION, { cache: false });
  let proxySignIn: ProxySignIn | null = null;
  let stopForgetting: (() => void) | null = null;

  /** Who issued the last untrusted certificate each host presented. */
  const untrusted = new Map<string, string>();
  /** Only watches: every verdict is Chromium's own (callback(-3)); nothing is accepted here. */
  const watchCertificates: Parameters<Session['setCertificateVerifyProc']>[0] = (
    request,
    callback,
  ) => {
    if (request.verificationResult === 'OK') {
      untrusted.delete(request.hostname);
    } else {
      const issuer = issuerOf(request.certificate);
      if (issuer) untrusted.set(request.hostname, issuer);
      else untrusted.delete(request.hostname);
    }
    callback(USE_CHROMIUM_VERDICT);
  };
  session.setCertificateVerifyProc(watchCertificates); // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK Chromium's verdict stands

  /** The proxy the session uses for `url` (`host:port`), or undefined (direct, or unknown). */
  const proxyFor = async (url: string): Promise<string | undefined> => {
    try {
      return proxyOf(await session.resolveProxy(url)) ?? undefined;
    } catch {
      return undefined;
    }
  };

  /** What a failed request throws: a NetworkProblem, else fetch's TypeError. */
  const failure = async (
    error: unknown,
    url: URL,
    proxyAuth: { gaveUp: ProxyChallenge | null; challenged: ProxyChallenge | null },
  ): Promise<Error> => {
    const netError = netErrorOf(error);
    let kind = problemKind(netError);
    // Once a proxy's challenge went unanswered, however Chromium then fails, that is why; after
    // an answered one, an authentication failure is the proxy's too.
    if (proxyAuth.gaveUp) kind = 'proxy-credentials';
    else if (proxyAuth.challenged && AUTH_FAILURES.has(netError)) kind = 'proxy-credentials';
    if (kind === null) return new TypeError('fetch failed', { cause: error });
    const challenged = proxyAuth.gaveUp ?? proxyAuth.challenged;
    const proxy = challenged?.proxy ?? (await proxyFor(url.href));
    let details: NetworkProblemDetails;
    if (kind !== 'certificate') {
      details = { host: url.hostname, ...(proxy ? { proxy } : {}) };
    } else if (netError === 'net::ERR_PROXY_CERTIFICATE_INVALID' && proxy) {
      // An HTTPS proxy's own certificate: the proxy is the host that was not trusted.
      details = { host: proxy, ...withIssuer(untrusted.get(proxy.replace(/:\d+$/, ''))) };
    } else {
      details = { host: url.hostname, ...withIssuer(untrusted.get(url.hostname)) };
    }
    const problem = new NetworkProblem(kind, details, { cause: error });
    logger.warn('network: the way to Google failed', {
      kind,
      error: netError || 'unknown',
      host: url.hostname,
      ...(problem.details.proxy ? { proxy: problem.details.proxy } : {}),
      ...(problem.details.issuer ? { issuer: problem.details.issuer } : {}),
    });
    return problem;
  };

  const fetchPort = async (
    input: Parameters<NetworkPort>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    // fetch's own reading of the arguments: the method, the headers (a form body's content
    // type), the body as bytes and the signal.
    const request = new Request(input, init);
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const url = new URL(request.url);
    const body = request.body === null ? null : Buffer.from(await request.arrayBuffer());
    if (signal.aborted) throw signal.reason;

    return new Promise<Response>((resolve, reject) => {
      const client: ClientRequest = net.request({
        method: request.method,
        url: url.href,
        session,
        credentials: 'omit',
        redirect: 'manual',
        cache: 'no-store',
      });
      for (const [name, value] of request.headers) {
        if (!CHROMIUM_HEADERS.has(name)) client.setHeader(name, value);
      }

      let settled = false;
      /** The answer's body, once there is one: errors after the answer go there. */
      let stream: ReadableStreamDefaultController<Uint8Array> | null = null;
      let streamDone = false;
      let attempt: ProxyAuthAttempt | null = null;
      /** The proxy challenge this request gave up on (Cancel, refused twice, no sign-in). */
      let gaveUp: ProxyChallenge | null = null;
      /** The last proxy challenge seen: a later failure is the proxy's. */
      let challenged: ProxyChallenge | null = null;

      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        outcome();
      };
      const endStream = (error?: unknown): void => {
        if (!stream || streamDone) return;
        streamDone = true;
        signal.removeEventListener('abort', onAbort);
        if (error === undefined) stream.close();
        else stream.error(error);
      };
      const onAbort = (): void => {
        client.abort();
        settle(() => reject(signal.reason));
        endStream(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });

      /** Set by the first failure: Chromium reports one on the request and on its answer. */
      let failing = false;
      const fail = (error: unknown): void => {
        if (failing || (settled && (!stream || streamDone))) return;
        failing = true;
        void failure(error, url, { gaveUp, challenged }).then((mapped) => {
          if (!settled) {
            signal.removeEventListener('abort', onAbort);
            settle(() => reject(mapped));
          } else {
            endStream(mapped);
          }
        });
      };

      client.on('error', fail);

      client.on('redirect', (status: number, _method, _to, headers) => {
        // Not followed: with the manual policy and no followRedirect() call, ClientRequest
        // cancels the request ("Redirect was cancelled", ignored by then). The 3xx is the answer.
        signal.removeEventListener('abort', onAbort);
        settle(() =>
          resolve(
            new Response(null, { status, headers: headersOf(headers as Record<string, string[]>) }),
          ),
        );
      });

      client.on('login', (authInfo: AuthInfo, callback: (user?: string, pass?: string) => void) => {
        // Only a proxy's challenge is ever answered; Google asks for no HTTP sign-in.
        if (!authInfo.isProxy) {
          callback();
          return;
        }
        const challenge: ProxyChallenge = {
          proxy: hostPort(authInfo.host, authInfo.port),
          realm: authInfo.realm ?? '',
          scheme: authInfo.scheme ?? '',
          host: url.hostname,
        };
        challenged = challenge;
        if (!proxySignIn) {
          gaveUp = challenge;
          callback();
          return;
        }
        attempt ??= proxySignIn.attempt();
        attempt.credentials(challenge).then(
          (credentials) => {
            if (settled || signal.aborted) return;
            if (credentials) {
              callback(credentials.username, credentials.password);
            } else {
              gaveUp = challenge;
              callback();
            }
          },
          (error: unknown) => {
            logger.error('proxy sign-in failed', { error });
            gaveUp = challenge;
            if (!settled) callback();
          },
        );
      });

      client.on('response', (incoming: IncomingMessage) => {
        const message = incoming as Answer;
        if (settled) {
          message.destroy();
          return;
        }
        const status = message.statusCode;
        if (status === 407) {
          // The proxy's own answer after the challenge was given up (a plain-HTTP proxy).
          message.destroy();
          client.abort();
          const challenge = gaveUp ?? challenged;
          fail(
            new Error(
              challenge ? 'net::ERR_PROXY_AUTH_REQUESTED' : 'net::ERR_UNEXPECTED_PROXY_AUTH',
            ),
          );
          return;
        }
        attempt?.accepted();
        const headers = headersOf(message.headers);
        const empty = NULL_BODY.has(status) || request.method === 'HEAD';
        let answerBody: ReadableStream<Uint8Array> | null = null;
        if (empty) {
          message.resume();
          signal.removeEventListener('abort', onAbort);
        } else {
          answerBody = new ReadableStream<Uint8Array>({
            start(controller) {
              stream = controller;
              message.on('data', (chunk: Buffer) => {
                if (streamDone) return;
                controller.enqueue(new Uint8Array(chunk));
                // Backpressure: Chromium is asked for more only once the reader wants it.
                if ((controller.desiredSize ?? 0) <= 0) message.pause();
              });
              message.on('end', () => endStream());
              message.on('error', fail);
              message.pause();
            },
            pull() {
              message.resume();
            },
            cancel() {
              streamDone = true;
              signal.removeEventListener('abort', onAbort);
              client.abort();
              message.destroy();
            },
          });
        }
        settle(() =>
          resolve(
            new Response(answerBody, {
              status,
              statusText: message.statusMessage,
              headers,
            }),
          ),
        );
      });

      if (body && body.length > 0) client.end(body);
      else client.end();
    });
  };

  return {
    session,
    fetch: fetchPort as NetworkPort,
    useProxySignIn(next) {
      stopForgetting?.();
      proxySignIn = next;
      // A forgotten sign-in stops working at once: Chromium keeps accepted proxy credentials in
      // the session's own cache otherwise.
      stopForgetting = next.onForgotten(() => {
        session
          .clearAuthCache()
          .catch((error: unknown) =>
            logger.warn('network: could not clear the proxy sign-in cache', { error }),
          );
      });
    },
    dispose() {
      stopForgetting?.();
      session.setCertificateVerifyProc(null); // eng-disable CERTIFICATE_VERIFY_PROC_JS_CHECK back to Chromium's own check
      untrusted.clear();
    },
  };
}
