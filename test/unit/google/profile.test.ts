import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../../main/auth/types.ts';
import {
  getProfile,
  mapUserinfo,
  PROFILE_CACHE_KEY,
  ProfileCache,
} from '../../../main/google/profile.ts';
import { ACCOUNT, coreFor, signedInClient } from './fixtures.ts';
import { sendJson, startLoopback } from './loopback.ts';
import type { Loopback } from './loopback.ts';

/** A metadata store kept in a Map, JSON-copied like a file-backed one. */
function memoryStore(): MetadataStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (key) => (data.has(key) ? JSON.parse(JSON.stringify(data.get(key))) : undefined),
    set: (key, value) => void data.set(key, JSON.parse(JSON.stringify(value))),
    delete: (key) => void data.delete(key),
  };
}

const USERINFO = {
  sub: ACCOUNT.id,
  email: 'ada@example.com',
  email_verified: true,
  name: 'Ada Lovelace',
  given_name: 'Ada',
  family_name: 'Lovelace',
  picture: 'https://lh3.googleusercontent.com/a/ada',
};
const FETCHED = new Date('2026-11-25T07:00:00Z');

describe('mapUserinfo', () => {
  it('maps OpenID userinfo', () => {
    expect(mapUserinfo(USERINFO, FETCHED)).toEqual({
      id: ACCOUNT.id,
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada Lovelace',
      givenName: 'Ada',
      familyName: 'Lovelace',
      pictureUrl: 'https://lh3.googleusercontent.com/a/ada',
      fetchedAt: '2026-11-25T07:00:00.000Z',
    });
  });

  it('fills a missing name, reads "true" strings, drops unsafe pictures', () => {
    const profile = mapUserinfo(
      {
        sub: '1',
        email: 'x@example.com',
        email_verified: 'true',
        given_name: 'X',
        picture: 'javascript:1',
      },
      FETCHED,
    );
    expect(profile).toMatchObject({
      name: 'X',
      emailVerified: true,
      pictureUrl: null,
      familyName: null,
    });
    expect(mapUserinfo({ sub: '1', email: 'y@example.com' }, FETCHED).name).toBe('y@example.com');
  });

  it('rejects an answer without sub', () => {
    expect(() => mapUserinfo({ email: 'x@example.com' }, FETCHED)).toThrow();
  });
});

describe('ProfileCache', () => {
  it('stores, reads back, removes one, retains only signed-in accounts', () => {
    const store = memoryStore();
    const cache = new ProfileCache(store);
    const ada = mapUserinfo(USERINFO, FETCHED);
    const grace = { ...ada, id: '1002', email: 'grace@example.com' };
    cache.set(ada);
    cache.set(grace);
    expect(cache.get(ada.id)).toEqual(ada);
    cache.retainOnly([grace.id]);
    expect(cache.get(ada.id)).toBeNull();
    expect(cache.get(grace.id)).toEqual(grace);
    cache.delete(grace.id);
    expect(store.get(PROFILE_CACHE_KEY)).toEqual({});
  });

  it('treats a malformed or foreign entry as absent and removes it', () => {
    const store = memoryStore();
    store.set(PROFILE_CACHE_KEY, { '1001': { id: '1002', email: 3 }, '7': 'junk' });
    const cache = new ProfileCache(store);
    expect(cache.get('1001')).toBeNull();
    expect(cache.get('7')).toBeNull();
    expect(store.get(PROFILE_CACHE_KEY)).toEqual({});
    store.set(PROFILE_CACHE_KEY, 'not an object');
    expect(cache.get('1001')).toBeNull();
  });
});

describe('getProfile against a loopback userinfo endpoint', () => {
  let server: Loopback;
  let answer: unknown;
  beforeAll(async () => {
    server = await startLoopback((_request, response) => sendJson(response, 200, answer));
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    answer = USERINFO;
  });

  it('fetches when nothing is cached, then serves the cache without a request', async () => {
    const cache = new ProfileCache(memoryStore());
    const ctx = { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id };
    const options = { userinfoUrl: `${server.origin}/v1/userinfo`, cache, now: () => FETCHED };
    const first = await getProfile(ctx, options);
    expect(first).toMatchObject({ ok: true, value: { cached: false, name: 'Ada Lovelace' } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.authorization).toBe('Bearer valid');

    const second = await getProfile(ctx, options);
    expect(second).toMatchObject({ ok: true, value: { cached: true, name: 'Ada Lovelace' } });
    expect(server.requests).toHaveLength(1);

    answer = { ...USERINFO, name: 'Augusta Ada King' };
    const refreshed = await getProfile(ctx, { ...options, refresh: true });
    expect(refreshed).toMatchObject({
      ok: true,
      value: { cached: false, name: 'Augusta Ada King' },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('refuses (and does not cache) a profile of another account', async () => {
    answer = { ...USERINFO, sub: '9999' };
    const cache = new ProfileCache(memoryStore());
    const result = await getProfile(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { userinfoUrl: `${server.origin}/v1/userinfo`, cache },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(cache.get(ACCOUNT.id)).toBeNull();
    expect(cache.get('9999')).toBeNull();
  });

  it('a malformed answer is INTERNAL', async () => {
    answer = ['not', 'userinfo'];
    const result = await getProfile(
      { core: coreFor(ACCOUNT, signedInClient()), accountId: ACCOUNT.id },
      { userinfoUrl: `${server.origin}/v1/userinfo`, cache: new ProfileCache(memoryStore()) },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
