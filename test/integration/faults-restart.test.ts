/**
 * A Latchkey process killed in the middle of a sign-in, and one started without a Secret Service.
 * A child Node process (test/helpers/flow-child.ts) runs a real core against the emulator with the
 * real keychain and a metadata file that already lists a signed-in account; it is SIGKILLed while
 * waiting for the browser, during the code exchange, or right after the refresh token reached the
 * keychain. A new core on the same metadata and keychain then has no pending flow, no
 * half-written account, the earlier account intact, and the loopback port is free.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/faults-restart.test.ts
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METADATA_KEY } from '../../main/auth/session/account-store.ts';
import { loadKeytar } from '../../main/vault/keytar-backend.ts';
import type { AuthCore } from '../../main/auth/types.ts';
import { startFlowChild } from '../helpers/child-process.ts';
import { completeConsent } from '../helpers/consent.ts';
import type { ChildOptions } from '../helpers/flow-child.ts';
import { keychainFingerprint } from '../helpers/keychain-entries.ts';
import { NO_SECRET_SERVICE_SKIP } from '../helpers/keychain.ts';
import { configFor, useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('faults-restart');

let metadataCount = 0;

const subOf = (email: string): string => {
  const account = h.emulator.accounts.find((a) => a.email === email);
  if (!account) throw new Error(`no seeded account ${email}`);
  return account.sub;
};

/** Whether 127.0.0.1:`port` can be listened on again. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** A metadata folder with Grace signed in (keychain entry and metadata), and the child's options. */
async function withGraceSignedIn(): Promise<{
  name: string;
  options: ChildOptions;
  graceEntry: string;
}> {
  metadataCount += 1;
  const name = `restart-${metadataCount}`;
  const core = h.core('desktop', { vault: await h.vault(), metadata: h.metadata(name) });
  await core.restore();
  const { result } = await h.signIn(core, { email: 'grace@example.com' });
  if (!result.ok) throw new Error(`sign-in failed: ${result.code}`);
  await core.dispose();
  return {
    name,
    graceEntry: await keychainFingerprint(h.service, subOf('grace@example.com')),
    options: {
      config: configFor(h.emulator, 'desktop', h.service),
      metadataCwd: join(h.dir, name),
      projectName: 'latchkey-test',
      purpose: 'add-account',
    },
  };
}

/** A new core on the same metadata and keychain: what the next start finds. */
async function restart(name: string, graceEntry: string, port: number): Promise<AuthCore> {
  const core = h.core('desktop', { vault: await h.vault(), metadata: h.metadata(name) });
  await expect(core.restore()).resolves.toBeUndefined();
  expect(core.pendingFlow()).toBeNull();
  expect(core.state().flow).toBeNull();
  expect({
    accounts: core.accounts().map((a) => a.email),
    storage: core.storage(),
    notices: core.state().notices.map((n) => n.message),
  }).toEqual({
    accounts: ['grace@example.com'],
    storage: { kind: 'keychain', service: h.service },
    notices: [],
  });
  expect(await keychainFingerprint(h.service, subOf('grace@example.com'))).toBe(graceEntry);
  // No half-written Ada: not in the metadata, no refresh token of hers in the keychain.
  const saved = h.metadata(name).get(METADATA_KEY) as { accounts: Array<{ email: string }> };
  expect(saved.accounts.map((a) => a.email)).toEqual(['grace@example.com']);
  expect(await keychainFingerprint(h.service, subOf('ada@example.com'))).toBe('absent');
  expect(await portFree(port)).toBe(true);
  return core;
}

const portOf = (url: string): number =>
  Number(new URL(new URL(url).searchParams.get('redirect_uri') as string).port);

describe.runIf(hasKeychain)('killed mid-flow, restarted', () => {
  it('killed while waiting for the browser', async () => {
    const { name, options, graceEntry } = await withGraceSignedIn();
    const child = startFlowChild(options);
    try {
      await child.next('ready');
      const { url } = (await child.next('open')) as { url: string };
      const port = portOf(url);
      expect(await portFree(port)).toBe(false);
      await child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');
      const core = await restart(name, graceEntry, port);

      // The person finishes in the browser after all: nothing listens, nothing is signed in.
      h.emulator.resetStats();
      const { context, page } = await h.page();
      await completeConsent(page, url, { email: 'ada@example.com' }).catch(() => undefined);
      await context.close();
      expect(h.emulator.stats().requests.token).toBe(0);
      expect(core.accounts().map((a) => a.email)).toEqual(['grace@example.com']);
    } finally {
      await child.kill();
    }
  });

  it('killed during the code exchange', async () => {
    const { name, options, graceEntry } = await withGraceSignedIn();
    const child = startFlowChild(options);
    const { context, page } = await h.page();
    try {
      await child.next('ready');
      const { url } = (await child.next('open')) as { url: string };
      h.emulator.resetStats();
      h.emulator.setFault({ endpoint: 'token', kind: 'slow', delayMs: 4_000, times: 1 });
      const browser = completeConsent(page, url, { email: 'ada@example.com' }).catch(() => '');
      // The child has sent the code to the token endpoint: kill it while it waits for the answer.
      await expect.poll(() => h.emulator.stats().requests.token, { timeout: 5_000 }).toBe(1);
      await child.kill();
      await browser;
      await restart(name, graceEntry, portOf(url));
    } finally {
      h.emulator.setFault(null);
      await context.close();
      await child.kill();
    }
  });

  it('killed right after the refresh token reached the keychain, before the account was listed', async () => {
    const { name, options, graceEntry } = await withGraceSignedIn();
    const child = startFlowChild({ ...options, dieOnMetadataWrite: true });
    const { context, page } = await h.page();
    try {
      await child.next('ready');
      const { url } = (await child.next('open')) as { url: string };
      await completeConsent(page, url, { email: 'ada@example.com' }).catch(() => '');
      expect((await child.exited).signal).toBe('SIGKILL');
      const core = await restart(name, graceEntry, portOf(url));
      // And Ada can simply sign in again.
      const again = await h.signIn(core, { email: 'ada@example.com' }, () =>
        core.signIn({ purpose: 'add-account' }),
      );
      expect(again.result).toMatchObject({ ok: true, account: { email: 'ada@example.com' } });
      await core.signOut(subOf('ada@example.com'));
    } finally {
      await context.close();
      await child.kill();
      // Whatever this test found, the next one starts without an entry of Ada's.
      await (await loadKeytar()).deletePassword(h.service, subOf('ada@example.com'));
    }
  });
});

describe.runIf(hasKeychain)('no Secret Service', () => {
  it('a process without a session bus: memory-only, KEYCHAIN_UNAVAILABLE, signs in, persists nothing', async (ctx) => {
    if (NO_SECRET_SERVICE_SKIP) ctx.skip(true, NO_SECRET_SERVICE_SKIP);
    const { name, options, graceEntry } = await withGraceSignedIn();
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const child = startFlowChild(options, env);
    const { context, page } = await h.page();
    try {
      const ready = (await child.next('ready')) as {
        storage: { kind: string; reason: string };
        notices: Array<{ code: string; message: string }>;
      };
      expect(ready.storage.kind).toBe('memory');
      const notice = ready.notices.find((n) => n.code === 'KEYCHAIN_UNAVAILABLE');
      expect(notice?.message).toMatch(/kept in memory only/);
      const { url } = (await child.next('open')) as { url: string };
      await completeConsent(page, url, { email: 'ada@example.com' });
      const done = (await child.next('result')) as {
        result: { ok: boolean };
        state: { accounts: string[]; storage: { kind: string }; notices: string[] };
        metadata: { accounts: Array<{ email: string }> } | null;
      };
      // Signed in for this run only; Grace's saved session waits for the keychain to return.
      expect(done.result.ok).toBe(true);
      expect(done.state.accounts).toEqual(['ada@example.com']);
      expect(done.state.notices).toContain('KEYCHAIN_UNAVAILABLE');
      expect(done.metadata?.accounts.map((a) => a.email)).toEqual(['grace@example.com']);
      expect((await child.exited).code).toBe(0);
      // Nothing of Ada's was written anywhere; the next start with a keychain has Grace back.
      await restart(name, graceEntry, portOf(url));
    } finally {
      await context.close();
      await child.kill();
    }
  });
});
