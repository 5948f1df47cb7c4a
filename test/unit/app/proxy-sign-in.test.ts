/**
 * main/app/proxy-sign-in.ts: what Latchkey answers a proxy that asks for a sign-in — saved
 * credentials silently, else one question in the window however many requests wait, asked again
 * once when the proxy refuses and then failed, Cancel held for a while, "Remember" written only
 * once the proxy accepted — with the keychain store over a fake secret backend.
 */
import { describe, expect, it } from 'vitest';
import {
  createProxySignIn,
  DECLINE_MS,
  type ProxyChallenge,
} from '../../../main/app/proxy-sign-in.ts';
import { createProxyCredentialStore } from '../../../main/vault/proxy-credentials.ts';
import { createMemoryBackend } from '../../../main/vault/memory-backend.ts';
import type { SecretBackend } from '../../../main/vault/types.ts';
import { silentLogger } from '../../../main/log/log.ts';
import type { ProxyPrompt } from '../../../common/model.ts';

const CHALLENGE: ProxyChallenge = {
  proxy: 'proxy.corp.example:3128',
  realm: 'Corp proxy',
  scheme: 'basic',
  host: 'oauth2.googleapis.com',
};
const KEY = { proxy: CHALLENGE.proxy, realm: CHALLENGE.realm };
const ADA = { username: 'ada', password: 's3cret' };

function setUp(options: { backend?: SecretBackend } = {}) {
  const backend = options.backend ?? createMemoryBackend();
  const store = createProxyCredentialStore({
    service: 'Latchkey.proxy',
    logger: silentLogger,
    backend,
  });
  let clock = 1_000_000;
  const proxySignIn = createProxySignIn({ store, logger: silentLogger, now: () => clock });
  const pushed: Array<ProxyPrompt | null> = [];
  proxySignIn.onChange((prompt) => pushed.push(prompt));
  return {
    store,
    backend,
    proxySignIn,
    pushed,
    advance(ms: number) {
      clock += ms;
    },
  };
}

/** Lets pending promise callbacks run (the store is in memory: a few turns are enough). */
async function turns(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('proxy sign-in', () => {
  it('reuses a saved sign-in silently', async () => {
    const { store, proxySignIn, pushed } = setUp();
    await store.save(KEY, ADA);
    const attempt = proxySignIn.attempt();
    expect(await attempt.credentials(CHALLENGE)).toEqual(ADA);
    expect(pushed).toEqual([]);
    expect(proxySignIn.current()).toBeNull();
  });

  it('asks once for every request waiting on the same proxy, and all get the answer', async () => {
    const { proxySignIn, pushed } = setUp();
    const first = proxySignIn.attempt().credentials(CHALLENGE);
    const second = proxySignIn.attempt().credentials({ ...CHALLENGE, host: 'www.googleapis.com' });
    await turns();
    expect(pushed).toHaveLength(1);
    const prompt = pushed[0]!;
    expect(prompt).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown as string,
      proxy: 'proxy.corp.example:3128',
      host: 'oauth2.googleapis.com',
      realm: 'Corp proxy',
      scheme: 'basic',
      refused: false,
      username: '',
      canRemember: true,
    });
    expect(proxySignIn.answer({ id: prompt.id, ...ADA, remember: false })).toBe(true);
    expect(await first).toEqual(ADA);
    expect(await second).toEqual(ADA);
    expect(pushed).toEqual([prompt, null]);
    // The question is gone: a second answer is not taken.
    expect(proxySignIn.answer({ id: prompt.id, ...ADA, remember: false })).toBe(false);
    // Known for the rest of the run: the next request does not ask.
    expect(await proxySignIn.attempt().credentials(CHALLENGE)).toEqual(ADA);
    expect(pushed).toHaveLength(2);
  });

  it('refused: asks again once, saying so, then gives up', async () => {
    const { proxySignIn, pushed } = setUp();
    const attempt = proxySignIn.attempt();
    const first = attempt.credentials(CHALLENGE);
    await turns();
    proxySignIn.answer({ id: pushed[0]!.id, username: 'ada', password: 'typo', remember: true });
    expect(await first).toEqual({ username: 'ada', password: 'typo' });

    // The proxy challenges the same request again: it refused those.
    const second = attempt.credentials(CHALLENGE);
    await turns();
    expect(pushed[2]).toMatchObject({ refused: true, username: 'ada' });
    proxySignIn.answer({ id: pushed[2]!.id, username: 'ada', password: 'typo2', remember: false });
    expect(await second).toEqual({ username: 'ada', password: 'typo2' });

    // Refused again: no third question, the request fails.
    expect(await attempt.credentials(CHALLENGE)).toBeNull();
    expect(pushed.filter(Boolean)).toHaveLength(2);
  });

  it('a refused saved sign-in is not sent again this run; the window asks instead', async () => {
    const { store, proxySignIn, pushed } = setUp();
    await store.save(KEY, { username: 'ada', password: 'old' });
    const attempt = proxySignIn.attempt();
    expect(await attempt.credentials(CHALLENGE)).toEqual({ username: 'ada', password: 'old' });
    const retry = attempt.credentials(CHALLENGE);
    await turns();
    expect(pushed[0]).toMatchObject({ refused: true, username: 'ada' });
    proxySignIn.answer({ id: pushed[0]!.id, ...ADA, remember: false });
    expect(await retry).toEqual(ADA);
    attempt.accepted();
    // Without Remember the saved one stays in the keychain, but this run uses the new one.
    expect(await store.get(KEY)).toEqual({ username: 'ada', password: 'old' });
    expect(await proxySignIn.attempt().credentials(CHALLENGE)).toEqual(ADA);
  });

  it('Cancel fails the request, and the same proxy fails at once for a while, then asks again', async () => {
    const { proxySignIn, pushed, advance } = setUp();
    const waiting = proxySignIn.attempt().credentials(CHALLENGE);
    await turns();
    proxySignIn.answer({ id: pushed[0]!.id, cancel: true });
    expect(await waiting).toBeNull();
    expect(pushed).toEqual([pushed[0], null]);

    // The retries of the same action: no question comes back.
    expect(await proxySignIn.attempt().credentials(CHALLENGE)).toBeNull();
    expect(pushed).toHaveLength(2);

    advance(DECLINE_MS + 1);
    const later = proxySignIn.attempt().credentials(CHALLENGE);
    await turns();
    expect(pushed).toHaveLength(3);
    expect(pushed[2]).toMatchObject({ refused: false });
    proxySignIn.answer({ id: pushed[2]!.id, cancel: true });
    expect(await later).toBeNull();
  });

  it('remembers only what the proxy accepted, and only when asked to', async () => {
    const { store, proxySignIn, pushed } = setUp();
    // Remember, but refused: nothing is written.
    const attempt = proxySignIn.attempt();
    const first = attempt.credentials(CHALLENGE);
    await turns();
    proxySignIn.answer({ id: pushed[0]!.id, username: 'ada', password: 'typo', remember: true });
    await first;
    const second = attempt.credentials(CHALLENGE);
    await turns();
    expect(await store.list()).toEqual([]);
    proxySignIn.answer({ id: pushed[2]!.id, ...ADA, remember: true });
    await second;
    expect(await store.list()).toEqual([]);
    attempt.accepted();
    await turns();
    expect(await store.list()).toEqual([{ ...KEY, username: 'ada' }]);
    expect(await store.get(KEY)).toEqual(ADA);
  });

  it('without Remember nothing is written, even once accepted', async () => {
    const { store, proxySignIn, pushed } = setUp();
    const attempt = proxySignIn.attempt();
    const answer = attempt.credentials(CHALLENGE);
    await turns();
    proxySignIn.answer({ id: pushed[0]!.id, ...ADA, remember: false });
    await answer;
    attempt.accepted();
    await turns();
    expect(await store.list()).toEqual([]);
  });

  it('lists and forgets saved sign-ins; a forgotten one is no longer used', async () => {
    const { store, proxySignIn, pushed } = setUp();
    const forgotten: unknown[] = [];
    proxySignIn.onForgotten((key) => forgotten.push(key));
    await store.save(KEY, ADA);
    await store.save({ proxy: 'other.example:8080', realm: '' }, { username: 'g', password: 'h' });
    expect(await proxySignIn.attempt().credentials(CHALLENGE)).toEqual(ADA);
    expect(await proxySignIn.saved()).toEqual([
      { ...KEY, username: 'ada' },
      { proxy: 'other.example:8080', realm: '', username: 'g' },
    ]);
    expect(await proxySignIn.forget(KEY)).toEqual([
      { proxy: 'other.example:8080', realm: '', username: 'g' },
    ]);
    expect(forgotten).toEqual([KEY]);
    expect(await store.get(KEY)).toBeNull();
    // Asked again: neither the keychain nor this run's memory has it.
    void proxySignIn.attempt().credentials(CHALLENGE);
    await turns();
    expect(pushed).toHaveLength(1);
  });

  it('says when the keychain cannot remember, and never pushes a password', async () => {
    const broken: SecretBackend = {
      get: () => Promise.reject(new Error('no Secret Service')),
      set: () => Promise.reject(new Error('no Secret Service')),
      delete: () => Promise.reject(new Error('no Secret Service')),
    };
    const { proxySignIn, pushed } = setUp({ backend: broken });
    const attempt = proxySignIn.attempt();
    const answer = attempt.credentials({ ...CHALLENGE, realm: 'Corp\u0000\nproxy' });
    await turns();
    expect(pushed[0]).toMatchObject({ canRemember: false, realm: 'Corp  proxy' });
    proxySignIn.answer({ id: pushed[0]!.id, ...ADA, remember: true });
    await answer;
    attempt.accepted();
    // What the window ever received carries no password.
    expect(JSON.stringify(pushed)).not.toContain('s3cret');
    // Remembered in memory for this run (the keychain failed), and listed as such.
    await turns();
    expect(await proxySignIn.saved()).toEqual([
      { proxy: CHALLENGE.proxy, realm: 'Corp  proxy', username: 'ada' },
    ]);
  });

  it('dispose answers a waiting question with Cancel', async () => {
    const { proxySignIn, pushed } = setUp();
    const waiting = proxySignIn.attempt().credentials(CHALLENGE);
    await turns();
    expect(pushed).toHaveLength(1);
    proxySignIn.dispose();
    expect(await waiting).toBeNull();
    expect(proxySignIn.current()).toBeNull();
  });
});
