/**
 * The loopback redirect receiver (RFC 8252 §7.3) for Google "Desktop app" clients: a one-shot HTTP
 * listener on 127.0.0.1 (never `localhost`, which may resolve elsewhere), on an ephemeral port,
 * open while its flow is pending and briefly after (see {@link LoopbackListener.end}), answering GET
 * on one path with a small fixed page. It reflects nothing from the request (the one variable
 * text, the signed-in email, comes from the id_token and is escaped) and is told not to be cached.
 */
import { createHash } from 'node:crypto';
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
  /**
   * The flow ended: from now on every callback request gets the fixed page for `ending` (the
   * browser that comes back late lands on a Latchkey page, not "can't be reached"), without
   * asking the flow. Idle and slow connections are dropped; the port stays until `close()`.
   */
  end(ending: FlowEnding): void;
  /** Stops listening; an answer being written is finished first. Idempotent. */
  close(): Promise<void>;
}

/**
 * How the listener's flow ended: the page a browser gets from now on says so. `connecting` names
 * the Google product of a connect flow ("Google Calendar"): its pages speak of connecting it, not
 * of signing in. Both texts come from the app (the id_token's email, the feature registry), never
 * from the request.
 */
export type FlowEnding = (
  | { kind: 'signed-in'; email: string }
  /** Google's consent came back without a permission the step needs (an unticked box). */
  | { kind: 'partial' }
  | { kind: 'denied' }
  | { kind: 'cancelled' }
  | { kind: 'timed-out' }
  | { kind: 'ended' }
) & { connecting?: string };

/** The pages' only style: system fonts, the app's colours, light and dark from the OS. */
const PAGE_STYLE =
  ':root{color-scheme:light dark;--bg:#f4f5f7;--card:#fff;--text:#1b1f24;--muted:#565f6c;' +
  '--border:#dadde3;--accent:#3451c7}@media(prefers-color-scheme:dark){:root{--bg:#111316;' +
  '--card:#1a1d21;--text:#e8eaed;--muted:#a3abb7;--border:#343a41;--accent:#9db0ff}}' +
  'body{margin:0;min-height:100vh;display:grid;place-items:center;background:var(--bg);' +
  'color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  'main{box-sizing:border-box;width:calc(100% - 2rem);max-width:30rem;margin:1rem;padding:2rem;' +
  'background:var(--card);' +
  'border:1px solid var(--border);border-radius:12px}' +
  '.brand{display:flex;align-items:center;gap:.5rem;margin:0 0 1.25rem;font-weight:600;' +
  'color:var(--accent)}.brand svg{width:1.5rem;height:1.5rem}' +
  'h1{font-size:1.375rem;line-height:1.3;margin:0 0 .5rem}p{margin:.5rem 0 0}' +
  '.muted{color:var(--muted)}strong{overflow-wrap:anywhere}';

/**
 * The CSP of every page: nothing loads, nothing runs; only the one style block above, and the
 * favicon, a data: URL (so the browser asks the listener for no /favicon.ico either).
 */
const PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; img-src data:";

/** The tab's icon: Latchkey's icon at 32 px (build/icons/32x32.png, checked by the icons test). */
export const FAVICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAADMklEQVR4nMWXW0gUURzG/zO7EaTiBRQro+22Dz2Egbethy7UU5KtUeZDpGYqQSRmFGjqCkFBRVAP1UMZEdVDbpK9Wr606lr6oEKihBEqLeQlNaTc6TszO7vu7sw0O7vWD2bOd3Z2ON/5X2ZnOfrPqBrItXcVLHFCJmTUmASuv9uZ1wYZRpiBrEJXIwlCNS4lYRpDhGniuNu9rTYHJn44HH6yC12PBIFKaAXhOGpxt9pKIUU4HCLYeRMJ1Ai58nDkQCSaCAQM2N9PYRrjsKshTPc6dyVDSAZyjnYf8Xq9TsiIWJe2msqPZ9De3GRKiDPTj/nf9GFglp6/mRRHLXiet/e8zH0lGjAS/hP56XShzEJqvO7wUPPdUSgVfGkwZCB/Xyo1ntsCpc2z9gm69XAMSgGjBhLiTNR2bydGM2YSE98WacKzSPG4ZrXE4ZMABVV9NI7rYRg1ELr7zp7vVHttGEqipmwjFeevhZJQjYJRA2xxZkJm/0k3im8JKoC7NQ9niY+Ds1R5ZQgqBKMGbly20p6cFCiJ7MIunINhKWIdwoi5gYqiDDqDQ+bi9U/0rnsKSsK6aQ09vbkDSiI0RX6MGghdgPX+gxdfafjzAgrThBqw+HfPcNwZpfa3HqgQjBpg+a87u5nMJvFWTVh3HK7qg1LAiIHyY+upsngDFJHXKxDPi7crMofIVDYMiZFRJFIDtactVHQoHSrApGeR0lMD4ZZhhcdCr9j/MpEYYGFn7beckS/zVFE3hLyb0RXJ4sjqobNnSnthGb0GlHbOGBlboIr6QSy6hJkB9BioR7EVHEiDCjAz94sS41dBabSYHvQY6HiSJYZWZmz8J5VeGhBbjaWF5VmxxfSgx8DB3Sl0tWYbXqPErwVVthXPAzYaRo8BBjPhOL+VVpl5zKQHT1WDZCIq9BpgsN3eb96On1spHazNFJ/vkbDcgJ5XMtkEQ05DNAS9kjGy7K5pDIk4VJGf8br6XJuZXqctCSMFDPwlDTHFF34CfgOMbLurRSA6BbliYMHHbqethHxgHowvEtWQmukwwAxWY3/NmmgZYQZkxMIUvJmQUcNzfD8rOMgwVA38K/4AW26PML99UiIAAAAASUVORK5CYII=';

/** The app's key mark, drawn inline (the CSP loads nothing). */
const MARK =
  '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2"' +
  ' stroke-linecap="round" stroke-linejoin="round"><path d="M15.5 7.5a3.5 3.5 0 1 1-3.9 3.47L4 ' +
  '18.5V21h3v-2h2v-2h2l1.53-1.53A3.5 3.5 0 0 1 15.5 7.5zM16.5 9.5h.01"/></svg>';

/** Escapes text for HTML text and quoted attribute values (the loopback pages, the preview launcher). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** A fixed page; nothing from the request is ever put into it. `html` is trusted markup. */
function page(title: string, html: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark">` +
    `<link rel="icon" href="${FAVICON}">` +
    `<title>${title} — Latchkey</title><style>${PAGE_STYLE}</style></head>` +
    `<body><main><p class="brand">${MARK}Latchkey</p><h1>${title}</h1>${html}</main></body></html>`
  );
}

const CLOSE_TAB = '<p class="muted">You can close this tab.</p>';

const PAGES = {
  rejected: page(
    'Return to Latchkey',
    `<p>This sign-in response was not accepted. Start again in Latchkey.</p>${CLOSE_TAB}`,
  ),
  notFound: page('Not found', '<p>There is nothing here.</p>'),
} as const;

/** What the step is called on the pages: "Sign-in" or "Connecting Google Calendar". */
function stepOf(ending: Pick<FlowEnding, 'connecting'>): string {
  return ending.connecting ? `Connecting ${escapeHtml(ending.connecting)}` : 'Sign-in';
}

/** The page a browser gets as the flow's answer (`ending` unknown: the code exchange took too long). */
function answerPage(ending: FlowEnding | null, completed: boolean): string {
  const connecting = ending?.connecting ? escapeHtml(ending.connecting) : null;
  if (completed && ending?.kind === 'signed-in') {
    const email = `<strong>${escapeHtml(ending.email)}</strong>`;
    return page(
      'You can return to Latchkey',
      connecting
        ? `<p>${connecting} is connected for ${email}.</p>${CLOSE_TAB}`
        : `<p>You're signed in as ${email}.</p>${CLOSE_TAB}`,
    );
  }
  if (completed) {
    return page('You can return to Latchkey', `<p>Latchkey shows how it went.</p>${CLOSE_TAB}`);
  }
  switch (ending?.kind) {
    case 'partial':
      return page(
        'Not everything was allowed',
        connecting
          ? `<p>You allowed Latchkey in, but the box for ${connecting} was not ticked, so it is not connected. Latchkey can ask again.</p>${CLOSE_TAB}`
          : `<p>You allowed Latchkey in, but not everything it needs to sign you in. Latchkey says what is missing and can ask again.</p>${CLOSE_TAB}`,
      );
    case 'denied':
      return page(
        connecting ? `${connecting} was not connected` : 'You chose not to sign in',
        `<p>You pressed Deny, so nothing new was shared with Latchkey.</p>${CLOSE_TAB}`,
      );
    default:
      return page(
        'You can return to Latchkey',
        `<p>${stepOf(ending ?? {})} did not complete. Latchkey shows what happened.</p>${CLOSE_TAB}`,
      );
  }
}

/** What a browser that comes back after the flow ended is told. */
function endedPage(ending: FlowEnding): string {
  // "This sign-in was cancelled", "Connecting Google Calendar was cancelled".
  const step = ending.connecting ? stepOf(ending) : 'This sign-in';
  switch (ending.kind) {
    case 'cancelled':
      return page(
        `${step} was cancelled`,
        `<p>It was cancelled in Latchkey, so nothing was shared. Start again in Latchkey when you're ready.</p>${CLOSE_TAB}`,
      );
    case 'timed-out':
      return page(
        `${step} timed out`,
        `<p>Latchkey stopped waiting for it, so nothing was shared. Start again in Latchkey when you're ready.</p>${CLOSE_TAB}`,
      );
    default:
      return page(
        `${step} has already finished`,
        `<p>Latchkey shows how it went. Start again in Latchkey if you need to.</p>${CLOSE_TAB}`,
      );
  }
}

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
    'Content-Security-Policy': PAGE_CSP,
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
  let ending: FlowEnding | null = null;

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
    if (ending) return send(res, 200, endedPage(ending));
    const answer = await options.onRedirect(`http://127.0.0.1:${port}${req.url ?? ''}`);
    if (!answer.accepted) return send(res, 400, PAGES.rejected);
    const completed = answer.completed
      ? await withTimeout(answer.completed, answerTimeoutMs, false)
      : true;
    // The flow settles (and calls end()) before `completed` resolves: the account is known here.
    const settled = ending as FlowEnding | null;
    send(res, 200, answerPage(settled, completed));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, answerPage(ending, false));
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
  // An error on the listening server (an accept failing with EMFILE, …) costs that one
  // connection: without a listener Node would take the whole main process down with it.
  server.on('error', () => undefined);

  let closing: Promise<void> | null = null;
  return {
    redirectUri: `http://127.0.0.1:${port}${LOOPBACK_PATH}`,
    port,
    end(how) {
      if (ending) return;
      ending = how;
      server.closeIdleConnections();
      // An answer still being written gets a moment to finish; then the open sockets go.
      const drop = setTimeout(() => server.closeAllConnections(), 2_000);
      drop.unref();
    },
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
