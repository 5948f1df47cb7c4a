import { describe, expect, it } from 'vitest';
import {
  createLogger,
  isSecretKey,
  logFormat,
  redact,
  redactText,
  REDACTED,
} from '../../../main/log/log.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    stream: { write: (chunk: string) => lines.push(chunk) },
    now: () => 0,
  });
  return { logger, lines, text: () => lines.join('') };
}

const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxMjMiLCJub25jZSI6Im4ifQ.c2lnbmF0dXJlLWJ5dGVz';
const ACCESS = 'ya29.a0AfB_byC-token.value_123';
const REFRESH = '1//0gLkZ3-refresh_token-Value';
const CODE = '4/0AY0e-g7abcdefghijklmnop';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const SECRET = 'GOCSPX-AbCdEfGhIjKlMnOp';

describe('logger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const { logger, lines } = capture();
    logger.info('hello', { n: 1 });
    logger.warn('careful');
    logger.error('broken', { error: new Error('boom') });
    expect(lines).toHaveLength(3);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      msg: 'hello',
      n: 1,
    });
    expect(parsed[1]).toMatchObject({ level: 'warn', msg: 'careful' });
    expect(parsed[2]).toMatchObject({ level: 'error', error: { name: 'Error', message: 'boom' } });
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
  });

  it('redacts secret-named fields at any depth', () => {
    const { logger, text } = capture();
    logger.info('fields', {
      access_token: 'short',
      refreshToken: 'short2',
      code: 'abc',
      code_verifier: 'v',
      client_secret: 's',
      headers: { Authorization: 'Bearer x' },
      nested: [{ id_token: 'j' }],
      state: 'st',
      nonce: 'nn',
      errorCode: 'CONSENT_DENIED',
    });
    const out = text();
    for (const value of [
      'short',
      'short2',
      '"abc"',
      '"v"',
      '"s"',
      'Bearer x',
      '"j"',
      '"st"',
      '"nn"',
    ]) {
      expect(out).not.toContain(value);
    }
    expect(out).toContain('CONSENT_DENIED');
    expect(isSecretKey('X-Goog-Api-Key')).toBe(true);
    expect(isSecretKey('account')).toBe(false);
  });

  it('redacts token-shaped values inside free text, messages and errors', () => {
    const { logger, text } = capture();
    const leaky = `url http://127.0.0.1:1/cb?code=${CODE}&state=abc got ${JWT} then ${ACCESS} and ${REFRESH} verifier ${VERIFIER} secret ${SECRET} Authorization: Bearer opaque-thing`;
    logger.error(leaky, { detail: leaky, error: new Error(leaky), list: [leaky] });
    const out = text();
    for (const secret of [
      JWT,
      ACCESS,
      REFRESH,
      CODE,
      VERIFIER,
      SECRET,
      'opaque-thing',
      'state=abc',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain(REDACTED);
    expect(out).toContain('http://127.0.0.1:1/cb');
  });

  it('keeps ordinary text readable', () => {
    expect(redactText('signed in ada@example.com with 3 scopes')).toBe(
      'signed in ada@example.com with 3 scopes',
    );
    expect(redact({ when: new Date(0), n: 5, ok: true, none: null })).toEqual({
      when: '1970-01-01T00:00:00.000Z',
      n: 5,
      ok: true,
      none: null,
    });
  });

  it('survives cycles-by-depth and a throwing sink', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i += 1) {
      cursor.next = {};
      cursor = cursor.next as Record<string, unknown>;
    }
    const logger = createLogger({
      stream: {
        write: () => {
          throw new Error('disk full');
        },
      },
    });
    expect(() => logger.info('x', deep)).not.toThrow();
    expect(JSON.stringify(redact(deep))).toContain('[truncated]');
  });
});

describe('log format', () => {
  const tty = { write: () => undefined, isTTY: true };
  const pipe = { write: () => undefined };

  it('is text on a terminal and JSON elsewhere; LATCHKEY_LOG decides when set', () => {
    expect(logFormat(tty, {})).toBe('text');
    expect(logFormat(pipe, {})).toBe('json');
    expect(logFormat({ ...pipe, isTTY: false }, {})).toBe('json');
    expect(logFormat(tty, { LATCHKEY_LOG: 'json' })).toBe('json');
    expect(logFormat(tty, { LATCHKEY_LOG: ' JSON ' })).toBe('json');
    expect(logFormat(pipe, { LATCHKEY_LOG: 'text' })).toBe('text');
    expect(logFormat(pipe, { LATCHKEY_LOG: 'something' })).toBe('json');
  });

  function terminal(env: Record<string, string> = {}) {
    const lines: string[] = [];
    const logger = createLogger({
      stream: { write: (chunk: string) => lines.push(chunk), isTTY: true },
      base: { process: 'main' },
      env,
      now: () => new Date(2026, 10, 25, 9, 4, 31).getTime(),
    });
    return { logger, lines, text: () => lines.join('') };
  }

  it('writes readable lines to a terminal: local time, level, message, key=value', () => {
    const { logger, lines } = terminal();
    logger.warn('keychain unavailable; keeping credentials in memory only', {
      reason: 'No Secret Service',
      port: 4000,
      ok: true,
    });
    logger.info('ready');
    expect(lines).toEqual([
      '09:04:31 WARN  keychain unavailable; keeping credentials in memory only  process=main  reason="No Secret Service"  port=4000  ok=true\n',
      '09:04:31 INFO  ready  process=main\n',
    ]);
  });

  it('writes JSON lines to a terminal when LATCHKEY_LOG=json', () => {
    const { logger, lines } = terminal({ LATCHKEY_LOG: 'json' });
    logger.info('ready', { n: 1 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', msg: 'ready', n: 1 });
  });

  it('redacts text lines exactly as JSON lines', () => {
    const { logger, text } = terminal();
    const leaky = `url http://127.0.0.1:1/cb?code=${CODE}&state=abc got ${JWT} then ${ACCESS} and ${REFRESH} verifier ${VERIFIER} secret ${SECRET} Authorization: Bearer opaque-thing`;
    logger.error(leaky, {
      detail: leaky,
      error: new Error(leaky),
      list: [leaky],
      access_token: 'short',
      headers: { Authorization: 'Bearer x' },
      state: 'st',
    });
    const out = text();
    for (const secret of [
      JWT,
      ACCESS,
      REFRESH,
      CODE,
      VERIFIER,
      SECRET,
      'opaque-thing',
      'state=abc',
      'short',
      'Bearer x',
      '"st"',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain(REDACTED);
    expect(out).toContain('http://127.0.0.1:1/cb');
  });

  it('keeps one event on one line: control characters are escaped', () => {
    const { logger, lines } = terminal();
    logger.info('two\nlines', { value: 'a\u001b[2Jb\r\nforged INFO line' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.indexOf('\n')).toBe(lines[0]!.length - 1);
    expect(lines[0]).not.toContain('\u001b');
  });
});
