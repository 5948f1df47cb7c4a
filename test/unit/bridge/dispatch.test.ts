import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../common/result.ts';
import { methodList } from '../../../common/contract.ts';
import { dispatch, isContractMethod, summarizeError } from '../../../main/bridge/dispatch.ts';
import { recordingHandlers } from '../electron/fake-handlers.ts';

describe('dispatch', () => {
  it('never throws and always answers a Result with a known code, whatever arrives', async () => {
    const { handlers } = recordingHandlers();
    const names = methodList();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...names.map((n) => n.namespace)), fc.anything()),
        fc.oneof(fc.constantFrom(...names.map((n) => n.method)), fc.anything()),
        fc.anything(),
        async (namespace, method, input) => {
          const result = await dispatch(handlers, { namespace, method, input });
          if (result.ok) return;
          expect(ERROR_CODES).toContain(result.error.code);
          expect(typeof result.error.message).toBe('string');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is the one catch: a thrown error with a meaning keeps it, anything else is INTERNAL', async () => {
    const { handlers } = recordingHandlers();
    const thrown = new Error('raw library text');
    (handlers.settings as unknown as { security: () => Promise<never> }).security = async () => {
      throw thrown;
    };
    const call = { namespace: 'settings', method: 'security', input: undefined };
    const reported: string[] = [];
    const report = (method: string, summary: string): void => {
      reported.push(`${method}: ${summary}`);
    };
    const meaning = { code: 'NETWORK' as const, message: 'Google could not be reached.' };
    expect(await dispatch(handlers, call, report, (e) => (e === thrown ? meaning : null))).toEqual({
      ok: false,
      error: meaning,
    });
    const unknown = await dispatch(handlers, call, report, () => null);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(unknown)).not.toContain('raw library text');
    // A mapping that itself throws is not a second way out.
    const broken = await dispatch(handlers, call, report, () => {
      throw new Error('mapping bug');
    });
    expect(broken).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(reported).toHaveLength(3);
  });

  it('does not reach handlers through the prototype chain', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const [namespace, method] of [
      ['auth', 'constructor'],
      ['auth', '__proto__'],
      ['__proto__', 'toString'],
      ['auth', 'hasOwnProperty'],
    ]) {
      expect(isContractMethod(namespace, method)).toBe(false);
      const result = await dispatch(handlers, { namespace, method, input: undefined });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(calls).toEqual([]);
  });

  it('redacts token-shaped text from error summaries', () => {
    const summary = summarizeError(
      new Error(
        'refresh 1//0gABCDEF-secret failed; bearer ya29.A0ARrdaM-xyz; id eyJhbGciOi.eyJzdWIi.sig; ' +
          'at /cb?code=4-short&state=st4te; Authorization: Bearer abc.def',
      ),
    );
    expect(summary).not.toMatch(/1\/\/0gABCDEF|ya29\.A0|eyJhbGciOi|4-short|st4te|abc\.def/);
    expect(summarizeError('a string')).toBe('non-error thrown (string)');
  });
});

describe('text a URL can carry', () => {
  it('refuses a loginHint with a lone surrogate at the bridge, not deep inside the sign-in', async () => {
    const { handlers, calls } = recordingHandlers();
    for (const loginHint of ['ada\uD800@example.com', '\uDC00', 'ada@example.com\uD83D']) {
      const result = await dispatch(handlers, {
        namespace: 'auth',
        method: 'signIn',
        input: { loginHint },
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(calls).toEqual([]);
    // A whole surrogate pair is text like any other.
    await dispatch(handlers, {
      namespace: 'auth',
      method: 'signIn',
      input: { loginHint: 'ada😀@example.com' },
    });
    expect(calls).toHaveLength(1);
  });
});

describe('proxy answers', () => {
  const id = 'd'.repeat(32);

  it('takes a user name and password with Remember, or Cancel, for a question id', async () => {
    const { handlers, calls } = recordingHandlers();
    const good = [
      { id, username: 'ada', password: 'p', remember: false },
      { id, username: 'CORP\\ada', password: 'x'.repeat(1024), remember: true },
      { id, cancel: true },
    ];
    for (const input of good) {
      expect(
        await dispatch(handlers, { namespace: 'proxy', method: 'answer', input }),
      ).toMatchObject({ ok: true });
    }
    expect(calls).toHaveLength(3);
  });

  it('refuses anything else before it reaches main', async () => {
    const { handlers, calls } = recordingHandlers();
    const bad = [
      undefined,
      { id: 'not-an-id', cancel: true },
      { id, cancel: false },
      { id, username: '', password: 'p', remember: false },
      { id, username: 'ada', password: '', remember: false },
      { id, username: 'ada', password: 'x'.repeat(1025), remember: false },
      { id, username: 'ada', password: 'p' },
      { id, username: 'ada\uD800', password: 'p', remember: false },
      { id, username: 'ada', password: 'p', remember: false, extra: 1 },
    ];
    for (const input of bad) {
      expect(
        await dispatch(handlers, { namespace: 'proxy', method: 'answer', input }),
        JSON.stringify(input),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(calls).toEqual([]);
  });
});
