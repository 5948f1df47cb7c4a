/**
 * Demo mode across restarts: the demo Google keeps its state in the data folder
 * (demo-google.json, 0600), comes back on the same port with the same keys, grants and refresh
 * tokens, so a restart keeps the sign-in; when its port is taken it starts afresh and the lost
 * sign-in is explained in plain words, with the email to sign in again.
 * Run: scripts/with-keyring.sh npx vitest run --project integration test/integration/demo-restart.test.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileMetadataStore } from '../../main/app/metadata-store.ts';
import { DEMO_GOOGLE_FILE, startLatchkey, type Latchkey } from '../../main/app/start.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';
import { captureLog } from '../helpers/memory.ts';
import { privateFileProblem } from '../helpers/private-file.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-demo-restart-'));
const keychainService = `latchkey-demo-restart-${process.pid}`;
const { logger } = captureLog();
let browser: Browser;
let running: Latchkey | null = null;
let opened: (url: string) => void = () => {};

function start(): Promise<Latchkey> {
  return startLatchkey({
    env: {},
    openExternal: async (url) => opened(url),
    metadata: fileMetadataStore(dataDir),
    logger,
    keychainService,
    dataDir,
  }).then((latchkey) => (running = latchkey));
}

beforeAll(async () => {
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  for (const account of running?.core.accounts() ?? []) await running?.core.signOut(account.id);
  await running?.close();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo mode across restarts', () => {
  it('keeps the sign-in; a taken port starts afresh and says why, with the email', async (ctx) => {
    let latchkey = await start();
    if (latchkey.core.storage().kind !== 'keychain') ctx.skip(true, 'no Secret Service here');
    const firstIssuer = latchkey.demoIssuer;
    const url = new Promise<string>((resolve) => (opened = resolve));
    const result = latchkey.core.signIn();
    const page = await browser.newPage();
    await completeConsent(page, await url, { email: 'ada@example.com' });
    expect(await result).toMatchObject({ ok: true, account: { email: 'ada@example.com' } });
    await page.close();
    await latchkey.close();
    const file = join(dataDir, DEMO_GOOGLE_FILE);
    expect(privateFileProblem(file)).toBeNull();

    // A restart: same issuer, the account is back, and a refresh at the demo Google works.
    latchkey = await start();
    expect(latchkey.demoIssuer).toBe(firstIssuer);
    const [ada] = latchkey.core.accounts();
    expect(ada?.email).toBe('ada@example.com');
    expect(latchkey.core.state().notices).toEqual([]);
    const client = await latchkey.core.clientFor(ada!.id);
    const { token } = await client.getAccessToken();
    expect(typeof token).toBe('string');
    const profile = await latchkey.handlers.profile.get({ accountId: ada!.id });
    expect(profile).toMatchObject({ ok: true, value: { email: 'ada@example.com' } });
    await latchkey.close();

    // Another program took the port: a new issuer, the sign-in is gone, and the notice says why.
    const squatter = createServer();
    const port = Number(new URL(firstIssuer as string).port);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      latchkey = await start();
      expect(latchkey.demoIssuer).not.toBe(firstIssuer);
      expect(latchkey.core.accounts()).toEqual([]);
      const [notice] = latchkey.core.state().notices;
      expect(notice).toMatchObject({ code: 'SESSION_EXPIRED', email: 'ada@example.com' });
      expect(notice?.message).toContain('could not get its old address back');
      expect(notice?.message).not.toMatch(/keychain/);
    } finally {
      squatter.close();
    }
  });
});
