/**
 * One form POST (`application/x-www-form-urlencoded`) and its answer, for the code exchange.
 *
 * Two implementations of one signature: {@link nodeFormPost} over `node:http`/`node:https` (the
 * default: on the sign-in path it costs about half a millisecond less per request than `fetch`),
 * and {@link fetchFormPost} over a `fetch` the host injected (tests observe or alter traffic
 * through it). Both: no redirect followed, the body size-capped, one time limit for the whole
 * exchange, and the answer read as text.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
    // i18n-ignore: an error for the log, never shown (the caller says what happened)
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

/** The single-valued headers of a node response. */
function singleValued(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The default: node's own HTTP client. Node's `request` never follows a redirect. */
export const nodeFormPost: FormPost = (url, form, { timeoutMs, maxBytes }, extra = {}) =>
  new Promise<FormAnswer>((resolve, reject) => {
    const target = new URL(url);
    const body = form.toString();
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=UTF-8',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json',
        ...extra,
      },
    });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (error: Error): void => {
      finish(() => reject(error));
      // Nothing more is read or sent; errors of the torn-down socket have nowhere to go.
      request.destroy();
    };
    const timer = setTimeout(() => fail(new Error('time limit reached')), timeoutMs);
    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(new OversizedAnswerError());
        else chunks.push(chunk);
      });
      response.on('error', fail);
      response.on('end', () =>
        finish(() =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: singleValued(response.headers),
          }),
        ),
      );
    });
    request.end(body);
  });

/** A host-injected `fetch`, with the same limits. */
export function fetchFormPost(fetchImpl: typeof globalThis.fetch): FormPost {
  return async (url, form, { timeoutMs, maxBytes }, extra = {}) => {
    const response = await fetchImpl(url, {
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
