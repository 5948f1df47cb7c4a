import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFormPost, type FormPost } from '../../../../main/auth/issuer/form-post.ts';
import { classifyHttpError, requestCodeExchange } from '../../../../main/auth/issuer/http.ts';
import { tokenAnswer } from '../fakes.ts';

const request = {
  tokenUrl: 'http://127.0.0.1:4000/token',
  clientId: 'client',
  code: '4/code',
  verifier: 'v'.repeat(43),
  redirectUri: 'com.googleusercontent.apps.1-unit:/oauth2redirect',
  timeoutMs: 5_000,
};

/** A fetch that records what it was sent and answers `reply`. */
function recordingFetch(reply: () => Response) {
  const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), init });
    return reply();
  }) as typeof globalThis.fetch;
  return { fetchImpl, sent };
}

describe('requestCodeExchange through an injected fetch', () => {
  it('POSTs the code, verifier, redirect URI and client as a form, following no redirect', async () => {
    const { fetchImpl, sent } = recordingFetch(() => Response.json(tokenAnswer()));
    const data = await requestCodeExchange(
      fetchFormPost(() => fetchImpl),
      {
        ...request,
        clientSecret: 's3',
      },
    );
    expect(data).toEqual(tokenAnswer());
    const [call] = sent;
    expect(call?.url).toBe(request.tokenUrl);
    expect(call?.init).toMatchObject({ method: 'POST', redirect: 'manual' });
    const form = call?.init?.body as URLSearchParams;
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: '4/code',
      code_verifier: request.verifier,
      redirect_uri: request.redirectUri,
      client_id: 'client',
      client_secret: 's3',
    });
  });

  it('an OAuth error answer keeps its status and error code (and nothing else)', async () => {
    const { fetchImpl } = recordingFetch(() =>
      Response.json({ error: 'invalid_grant', error_description: 'echo 4/code' }, { status: 400 }),
    );
    const error = await requestCodeExchange(
      fetchFormPost(() => fetchImpl),
      request,
    ).catch((e: unknown) => e);
    expect(classifyHttpError(error)).toEqual({
      kind: 'oauth',
      status: 400,
      error: 'invalid_grant',
    });
    expect((error as Error).message).not.toContain('4/code');
  });

  it('a redirect answer is not followed; a non-JSON or oversized 200 is malformed', async () => {
    const at = (reply: () => Response) =>
      requestCodeExchange(
        fetchFormPost(() => recordingFetch(reply).fetchImpl),
        request,
      ).catch((e: unknown) => classifyHttpError(e));
    expect(
      await at(() => new Response(null, { status: 302, headers: { location: 'http://evil/' } })),
    ).toEqual({
      kind: 'oauth',
      status: 302,
      error: null,
    });
    expect(await at(() => new Response('<html>', { status: 200 }))).toEqual({ kind: 'malformed' });
    expect(await at(() => new Response('x'.repeat(70_000), { status: 200 }))).toEqual({
      kind: 'malformed',
    });
  });

  it('a fetch that fails is a network problem', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const error = await requestCodeExchange(
      fetchFormPost(() => failing),
      request,
    ).catch((e: unknown) => e);
    expect(classifyHttpError(error)).toEqual({ kind: 'network' });
  });
});

describe('the form post over a real socket', () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = null;
  });

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  }

  const post: FormPost = fetchFormPost(() => globalThis.fetch);

  it('sends a url-encoded form and reads the answer', async () => {
    let received = '';
    let type = '';
    const url = await serve((req, res) => {
      type = req.headers['content-type'] ?? '';
      req.on('data', (chunk: Buffer) => (received += chunk.toString()));
      req.on('end', () =>
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}'),
      );
    });
    const answer = await post(url, new URLSearchParams({ code: '4/a b' }), {
      timeoutMs: 5_000,
      maxBytes: 100,
    });
    expect(answer).toMatchObject({ status: 200, text: '{"ok":1}' });
    expect(type).toContain('application/x-www-form-urlencoded');
    expect(received).toBe('code=4%2Fa+b');
  });

  it('stops reading past the size cap, and gives up at the time limit', async () => {
    const big = await serve((_req, res) => res.end('y'.repeat(5_000)));
    await expect(
      post(big, new URLSearchParams(), { timeoutMs: 5_000, maxBytes: 1_000 }),
    ).rejects.toThrow('answer too large');
    server?.closeAllConnections();
    await new Promise<void>((done) => server?.close(() => done()));
    const silent = await serve(() => undefined); // never answers
    // AbortSignal.timeout runs on the platform's clock, not on a fakeable timer: a short limit.
    await expect(
      post(silent, new URLSearchParams(), { timeoutMs: 50, maxBytes: 1_000 }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
