import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Flow } from '../../../../main/auth/flow/flow.ts';
import {
  Flows,
  type AuthorizationParams,
  type FlowRequest,
} from '../../../../main/auth/flow/flows.ts';
import {
  CustomSchemeReceiver,
  type RedirectReceiver,
} from '../../../../main/auth/flow/receivers.ts';
import type { FlowResult } from '../../../../main/auth/types.ts';
import { captureLog, fakeClock, ISSUER } from '../fakes.ts';

const SCHEME_URI = 'com.googleusercontent.apps.1-unit:/oauth2redirect';
const request: FlowRequest = {
  purpose: 'sign-in',
  requestScopes: ['openid', 'email', 'profile'],
  wantedScopes: ['openid', 'email', 'profile'],
  includeGrantedScopes: false,
};

function setup(
  complete?: (flow: Flow, code: string) => Promise<FlowResult>,
  extra: { lingerMs?: number; failOpen?: boolean } = {},
) {
  const opened: string[] = [];
  /** Resolves when the browser is next asked to open a URL. */
  let browserOpened: () => void = () => {};
  const params: AuthorizationParams[] = [];
  const codes: string[] = [];
  let changes = 0;
  let closed = 0;
  const endings: unknown[] = [];
  const { logger, lines } = captureLog();
  const receiver: RedirectReceiver = new CustomSchemeReceiver(SCHEME_URI);
  const flows = new Flows({
    clock: fakeClock(),
    timeoutMs: 60_000,
    logger,
    openReceiver: async () => ({
      kind: receiver.kind,
      redirectUri: receiver.redirectUri,
      ended: (ending) => void endings.push(ending),
      close: async () => void (closed += 1),
    }),
    customSchemeUri: SCHEME_URI,
    issuer: ISSUER,
    authorizationUrl: (p) => {
      params.push(p);
      return `${ISSUER}/auth?state=${p.state}`;
    },
    openExternal: async (url) => {
      opened.push(url);
      browserOpened();
      if (extra.failOpen && opened.length > 1) throw new Error('no browser');
    },
    complete:
      complete ??
      (async (_flow, code) => {
        codes.push(code);
        return { ok: false, code: 'SIGN_IN_FAILED', message: 'fake exchange' };
      }),
    changed: () => void (changes += 1),
    ...(extra.lingerMs !== undefined ? { lingerMs: extra.lingerMs } : {}),
  });
  /** Starts a flow and waits until the browser was asked to open it. */
  const start = async (req: FlowRequest = request) => {
    const asked = new Promise<void>((resolve) => (browserOpened = resolve));
    const result = flows.start(req);
    await asked;
    const state = params.at(-1)?.state as string;
    return { result, state, redirect: (query: string) => `${SCHEME_URI}?${query}` };
  };
  return {
    flows,
    start,
    opened,
    params,
    codes,
    lines,
    changes: () => changes,
    closed: () => closed,
    endings,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Flows', () => {
  it('starts one flow with fresh PKCE, state and nonce, and opens its URL in the browser', async () => {
    const { flows, start, opened, params } = setup();
    const { state } = await start();
    expect(opened).toEqual([`${ISSUER}/auth?state=${state}`]);
    const [p] = params;
    expect(p?.redirectUri).toBe(SCHEME_URI);
    expect(p?.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p?.state).not.toBe(p?.nonce);
    expect(flows.view()).toMatchObject({ purpose: 'sign-in', redirect: 'custom-scheme' });
    expect(await flows.start(request)).toMatchObject({ ok: false, code: 'FLOW_IN_PROGRESS' });
    flows.cancel();
  });

  it('ignores a forged redirect and still takes the genuine one', async () => {
    const { flows, start, codes } = setup();
    const { result, state, redirect } = await start();
    const forged = await flows.receive(
      redirect(`state=${'x'.repeat(43)}&code=evil`),
      'custom-scheme',
    );
    expect(forged).toEqual({ accepted: false, reason: 'unknown-state' });
    expect(flows.current).not.toBeNull();
    const genuine = await flows.receive(redirect(`state=${state}&code=good`), 'custom-scheme');
    expect(genuine.accepted).toBe(true);
    expect(await genuine.completed).toBe(false);
    expect(codes).toEqual(['good']);
    expect(await result).toMatchObject({ code: 'SIGN_IN_FAILED' });
    // The same redirect again: a replay, not an unknown state.
    expect(await flows.receive(redirect(`state=${state}&code=good`), 'custom-scheme')).toEqual({
      accepted: false,
      reason: 'replayed',
    });
  });

  it('a redirect for the other receiver kind does not reach the flow', async () => {
    const { flows, start } = setup();
    const { state, redirect } = await start();
    expect(await flows.receive(redirect(`state=${state}&code=c`), 'loopback')).toMatchObject({
      accepted: false,
    });
    expect(flows.current).not.toBeNull();
    flows.cancel();
  });

  it('access_denied ends the flow as CONSENT_DENIED without an exchange', async () => {
    const { flows, start, codes } = setup();
    const { result, state, redirect } = await start();
    const answer = await flows.receive(
      redirect(`state=${state}&error=access_denied`),
      'custom-scheme',
    );
    expect(answer).toMatchObject({ accepted: true, reason: 'access-denied' });
    expect(await result).toMatchObject({ ok: false, code: 'CONSENT_DENIED' });
    expect(codes).toEqual([]);
  });

  it('a completion that throws ends the flow as SIGN_IN_FAILED (logged)', async () => {
    const { flows, start, lines } = setup(async () => {
      throw new Error('boom');
    });
    const { result, state, redirect } = await start();
    await flows.receive(redirect(`state=${state}&code=c`), 'custom-scheme');
    expect(await result).toMatchObject({ ok: false, code: 'SIGN_IN_FAILED' });
    expect(lines.some((l) => l.startsWith('sign-in failed unexpectedly'))).toBe(true);
  });

  it('times out with TIMED_OUT, closes the receiver and remembers the state as expired', async () => {
    vi.useFakeTimers();
    const { flows, start, closed } = setup();
    const { result, state, redirect } = await start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toMatchObject({ ok: false, code: 'TIMED_OUT' });
    expect(closed()).toBe(1);
    expect(flows.view()).toBeNull();
    expect(await flows.receive(redirect(`state=${state}&code=c`), 'custom-scheme')).toEqual({
      accepted: false,
      reason: 'expired',
    });
  });

  it('cancel(sub) ends only a flow for that account; dispose refuses new flows', async () => {
    const { flows, start } = setup();
    const { result } = await start({ ...request, purpose: 'connect', expectedSub: '1001' });
    flows.cancel('2002');
    expect(flows.current).not.toBeNull();
    flows.cancel('1001');
    expect(await result).toMatchObject({ ok: false, code: 'CANCELLED' });
    await flows.dispose();
    expect(await flows.start(request)).toMatchObject({ ok: false, code: 'INTERNAL' });
  });

  it('reopen hands the same URL to the browser again, only while the flow waits', async () => {
    const { flows, start, opened, params } = setup();
    const { result } = await start();
    expect(await flows.reopen()).toBe(true);
    expect(opened).toHaveLength(2);
    expect(opened[1]).toBe(opened[0]);
    // No new flow: the same state, one authorization URL built.
    expect(params).toHaveLength(1);
    flows.cancel();
    expect(await result).toMatchObject({ code: 'CANCELLED' });
    expect(await flows.reopen()).toBe(false);
    expect(opened).toHaveLength(2);
  });

  it('reopen says false when the browser could not be opened (logged, not thrown)', async () => {
    const { flows, start, lines } = setup(undefined, { failOpen: true });
    await start();
    expect(await flows.reopen()).toBe(false);
    expect(lines.some((l) => l.startsWith('could not open the system browser'))).toBe(true);
    expect(flows.current).not.toBeNull();
    flows.cancel();
  });

  it("keeps an ended flow's receiver answering for lingerMs, telling it how the flow ended", async () => {
    vi.useFakeTimers();
    const { flows, start, closed, endings } = setup(undefined, { lingerMs: 120_000 });
    const first = await start();
    flows.cancel();
    expect(await first.result).toMatchObject({ code: 'CANCELLED' });
    expect(endings).toEqual([{ kind: 'cancelled' }]);
    expect(closed()).toBe(0);
    await vi.advanceTimersByTimeAsync(119_999);
    expect(closed()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(closed()).toBe(1);

    // A timed-out flow's receiver is told so; dispose closes a lingering one at once.
    const second = await start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await second.result).toMatchObject({ code: 'TIMED_OUT' });
    expect(endings.at(-1)).toEqual({ kind: 'timed-out' });
    expect(closed()).toBe(1);
    await flows.dispose();
    expect(closed()).toBe(2);
  });
});
