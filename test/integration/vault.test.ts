/**
 * The TokenVault against the real Secret Service (gnome-keyring under scripts/with-keyring.sh),
 * and against no Secret Service at all (a child process with no session bus).
 * Run: XDG_DATA_HOME=$(mktemp -d) scripts/with-keyring.sh npx vitest run test/integration/vault.test.ts
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/log/log.ts';
import { loadKeytar, serialized } from '../../main/vault/keytar-backend.ts';
import { createVault } from '../../main/vault/vault.ts';
import { keychainAvailable } from './auth-harness.ts';
import { NO_SECRET_SERVICE_SKIP } from '../helpers/keychain.ts';

const hasKeychain = await keychainAvailable();
if (!hasKeychain) console.warn('vault: no Secret Service; run under scripts/with-keyring.sh');

const service = `dev.latchkey.test.vault.${randomBytes(6).toString('hex')}`;
const lines: string[] = [];
const logger = createLogger({ stream: { write: (line: string) => lines.push(line) } });
const touched = new Set<string>();

async function raw(account: string): Promise<string | null> {
  const keytar = await loadKeytar();
  return serialized(() => keytar.getPassword(service, account));
}

async function plant(account: string, value: string): Promise<void> {
  touched.add(account);
  const keytar = await loadKeytar();
  await serialized(() => keytar.setPassword(service, account, value));
}

afterAll(async () => {
  if (!hasKeychain) return;
  const keytar = await loadKeytar();
  for (const account of touched) await serialized(() => keytar.deletePassword(service, account));
  // Nothing token-like reached the log.
  expect(lines.join('')).not.toMatch(/1\/\/vault-test/);
});

describe.runIf(hasKeychain)('vault on the real keychain', () => {
  it('stores, replaces and deletes a refresh token under service = app id, account = sub', async () => {
    const vault = await createVault({ service, logger });
    expect(vault.storage()).toEqual({ kind: 'keychain', service });
    touched.add('1001');
    await vault.set('1001', '1//vault-test-one');
    expect(await vault.get('1001')).toBe('1//vault-test-one');
    expect(JSON.parse((await raw('1001')) ?? '{}')).toEqual({
      v: 1,
      kind: 'refresh_token',
      token: '1//vault-test-one',
    });
    await vault.set('1001', '1//vault-test-two');
    // Another vault (a restart) reads what the first wrote.
    const again = await createVault({ service, logger });
    expect(await again.get('1001')).toBe('1//vault-test-two');
    await again.delete('1001');
    expect(await raw('1001')).toBeNull();
    expect(await vault.get('1001')).toBeNull();
    await expect(vault.delete('1001')).resolves.toBeUndefined();
  });

  it.each([
    ['not JSON', 'plain-old-password'],
    ['foreign JSON', JSON.stringify({ user: 'x', secret: 'y' })],
    ['a newer format', JSON.stringify({ v: 3, kind: 'refresh_token', token: '1//x' })],
    ['oversized', JSON.stringify({ v: 1, kind: 'refresh_token', token: 'y'.repeat(2600) })],
    ['an empty token', JSON.stringify({ v: 1, kind: 'refresh_token', token: '' })],
  ])('an entry that is %s reads as absent and is removed', async (_what, value) => {
    await plant('2002', value);
    const vault = await createVault({ service, logger });
    await expect(vault.get('2002')).resolves.toBeNull();
    expect(await raw('2002')).toBeNull();
  });

  it('keeps pending revocations in the keychain and finds them after a restart', async () => {
    const vault = await createVault({ service, logger });
    const first = await vault.addPendingRevocation(
      '1//vault-test-revoke-a',
      new Date('2026-01-01T00:00:00Z'),
    );
    const second = await vault.addPendingRevocation(
      '1//vault-test-revoke-b',
      new Date('2026-01-02T00:00:00Z'),
    );
    for (const id of [first, second]) touched.add(`pending-revocation:${id}`);
    touched.add('pending-revocations');
    expect(JSON.parse((await raw(`pending-revocation:${first}`)) ?? '{}')).toMatchObject({
      kind: 'pending_revocation',
      token: '1//vault-test-revoke-a',
    });
    const restarted = await createVault({ service, logger });
    expect(await restarted.pendingRevocations()).toEqual([
      { id: first, token: '1//vault-test-revoke-a', since: '2026-01-01T00:00:00.000Z' },
      { id: second, token: '1//vault-test-revoke-b', since: '2026-01-02T00:00:00.000Z' },
    ]);
    await restarted.deletePendingRevocation(first);
    expect(await raw(`pending-revocation:${first}`)).toBeNull();
    // A damaged entry is dropped from the list and the keychain.
    await plant(`pending-revocation:${second}`, 'garbage');
    expect(await restarted.pendingRevocations()).toEqual([]);
    expect(await raw(`pending-revocation:${second}`)).toBeNull();
    expect(await raw('pending-revocations')).toBeNull();
    // A damaged index is dropped too.
    await plant('pending-revocations', '{"v":1,"kind":"revocation_index","ids":["../x"]}');
    expect(await restarted.pendingRevocations()).toEqual([]);
    expect(await raw('pending-revocations')).toBeNull();
  });

  it('many concurrent operations from several vaults stay consistent', async () => {
    const vaults = await Promise.all([1, 2, 3].map(() => createVault({ service, logger })));
    const subs = Array.from({ length: 12 }, (_, i) => `30${i}`);
    subs.forEach((sub) => touched.add(sub));
    await Promise.all(subs.map((sub, i) => vaults[i % 3]?.set(sub, `1//vault-test-${sub}`)));
    const ids = await Promise.all(
      subs
        .slice(0, 6)
        .map((sub, i) => vaults[i % 3]?.addPendingRevocation(`1//vault-test-p${sub}`, new Date())),
    );
    ids.forEach((id) => touched.add(`pending-revocation:${id}`));
    expect((await vaults[0]?.pendingRevocations())?.map((p) => p.id).sort()).toEqual(
      [...ids].sort(),
    );
    const read = await Promise.all(subs.map((sub, i) => vaults[(i + 1) % 3]?.get(sub)));
    expect(read).toEqual(subs.map((sub) => `1//vault-test-${sub}`));
    await Promise.all(ids.map((id, i) => vaults[i % 3]?.deletePendingRevocation(id as string)));
    await Promise.all(subs.map((sub, i) => vaults[i % 3]?.delete(sub)));
    expect(await vaults[1]?.pendingRevocations()).toEqual([]);
    expect(await Promise.all(subs.map((sub) => raw(sub)))).toEqual(subs.map(() => null));
  });
});

describe('vault without a Secret Service', () => {
  it('falls back to memory only, says why, and writes nothing anywhere', async (ctx) => {
    if (NO_SECRET_SERVICE_SKIP) ctx.skip(true, NO_SECRET_SERVICE_SKIP);
    // A child process whose session bus does not exist: what a Linux desktop without a keyring
    // daemon looks like to libsecret.
    const code = `
      const { createVault } = await import(${JSON.stringify(fileURLToPath(new URL('../../main/vault/vault.ts', import.meta.url)))});
      const { silentLogger } = await import(${JSON.stringify(fileURLToPath(new URL('../../main/log/log.ts', import.meta.url)))});
      const vault = await createVault({ service: 'dev.latchkey.test.nobus', logger: silentLogger, keychainTimeoutMs: 3000 });
      await vault.set('1', '1//memory-only');
      console.log(JSON.stringify({ storage: vault.storage(), value: await vault.get('1') }));
    `;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-test-bus',
    };
    delete env.DISPLAY;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', code],
      {
        env,
        timeout: 20_000,
      },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      storage: { kind: string; reason?: string };
      value: string | null;
    };
    expect(result.storage.kind).toBe('memory');
    expect(result.storage.reason).toMatch(/keychain/i);
    expect(result.value).toBe('1//memory-only');
  });
});
