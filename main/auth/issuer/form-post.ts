/**
 * One form POST (`application/x-www-form-urlencoded`) and its answer, for the code exchange and
 * the DPoP-bound refresh, over the host's network port (main/net/network.ts): no redirect
 * followed, the body size-capped, one time limit for the whole exchange, and the answer read as
 * text.
 */
import { readCapped } from './guarded-fetch.ts';

/** The answer to a form POST: status and body text. */
export interface FormAnswer {
  status: number;
  text: string;
  /** Response headers with single values, names in lower case (DPoP reads `dpop-nonce`). */
  headers?: Record<string, string>;
}

/** Thrown for an answer longer than the cap (read no further). */
export class OversizedAnswerError extends Error {
  constructor() {
    super('answer too large');
    this.name = 'OversizedAnswerError';
  }
}

/**
 * Posts `form` to `url`; rejects on network failure, time limit or an oversized answer.
 * `headers` are added to the request (the `DPoP` proof).
 */
export type FormPost = (
  url: string,
  form: URLSearchParams,
  limits: { timeoutMs: number; maxBytes: number },
  headers?: Record<string, string>,
) => Promise<FormAnswer>;

/** The form POST over `fetchImpl` (looked up on every call, so a test's replacement is used). */
export function fetchFormPost(fetchImpl: () => typeof globalThis.fetch): FormPost {
  return async (url, form, { timeoutMs, maxBytes }, extra = {}) => {
    const response = await fetchImpl()(url, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', ...extra },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers = Object.fromEntries(response.headers);
    if (!response.body) return { status: response.status, text: '', headers };
    const body = await readCapped(response.body, maxBytes, () => new OversizedAnswerError());
    return { status: response.status, text: body.toString('utf8'), headers };
  };
}
