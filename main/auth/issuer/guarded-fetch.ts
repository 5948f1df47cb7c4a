/**
 * The `fetch` behind every request to Google other than the code exchange (which has its own
 * POST, form-post.ts): refresh, revoke, JWKS and userinfo through the issuer's gaxios transporter,
 * and the Calendar, Drive and profile calls through the account clients built from the same
 * options.
 *
 * - No redirect is followed: any 3xx answer ends the request with {@link RefusedAnswerError}. A
 *   307 from the token endpoint would otherwise re-send the refresh token (and client secret) to
 *   whatever host its `Location` names, and that host's answer would be taken as Google's.
 * - The body is read here, up to a cap (gaxios' `maxContentLength`, passed to the fetch as `size`,
 *   or the default): an oversized or endless answer fails as soon as it passes the cap instead of
 *   growing memory until the time limit.
 * - The time limit stays the caller's (gaxios' `timeout` becomes the request's `signal`, which
 *   also ends a body that stops arriving).
 *
 * gaxios only honours `maxRedirects`/`maxContentLength` itself with node-fetch; with an injected
 * fetch (undici's, the host's) they would be ignored, hence this wrapper.
 */

/** Why an answer was not used. */
export type RefusedReason = 'redirect' | 'too-large';

/** An answer that was refused before its body was used. Carries no URL or body text. */
export class RefusedAnswerError extends Error {
  readonly reason: RefusedReason;
  /** The answer's HTTP status. */
  readonly status: number;
  constructor(reason: RefusedReason, status: number) {
    // i18n-ignore: an error for the log, never shown (the caller says what happened)
    super(reason === 'redirect' ? `redirect (HTTP ${status}) not followed` : 'answer too large');
    this.name = 'RefusedAnswerError';
    this.reason = reason;
    this.status = status;
  }
}

/**
 * Reads `body` to the end, or throws `tooLarge()` (after cancelling the stream) as soon as more
 * than `maxBytes` have arrived: an oversized or endless answer never grows memory past the cap.
 */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
}

/** The cap when the request names none (API answers; the OAuth calls name their own). */
export const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * The reason an error (or one of its causes: gaxios wraps what the fetch throws) is a refused
 * answer, or null. Read by shape; node-fetch's own `max-redirect`/`max-size` errors count too.
 */
export function refusedReason(error: unknown): RefusedReason | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const record = current as { name?: unknown; reason?: unknown; type?: unknown; cause?: unknown };
    if (record.name === 'RefusedAnswerError') {
      return record.reason === 'redirect' ? 'redirect' : 'too-large';
    }
    if (record.type === 'max-redirect') return 'redirect';
    if (record.type === 'max-size') return 'too-large';
    current = record.cause;
  }
  return null;
}

type Fetch = typeof globalThis.fetch;

/** The request's own cap (`size` is what gaxios turns `maxContentLength` into). */
function capOf(init: RequestInit | undefined, fallback: number): number {
  const size = (init as { size?: unknown } | undefined)?.size;
  return typeof size === 'number' && size > 0 ? size : fallback;
}

/** Whether the status may not carry a body in a `Response`. */
function bodiless(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

/**
 * Wraps `base` (looked up on every call, so a test's or host's replacement is used) with the
 * rules above. The answer handed back is fully read and within the cap.
 */
export function guardedFetch(base: () => Fetch, defaults: { maxBytes?: number } = {}): Fetch {
  const fallback = defaults.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES;
  return async (input, init) => {
    const maxBytes = capOf(init, fallback);
    const response = await base()(input, { ...init, redirect: 'manual' });
    const discard = (): Promise<void> =>
      response.body ? response.body.cancel().catch(() => undefined) : Promise.resolve();
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await discard();
      throw new RefusedAnswerError('redirect', response.status);
    }
    if (!response.body || bodiless(response.status)) {
      return new Response(null, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await discard();
      throw new RefusedAnswerError('too-large', response.status);
    }
    const body = await readCapped(
      response.body,
      maxBytes,
      () => new RefusedAnswerError('too-large', response.status),
    );
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
