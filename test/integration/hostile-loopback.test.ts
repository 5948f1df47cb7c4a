/**
 * The loopback redirect listener under hostile traffic, while a genuine desktop sign-in is pending
 * against the emulator: malformed HTTP, other methods and paths, wrong Host headers, huge headers
 * and query strings, generated requests, slow clients and many connections at once. It never
 * crashes, never echoes what it was sent, answers every request with a fixed page, and the person
 * in the browser still completes the sign-in; afterwards the listener answers only a fixed
 * "already finished" page until it closes (with the core here; after 2 minutes in the app).
 * Run: scripts/with-keyring.sh npx vitest run test/integration/hostile-loopback.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeConsent } from '../helpers/consent.ts';
import { portClosed, rawRequest, slowClient, type RawAnswer } from '../helpers/raw-http.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('hostile-loopback');

const SEED = 0x5107;

/** A unique marker put into every hostile request; no answer may contain it. */
let markers = 0;
const marker = (): string => `zqxMark${(markers += 1)}q`;

/** Fails if the answer repeats any of `sent` (checked case-insensitively too). */
function expectNoReflection(answer: RawAnswer, sent: string[], what: string): void {
  const text = answer.text.toLowerCase();
  for (const piece of sent) {
    expect(text.includes(piece.toLowerCase()), `${what}: the answer repeats "${piece}"`).toBe(
      false,
    );
  }
}

describe.runIf(hasKeychain)('hostile loopback traffic', () => {
  it('refuses everything hostile without echoing it, then the genuine callback signs in', async () => {
    const core = h.core('desktop', { vault: await h.vault(), metadata: h.metadata('loopback') });
    await core.restore();
    let url = '';
    h.onOpen = (u) => (url = u);
    const result = core.signIn();
    await h.pending(core);
    const redirectUri = new URL(new URL(url).searchParams.get('redirect_uri') as string);
    const port = Number(redirectUri.port);
    const host = `127.0.0.1:${port}`;
    const path = redirectUri.pathname;
    const state = new URL(url).searchParams.get('state') as string;
    h.emulator.resetStats();
    let sentCount = 0;

    /** Sends one raw request carrying `mark` and checks the answer. */
    const hostile = async (
      name: string,
      payload: string | Buffer,
      mark: string,
      allowed: Array<number | null> = [400, 404, 405, 431, 414, 505, null],
    ): Promise<RawAnswer> => {
      sentCount += 1;
      const answer = await rawRequest(port, payload);
      expect(allowed, `${name}: status ${answer.status}`).toContain(answer.status);
      expectNoReflection(answer, [mark], name);
      // Node's own answer to unparsable HTTP has no body; every page of ours is never cached.
      if (/content-type:/i.test(answer.text)) {
        expect(answer.text, `${name}: no-store`).toMatch(/cache-control: no-store/i);
      }
      return answer;
    };
    const get = (target: string, headers: string[] = [`Host: ${host}`]): string =>
      `GET ${target} HTTP/1.1\r\n${headers.map((x) => `${x}\r\n`).join('')}Connection: close\r\n\r\n`;

    // Malformed HTTP.
    for (const [name, build] of [
      ['garbage line', (m: string) => `${m}\r\n\r\n`],
      ['no target', () => 'GET\r\n\r\n'],
      ['bad version', (m: string) => `GET ${path}?state=${m} HTTP/9.9\r\nHost: ${host}\r\n\r\n`],
      ['HTTP/0.9', (m: string) => `GET ${path}?state=${m}\r\n`],
      [
        'binary',
        (m: string) => Buffer.concat([Buffer.from([0, 1, 2, 255, 13, 10]), Buffer.from(m)]),
      ],
      ['NUL in target', (m: string) => get(`${path}?state=${m}\u0000&code=x`)],
      ['space in target', (m: string) => get(`${path}?state= ${m}&code=x`)],
      [
        'bad header line',
        (m: string) => get(`${path}?state=${m}`, [`Host: ${host}`, `Bad Header ${m}`]),
      ],
      [
        'NUL in header',
        (m: string) => get(`${path}?q=${m}`, [`Host: ${host}`, `X-A: a\u0000${m}`]),
      ],
      ['obs-fold', (m: string) => get(`${path}?q=${m}`, [`Host: ${host}`, `X-A: a`, ` ${m}`])],
      [
        'smuggling',
        (m: string) =>
          `GET ${path}?state=${m} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n` +
          `Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /${m} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      ],
      [
        'negative length',
        (m: string) =>
          `POST ${path}?q=${m} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: -1\r\n\r\n`,
      ],
      ['absolute form', (m: string) => get(`http://evil.example${path}?state=${m}&code=${m}`)],
      ['asterisk', (m: string) => `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nX: ${m}\r\n\r\n`],
      ['CONNECT', (m: string) => `CONNECT evil.example:443 HTTP/1.1\r\nHost: ${m}\r\n\r\n`],
    ] as const) {
      const m = marker();
      await hostile(`malformed: ${name}`, build(m), m);
    }

    // Other methods on the callback path: 405 with the fixed page.
    for (const method of [
      'POST',
      'PUT',
      'DELETE',
      'PATCH',
      'OPTIONS',
      'TRACE',
      'PROPFIND',
      'HEAD',
    ]) {
      const m = marker();
      const answer = await hostile(
        `method ${method}`,
        `${method} ${path}?state=${state}&code=${m} HTTP/1.1\r\nHost: ${host}\r\nContent-Length: ${m.length}\r\nConnection: close\r\n\r\n${m}`,
        m,
        [405],
      );
      expect(answer.text).toMatch(/allow: GET/i);
    }

    // Other paths, including ones that normalise to the callback elsewhere.
    for (const other of [
      '/',
      `${path}/`,
      path.toUpperCase(),
      `/${path}`,
      `${path}/../callback`,
      path.replace('callback', '%63allback'),
      `${path}%3Fstate=`,
      `${path};x`,
      '/favicon.ico',
      '/../../etc/passwd',
    ]) {
      const m = marker();
      await hostile(`path ${other}`, get(`${other}?state=${state}&code=${m}`), m, [400, 404]);
    }

    // Host headers that are not exactly ours (DNS rebinding), missing or doubled.
    for (const headers of [
      ['Host: evil.example'],
      [`Host: localhost:${port}`],
      [`Host: 127.0.0.1`],
      [],
      [`Host: ${host}`, 'Host: evil.example'],
    ]) {
      const m = marker();
      // (An attacker has no state: with the genuine one a doubled Host would reach the flow, since
      // Node keeps the first Host header of a request.)
      await hostile(
        `host ${headers.join(',')}`,
        get(`${path}?state=${m}&code=${m}`, headers),
        m,
        [400],
      );
    }

    // Huge headers, many headers, a huge query string.
    {
      const m = marker();
      await hostile(
        '64 KB header',
        get(`${path}?q=${m}`, [`Host: ${host}`, `X-Big: ${m}${'a'.repeat(65_536)}`]),
        m,
      );
      const n = marker();
      const many = Array.from({ length: 500 }, (_, i) => `X-H${i}: ${n}`);
      await hostile('500 headers', get(`${path}?q=${n}`, [`Host: ${host}`, ...many]), n);
      const q = marker();
      await hostile(
        '100 KB query',
        get(`${path}?state=${state}&code=${q}${'b'.repeat(100_000)}`),
        q,
      );
      const r = marker();
      await hostile('8 KB query', get(`${path}?state=${r}&code=${'c'.repeat(8_000)}`), r);
    }

    // Forged but well-formed callbacks.
    for (const query of [
      (m: string) => `state=${m}&code=${m}`,
      (m: string) => `state=${state}&state=${state}&code=${m}`,
      (m: string) => `code=${m}`,
      (m: string) => `state=${state}&code=${m}&iss=https%3A%2F%2Fevil.example${m}&iss=x`,
      (m: string) => `state=${m}&error=${m}&error_description=${m}`,
    ]) {
      const m = marker();
      await hostile(`forged callback`, get(`${path}?${query(m)}`), m, [400]);
    }

    // Generated requests: method, path, query and headers all hostile.
    const token = fc.string({
      unit: fc.constantFrom(..."abcXYZ019-._~%/?&=;:@!$'()*+,".split('')),
      maxLength: 40,
    });
    let generated = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'GET', 'GET', 'POST', 'HEAD', 'PUT', 'get', 'G ET', ''),
        fc.constantFrom(path, path, '/', `${path}/x`, `/${path}`, ''),
        fc.array(fc.tuple(token, token), { maxLength: 6 }),
        fc.array(
          fc.tuple(
            fc.constantFrom(
              'X-A',
              'Cookie',
              'Referer',
              'Origin',
              'Host',
              'Content-Length',
              'Transfer-Encoding',
              'Expect',
            ),
            token,
          ),
          { maxLength: 4 },
        ),
        fc.boolean(),
        async (method, target, params, headers, withHost) => {
          const m = marker();
          const query = [...params.map(([k, v]) => `${k}=${v}`), `state=${m}`, `code=${m}`].join(
            '&',
          );
          const lines = [
            ...(withHost ? [`Host: ${host}`] : []),
            ...headers.map(([k, v]) => `${k}: ${v}${m}`),
            'Connection: close',
          ];
          generated += 1;
          sentCount += 1;
          const answer = await rawRequest(
            port,
            `${method} ${target}?${query} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`,
          );
          expect([400, 404, 405, 413, 414, 417, 431, 501, 505, null]).toContain(answer.status);
          expectNoReflection(answer, [m], `generated ${method} ${target}`);
        },
      ),
      { numRuns: 400, seed: SEED },
    );
    console.log(`loopback: ${generated} generated requests refused without reflection`);

    // Many connections at once.
    const crowd = await Promise.all(
      Array.from({ length: 300 }, () => {
        const m = marker();
        return rawRequest(port, get(`${path}?state=${m}&code=${m}`), 10_000).then((answer) => ({
          answer,
          m,
        }));
      }),
    );
    sentCount += crowd.length;
    for (const { answer, m } of crowd) {
      expect(answer.status).toBe(400);
      expectNoReflection(answer, [m], 'crowd');
    }
    console.log(
      `loopback: ${sentCount} hostile requests in all (300 at once), no answer echoed its input`,
    );

    // Nothing reached Google; the flow still waits.
    expect(h.emulator.stats().requests.token).toBe(0);
    expect(core.pendingFlow()).not.toBeNull();

    // Slow clients hold sockets open while the person signs in: the genuine callback still works.
    const slow = Array.from({ length: 40 }, () =>
      slowClient(port, `GET ${path}?state=`, 'abcdefghij', 200),
    );
    const { context, page } = await h.page();
    try {
      await completeConsent(page, url, { email: 'ada@example.com' });
      await expect(result).resolves.toMatchObject({
        ok: true,
        account: { email: 'ada@example.com' },
      });
      expect(await page.getByRole('heading').first().textContent()).toBe(
        'You can return to Latchkey',
      );
      // The branded page names the account that signed in.
      expect(await page.locator('main').textContent()).toContain(
        "You're signed in as ada@example.com.",
      );
    } finally {
      await context.close();
    }
    expect(h.emulator.stats().requests.token).toBe(1);

    // A late copy of a callback gets the fixed "already finished" page, not the flow.
    const late = marker();
    const lateAnswer = await rawRequest(port, get(`${path}?state=${late}&code=${late}`));
    expect(lateAnswer.status).toBe(200);
    expect(lateAnswer.text).toContain('This sign-in has already finished');
    expectNoReflection(lateAnswer, [late], 'after the flow');
    expect(h.emulator.stats().requests.token).toBe(1);

    // Once the flow is over, the listener drops the slow clients; disposing the core closes it.
    const dropped = await Promise.race([
      Promise.all(slow.map((s) => s.closed)).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 8_000)),
    ]);
    for (const s of slow) s.stop();
    expect(dropped, 'slow clients still connected after the flow ended').toBe(true);
    await core.dispose();
    expect(await portClosed(port)).toBe(true);
    expect(core.pendingFlow()).toBeNull();
  });
});
