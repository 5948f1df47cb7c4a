import { describe, expect, it, vi } from 'vitest';
import { generateDpopKey } from '../../../main/auth/tokens/dpop.ts';
import {
  decodeRefreshEntry,
  decodeRefreshToken,
  decodeRevocation,
  encodeRefreshToken,
  encodeRevocation,
  MAX_ENTRY_CHARS,
} from '../../../main/vault/envelope.ts';
import { classifyKeychainFailure, createVault } from '../../../main/vault/vault.ts';
import type { KeytarLike } from '../../../main/vault/types.ts';
import { createLogger } from '../../../main/log/log.ts';

function logs() {
  const lines: string[] = [];
  return { logger: createLogger({ stream: { write: (l: string) => lines.push(l) } }), lines };
}

describe('keychain envelope', () => {
  it('round-trips a refresh token and a pending revocation', () => {
    const raw = encodeRefreshToken('1//refresh-token');
    expect(JSON.parse(raw)).toEqual({ v: 1, kind: 'refresh_token', token: '1//refresh-token' });
    expect(decodeRefreshToken(raw)).toEqual({ ok: true, value: '1//refresh-token' });
    const since = new Date('2026-01-01T00:00:00Z');
    expect(decodeRevocation(encodeRevocation('1//r', since))).toEqual({
      ok: true,
      value: { token: '1//r', since: '2026-01-01T00:00:00.000Z' },
    });
  });

  it('recognises corrupt, foreign and oversized entries', () => {
    expect(decodeRefreshToken('1//bare-token')).toEqual({ ok: false, problem: 'not-json' });
    expect(decodeRefreshToken('{"v":3,"kind":"refresh_token","token":"x"}')).toEqual({
      ok: false,
      problem: 'foreign',
    });
    expect(decodeRefreshToken('{"v":2,"kind":"refresh_token","token":"x","extra":1}')).toEqual({
      ok: false,
      problem: 'foreign',
    });
    expect(decodeRefreshToken('{"password":"x"}')).toEqual({ ok: false, problem: 'foreign' });
    expect(decodeRefreshToken('{"v":1,"kind":"refresh_token","token":"has space"}')).toEqual({
      ok: false,
      problem: 'foreign',
    });
    expect(decodeRefreshToken(encodeRevocation('1//r', new Date()))).toEqual({
      ok: false,
      problem: 'foreign',
    });
    expect(decodeRefreshToken('x'.repeat(MAX_ENTRY_CHARS + 1))).toEqual({
      ok: false,
      problem: 'oversized',
    });
    expect(() => encodeRefreshToken('')).toThrow();
  });
});

describe('classifyKeychainFailure', () => {
  it('tells the four cases apart from the keychains’ own words', () => {
    const cases: Array<[string, string]> = [
      ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'no-service'],
      ['The name org.freedesktop.secrets was not provided by any .service files', 'no-service'],
      ['Cannot create an item in a locked collection', 'locked'],
      [
        'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        'no-default-collection',
      ],
      [
        'No such secret collection at path: /org/freedesktop/secrets/aliases/default',
        'no-default-collection',
      ],
      ['User canceled the operation.', 'refused'],
      ['Access denied', 'refused'],
      ['the keychain did not answer in time', 'unavailable'],
    ];
    for (const [message, problem] of cases)
      expect([message, classifyKeychainFailure(message)]).toEqual([message, problem]);
  });
});

describe('vault fallback', () => {
  it('promises the keychain only after a write went through (and leaves no probe entry)', async () => {
    const store = new Map<string, string>();
    const calls: string[] = [];
    const lookupsOnly: KeytarLike = {
      getPassword: async (_s, a) => (calls.push(`get ${a}`), store.get(a) ?? null),
      setPassword: async (_s, a) => {
        calls.push(`set ${a}`);
        throw new Error(
          'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        );
      },
      deletePassword: async (_s, a) => (calls.push(`delete ${a}`), store.delete(a)),
    };
    const refused = await createVault({
      service: 's',
      logger: logs().logger,
      loadKeytar: async () => lookupsOnly,
    });
    expect(refused.storage()).toMatchObject({ kind: 'memory', problem: 'no-default-collection' });
    expect(calls).toEqual(['set latchkey-probe']);

    const working: KeytarLike = {
      getPassword: async (_s, a) => store.get(a) ?? null,
      setPassword: async (_s, a, p) => void store.set(a, p),
      deletePassword: async (_s, a) => store.delete(a),
    };
    const vault = await createVault({
      service: 's',
      logger: logs().logger,
      loadKeytar: async () => working,
    });
    expect(vault.storage()).toEqual({ kind: 'keychain', service: 's' });
    expect([...store.keys()]).toEqual([]);
  });

  it('a missing keytar module → memory-only, reason recorded, nothing thrown', async () => {
    const { logger, lines } = logs();
    const vault = await createVault({
      service: 'dev.latchkey.unit',
      logger,
      loadKeytar: async () => {
        throw new Error("Cannot find module 'keytar'");
      },
    });
    expect(vault.storage()).toMatchObject({ kind: 'memory' });
    expect((vault.storage() as { reason: string }).reason).toContain('keytar');
    await vault.set('123', '1//in-memory');
    expect(await vault.get('123')).toBe('1//in-memory');
    await vault.delete('123');
    expect(await vault.get('123')).toBeNull();
    expect(lines.join('')).not.toContain('1//in-memory');
  });

  it('a keychain that starts refusing → memory-only from then on, listeners told', async () => {
    const { logger } = logs();
    let refuse = false;
    const store = new Map<string, string>();
    const keytar: KeytarLike = {
      getPassword: async (_s, a) =>
        refuse ? Promise.reject(new Error('locked')) : (store.get(a) ?? null),
      setPassword: async (_s, a, p) => {
        if (refuse) throw new Error('locked');
        store.set(a, p);
      },
      deletePassword: async (_s, a) => store.delete(a),
    };
    const vault = await createVault({ service: 's', logger, loadKeytar: async () => keytar });
    expect(vault.storage()).toEqual({ kind: 'keychain', service: 's' });
    const changes: unknown[] = [];
    vault.onStorageChange((s) => changes.push(s));
    refuse = true;
    await vault.set('1', '1//token');
    expect(vault.storage()).toMatchObject({ kind: 'memory' });
    expect(changes).toHaveLength(1);
    expect(await vault.get('1')).toBe('1//token');
    expect(store.size).toBe(0);
  });

  it('a keyring started for this run is said to be temporary', async () => {
    const vault = await createVault({
      service: 's',
      logger: logs().logger,
      temporaryKeychain: true,
      loadKeytar: async () => ({
        getPassword: async () => null,
        setPassword: async () => undefined,
        deletePassword: async () => true,
      }),
    });
    expect(vault.storage()).toEqual({ kind: 'keychain', service: 's', temporary: true });
  });

  it('a keychain that never answers → memory-only after the time limit', async () => {
    const { logger } = logs();
    const hang = () => new Promise<never>(() => undefined);
    const vault = await createVault({
      service: 's',
      logger,
      keychainTimeoutMs: 50,
      loadKeytar: async () => ({
        getPassword: hang,
        setPassword: hang,
        deletePassword: hang,
      }),
    });
    expect(vault.storage()).toMatchObject({ kind: 'memory' });
    expect((vault.storage() as { reason: string }).reason).toContain('in time');
  });

  it('a call waiting for a keychain prompt says so, then goes on in the keychain', async () => {
    vi.useFakeTimers();
    try {
      const { logger } = logs();
      let answer: (value: string | null) => void = () => undefined;
      let slow = false;
      const vault = await createVault({
        service: 's',
        logger,
        keychainPromptAfterMs: 5_000,
        keychainTimeoutMs: 180_000,
        loadKeytar: async () => ({
          getPassword: () =>
            slow ? new Promise<string | null>((r) => (answer = r)) : Promise.resolve(null),
          setPassword: async () => undefined,
          deletePassword: async () => true,
        }),
      });
      const changes: unknown[] = [];
      vault.onStorageChange((s) => changes.push(s));
      slow = true;
      const read = vault.get('1');
      await vi.advanceTimersByTimeAsync(4_999);
      expect(changes).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(vault.storage()).toEqual({ kind: 'keychain', service: 's', waiting: true });
      // Far past the old 5-second limit, the person is still reading the prompt.
      await vi.advanceTimersByTimeAsync(60_000);
      answer(null);
      expect(await read).toBeNull();
      expect(vault.storage()).toEqual({ kind: 'keychain', service: 's' });
      expect(changes).toEqual([
        { kind: 'keychain', service: 's', waiting: true },
        { kind: 'keychain', service: 's' },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses account names that are not ids', async () => {
    const vault = await createVault({
      service: 's',
      logger: logs().logger,
      memoryOnlyReason: 'test',
    });
    await expect(vault.get('pending-revocation:x')).rejects.toThrow(TypeError);
    await expect(vault.set('a b', 't')).rejects.toThrow(TypeError);
  });
});

describe('keychain envelope, version 2 (DPoP)', () => {
  /** A realistic Google refresh token: `1//` and ~100 characters. */
  const googleLike = `1//0${'A'.repeat(99)}`;
  const longest = 'R'.repeat(2_048);

  it('a bound token is written as v2 with its key and read back as bound', () => {
    const key = generateDpopKey();
    const raw = encodeRefreshToken(googleLike, key.jwk);
    expect(JSON.parse(raw)).toEqual({
      v: 2,
      kind: 'refresh_token',
      token: googleLike,
      dpopKey: key.jwk,
    });
    expect(decodeRefreshEntry(raw)).toEqual({
      ok: true,
      value: { token: googleLike, bound: true, dpopKey: key.jwk },
    });
    expect(decodeRefreshToken(raw)).toEqual({ ok: true, value: googleLike });
  });

  it('a bearer token stays v1 (older versions read it), and v1 reads as not bound', () => {
    const raw = encodeRefreshToken(googleLike);
    expect(JSON.parse(raw)).toEqual({ v: 1, kind: 'refresh_token', token: googleLike });
    expect(decodeRefreshEntry(raw)).toEqual({
      ok: true,
      value: { token: googleLike, bound: false },
    });
    const v2Bearer = JSON.stringify({ v: 2, kind: 'refresh_token', token: googleLike });
    expect(decodeRefreshEntry(v2Bearer)).toEqual({
      ok: true,
      value: { token: googleLike, bound: false },
    });
  });

  it('a v2 entry naming a damaged key still reads as bound (the caller signs it out)', () => {
    const raw = JSON.stringify({ v: 2, kind: 'refresh_token', token: googleLike, dpopKey: 'gone' });
    expect(decodeRefreshEntry(raw)).toEqual({
      ok: true,
      value: { token: googleLike, bound: true, dpopKey: 'gone' },
    });
  });

  it('stays under the Windows Credential Manager cap of 2,560 bytes', () => {
    const key = generateDpopKey();
    const typical = encodeRefreshToken(googleLike, key.jwk);
    expect(Buffer.byteLength(typical, 'utf8')).toBeLessThan(500);
    // Even the longest token the envelope accepts, with a key, fits.
    const worst = encodeRefreshToken(longest, key.jwk);
    expect(Buffer.byteLength(worst, 'utf8')).toBeLessThanOrEqual(MAX_ENTRY_CHARS);
    expect(decodeRefreshEntry(worst).ok).toBe(true);
  });

  it('refuses to write a key that is not a P-256 private JWK', () => {
    const key = generateDpopKey();
    expect(() =>
      encodeRefreshToken(googleLike, { ...key.jwk, d: 'short' } as typeof key.jwk),
    ).toThrow();
  });

  it('the vault stores and returns the key with the token', async () => {
    const { logger, lines } = logs();
    const store = new Map<string, string>();
    const keytar: KeytarLike = {
      getPassword: async (_s, a) => store.get(a) ?? null,
      setPassword: async (_s, a, p) => void store.set(a, p),
      deletePassword: async (_s, a) => store.delete(a),
    };
    const vault = await createVault({ service: 's2', logger, loadKeytar: async () => keytar });
    const key = generateDpopKey();
    await vault.set('42', googleLike, key.jwk);
    expect(await vault.getEntry('42')).toEqual({
      token: googleLike,
      bound: true,
      dpopKey: key.jwk,
    });
    expect(await vault.get('42')).toBe(googleLike);
    await vault.set('43', googleLike);
    expect(await vault.getEntry('43')).toEqual({ token: googleLike, bound: false });
    expect(lines.join('')).not.toContain(key.jwk.d);
  });
});
