import { describe, expect, it } from 'vitest';
import { Flow, type FlowInit } from '../../../../main/auth/flow/flow.ts';

function init(overrides: Partial<FlowInit> = {}): FlowInit {
  return {
    purpose: 'sign-in',
    scopes: ['openid', 'email', 'profile'],
    redirect: 'loopback',
    redirectUri: 'http://127.0.0.1:1/oauth2/callback',
    url: 'https://accounts.google.com/o/oauth2/v2/auth?x=1',
    state: 'state-value',
    verifier: 'verifier-value',
    nonce: 'nonce-value',
    startedAt: 1_000,
    timeoutMs: 50,
    ...overrides,
  };
}

describe('Flow', () => {
  it('settles once; the first outcome wins and cleanups run once', async () => {
    const flow = new Flow(init({ timeoutMs: 10_000 }));
    let cleaned = 0;
    flow.onSettled(() => (cleaned += 1));
    expect(flow.settle({ ok: false, code: 'CANCELLED', message: 'c' })).toBe(true);
    expect(flow.settle({ ok: false, code: 'TIMED_OUT', message: 't' })).toBe(false);
    await expect(flow.result).resolves.toMatchObject({ code: 'CANCELLED' });
    expect(flow.phase).toBe('settled');
    expect(cleaned).toBe(1);
    flow.onSettled(() => (cleaned += 1));
    expect(cleaned).toBe(2);
  });

  it('times out with TIMED_OUT', async () => {
    const flow = new Flow(init());
    await expect(flow.result).resolves.toMatchObject({ ok: false, code: 'TIMED_OUT' });
  });

  it('takes one redirect only', () => {
    const flow = new Flow(init({ timeoutMs: 10_000 }));
    expect(flow.beginExchange()).toBe(true);
    expect(flow.beginExchange()).toBe(false);
    flow.settle({ ok: false, code: 'CANCELLED', message: 'c' });
    expect(flow.beginExchange()).toBe(false);
  });

  it('shows the window no secret', () => {
    const flow = new Flow(init({ purpose: 'connect', feature: 'calendar', timeoutMs: 10_000 }));
    const view = flow.view();
    expect(view).toEqual({
      purpose: 'connect',
      feature: 'calendar',
      url: 'https://accounts.google.com/o/oauth2/v2/auth?x=1',
      redirect: 'loopback',
      scopes: ['openid', 'email', 'profile'],
      expiresAt: new Date(1_000 + 10_000).toISOString(),
    });
    expect(JSON.stringify(view)).not.toMatch(/verifier-value|nonce-value/);
    flow.settle({ ok: false, code: 'CANCELLED', message: 'c' });
  });
});
