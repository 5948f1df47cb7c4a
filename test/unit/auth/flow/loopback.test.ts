import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOOPBACK_PATH,
  openLoopback,
  type FlowEnding,
  type LoopbackListener,
} from '../../../../main/auth/flow/loopback.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  port: number,
  path: string,
  options: { method?: string; host?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: options.host ?? `127.0.0.1:${port}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let listener: LoopbackListener | null = null;
afterEach(async () => {
  await listener?.close();
  listener = null;
});

describe('loopback receiver', () => {
  it('listens on 127.0.0.1 on an ephemeral port with one path', async () => {
    const seen: string[] = [];
    listener = await openLoopback({
      onRedirect: async (url) => {
        seen.push(url);
        return { accepted: true, completed: Promise.resolve(true) };
      },
    });
    expect(listener.port).toBeGreaterThan(1023);
    expect(listener.redirectUri).toBe(`http://127.0.0.1:${listener.port}${LOOPBACK_PATH}`);
    const reply = await send(listener.port, `${LOOPBACK_PATH}?state=s&code=c`);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toContain("default-src 'none'");
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
    expect(reply.body).toContain('You can return to Latchkey');
    expect(seen).toEqual([`http://127.0.0.1:${listener.port}${LOOPBACK_PATH}?state=s&code=c`]);
  });

  it('answers other paths, methods and hosts without asking the flow', async () => {
    let calls = 0;
    listener = await openLoopback({
      onRedirect: async () => {
        calls += 1;
        return { accepted: false };
      },
    });
    expect((await send(listener.port, '/')).status).toBe(404);
    expect((await send(listener.port, `${LOOPBACK_PATH}/x?code=c`)).status).toBe(404);
    expect((await send(listener.port, `${LOOPBACK_PATH}?code=c`, { method: 'POST' })).status).toBe(
      405,
    );
    expect(
      (await send(listener.port, `${LOOPBACK_PATH}?code=c`, { host: 'evil.example' })).status,
    ).toBe(400);
    expect(calls).toBe(0);
  });

  it('refuses a request with two Host headers (Node would read only the first)', async () => {
    let calls = 0;
    listener = await openLoopback({
      onRedirect: async () => {
        calls += 1;
        return { accepted: false };
      },
    });
    const host = `127.0.0.1:${listener.port}`;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(listener!.port, '127.0.0.1', () => {
        socket.end(
          `GET ${LOOPBACK_PATH}?code=c HTTP/1.1\r\nHost: ${host}\r\nHost: ${host}\r\n\r\n`,
        );
      });
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer.split('\r\n', 1)[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(calls).toBe(0);
  });

  it('never reflects the request into the page', async () => {
    listener = await openLoopback({ onRedirect: async () => ({ accepted: false }) });
    const marker = '%3Cscript%3Ealert(1)%3C%2Fscript%3E';
    const rejected = await send(listener.port, `${LOOPBACK_PATH}?state=${marker}&error=${marker}`);
    expect(rejected.status).toBe(400);
    expect(rejected.body).not.toContain('script');
    expect(rejected.body).not.toContain('alert');
    expect(rejected.headers['cache-control']).toBe('no-store');
  });

  it('reports a failed completion on the page and closes for good', async () => {
    listener = await openLoopback({
      onRedirect: async () => ({ accepted: true, completed: Promise.resolve(false) }),
    });
    const reply = await send(listener.port, `${LOOPBACK_PATH}?state=s&code=c`);
    expect(reply.body).toContain('did not complete');
    const port = listener.port;
    await listener.close();
    await expect(send(port, LOOPBACK_PATH)).rejects.toThrow();
  });

  it('after end(), answers the fixed page for how the flow ended, without asking the flow', async () => {
    let calls = 0;
    listener = await openLoopback({
      onRedirect: async () => {
        calls += 1;
        return { accepted: false };
      },
    });
    listener.end({ kind: 'cancelled' });
    const reply = await send(listener.port, `${LOOPBACK_PATH}?state=zzMark&code=zzMark`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('This sign-in was cancelled');
    expect(reply.body).toContain('Start again in Latchkey');
    expect(reply.body).not.toContain('zzMark');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-security-policy']).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; /,
    );
    // The Host check still applies, and the first ending stays.
    expect(
      (await send(listener.port, `${LOOPBACK_PATH}?code=c`, { host: 'evil.example' })).status,
    ).toBe(400);
    listener.end({ kind: 'timed-out' });
    expect((await send(listener.port, LOOPBACK_PATH)).body).toContain('This sign-in was cancelled');
    expect(calls).toBe(0);
  });

  it('names the signed-in account on the success page, HTML-escaped', async () => {
    const opened = await openLoopback({
      onRedirect: async () => ({
        accepted: true,
        // The flow settles (and ends the listener) before `completed` resolves.
        completed: Promise.resolve().then(() => {
          opened.end({ kind: 'signed-in', email: '<b>ada</b>@example.com' });
          return true;
        }),
      }),
    });
    listener = opened;
    const reply = await send(opened.port, `${LOOPBACK_PATH}?state=s&code=c`);
    expect(reply.body).toContain('You can return to Latchkey');
    expect(reply.body).toContain(
      'signed in as <strong>&lt;b&gt;ada&lt;/b&gt;@example.com</strong>',
    );
    expect(reply.body).toMatch(/prefers-color-scheme:dark/);
  });

  /** The page a browser gets when the flow ends with `ending` while answering (`completed`). */
  async function answerFor(ending: FlowEnding, completed: boolean): Promise<string> {
    const opened = await openLoopback({
      onRedirect: async () => ({
        accepted: true,
        completed: Promise.resolve().then(() => {
          opened.end(ending);
          return completed;
        }),
      }),
    });
    listener = opened;
    return (await send(opened.port, `${LOOPBACK_PATH}?state=s&code=c`)).body;
  }

  it('speaks of connecting, not signing in, for a connect flow', async () => {
    const connected = await answerFor(
      { kind: 'signed-in', email: 'ada@example.com', connecting: 'Google Calendar' },
      true,
    );
    expect(connected).toContain(
      'Google Calendar is connected for <strong>ada@example.com</strong>',
    );
    expect(connected).not.toMatch(/signed in/i);
    await listener?.close();
    const failed = await answerFor({ kind: 'ended', connecting: 'Google Calendar' }, false);
    expect(failed).toContain('Connecting Google Calendar did not complete');
    expect(failed).not.toMatch(/sign-in/i);
  });

  it('says what happened when boxes were left unticked or Deny was pressed', async () => {
    const partialConnect = await answerFor(
      { kind: 'partial', connecting: 'Google Calendar' },
      false,
    );
    expect(partialConnect).toContain('<h1>Not everything was allowed</h1>');
    expect(partialConnect).toContain('the box for Google Calendar was not ticked');
    expect(partialConnect).not.toContain('did not complete');
    await listener?.close();
    const partialSignIn = await answerFor({ kind: 'partial' }, false);
    expect(partialSignIn).toContain('not everything it needs to sign you in');
    await listener?.close();
    const deniedConnect = await answerFor({ kind: 'denied', connecting: 'Google Drive' }, false);
    expect(deniedConnect).toContain('<h1>Google Drive was not connected</h1>');
    await listener?.close();
    const deniedSignIn = await answerFor({ kind: 'denied' }, false);
    expect(deniedSignIn).toContain('<h1>You chose not to sign in</h1>');
    expect(deniedSignIn).toContain('You pressed Deny');
  });

  it('names the step on the pages a late browser gets', async () => {
    listener = await openLoopback({ onRedirect: async () => ({ accepted: false }) });
    listener.end({ kind: 'cancelled', connecting: 'Google Tasks' });
    const reply = await send(listener.port, LOOPBACK_PATH);
    expect(reply.body).toContain('<h1>Connecting Google Tasks was cancelled</h1>');
    expect(reply.body).not.toMatch(/sign-in/i);
  });
});
