/**
 * The loopback redirect receiver (RFC 8252 §7.3) for Google "Desktop app" clients: a one-shot HTTP
 * listener on 127.0.0.1 (never `localhost`, which may resolve elsewhere), on an ephemeral port,
 * open only while its flow is pending, answering GET on one path with a small static page.
 * It reflects nothing from the request and is told not to be cached.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The path of the redirect URI. */
export const LOOPBACK_PATH = '/oauth2/callback';

/** What the flow made of a request to the callback path. */
export interface LoopbackAnswer {
  accepted: boolean;
  /** For an accepted redirect: resolves true when sign-in completed, false when it failed. */
  completed?: Promise<boolean>;
}

export interface LoopbackOptions {
  /** Called with the full redirect URL of each GET to the callback path. */
  onRedirect: (url: string) => Promise<LoopbackAnswer>;
  /** Longest wait for the code exchange before answering the browser anyway. */
  answerTimeoutMs?: number;
}

export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/oauth2/callback`, sent as redirect_uri in both requests. */
  readonly redirectUri: string;
  readonly port: number;
  /** Stops listening; an answer being written is finished first. Idempotent. */
  close(): Promise<void>;
}

const PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;' +
  'color:#1f2328;background:#fff}h1{font-size:1.4rem}@media(prefers-color-scheme:dark)' +
  '{body{color:#e6edf3;background:#0d1117}}';

/** A fixed page; nothing from the request is ever put into it. */
function page(title: string, text: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${title} — Latchkey</title><style>${PAGE_STYLE}</style></head>` +
    `<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`
  );
}

const PAGES = {
  done: page('You can return to Latchkey', 'Sign-in is complete. You can close this tab.'),
  failed: page(
    'You can return to Latchkey',
    'Sign-in did not complete. Latchkey shows what happened; you can close this tab.',
  ),
  rejected: page(
    'Return to Latchkey',
    'This sign-in response was not accepted. You can close this tab and try again from Latchkey.',
  ),
  notFound: page('Not found', 'There is nothing here.'),
} as const;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    Pragma: 'no-cache',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    Connection: 'close',
    ...extra,
  });
  res.end(body);
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

/** Opens the listener on 127.0.0.1 with an OS-chosen port. */
export async function openLoopback(options: LoopbackOptions): Promise<LoopbackListener> {
  const answerTimeoutMs = options.answerTimeoutMs ?? 30_000;
  let port = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS rebinding guard: a page on another origin that resolves to 127.0.0.1 sends its own Host.
    // Exactly one Host header, naming this listener (Node keeps only the first of several).
    const hosts = req.headersDistinct.host;
    if (hosts?.length !== 1 || hosts[0] !== `127.0.0.1:${port}`) {
      return send(res, 400, PAGES.rejected);
    }
    const path = (req.url ?? '').split('?')[0];
    if (path !== LOOPBACK_PATH) return send(res, 404, PAGES.notFound);
    if (req.method !== 'GET') return send(res, 405, PAGES.rejected, { Allow: 'GET' });
    const answer = await options.onRedirect(`http://127.0.0.1:${port}${req.url ?? ''}`);
    if (!answer.accepted) return send(res, 400, PAGES.rejected);
    const completed = answer.completed
      ? await withTimeout(answer.completed, answerTimeoutMs, false)
      : true;
    send(res, 200, completed ? PAGES.done : PAGES.failed);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, PAGES.failed);
    });
  });
  // One small request is all this server ever needs.
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.keepAliveTimeout = 1_000;
  server.maxHeadersCount = 50;
  server.maxRequestsPerSocket = 1;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    redirectUri: `http://127.0.0.1:${port}${LOOPBACK_PATH}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // An answer still being written gets a moment to finish; then every socket goes.
        const force = setTimeout(() => server.closeAllConnections(), 2_000);
        force.unref();
      });
      return closing;
    },
  };
}
