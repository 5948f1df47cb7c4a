/**
 * What the auth core integration tests share: the local Google emulator, Chromium driving its
 * sign-in and consent pages, the real keychain under a test-only service name, a `conf` metadata
 * store in a temporary folder, and a captured log to scan for leaked secrets.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createAuthCore, type AuthCoreOptions } from '../../main/auth/core.ts';
import type { AuthConfig, AuthCore, MetadataStore } from '../../main/auth/types.ts';
import { loadConfig } from '../../main/app/config.ts';
import { createLogger } from '../../main/log/log.ts';
import { loadKeytar, serialized } from '../../main/vault/keytar-backend.ts';
import { createVault, type VaultOptions } from '../../main/vault/vault.ts';
import type { TokenVault } from '../../main/vault/types.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import type { EmulatorOptions } from '../../emulator/options.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent, type ConsentOptions } from '../helpers/consent.ts';

export type ClientKind = 'desktop' | 'ios';

/** A unique keychain service per test file, never the app's own. */
export function testService(): string {
  return `dev.latchkey.test.${randomBytes(6).toString('hex')}`;
}

/** The app's configuration for one of the emulator's clients. */
export function configFor(emulator: Emulator, kind: ClientKind, service: string): AuthConfig {
  if (kind === 'desktop') {
    return { ...loadConfig({}, { demo: emulator }), keychainService: service };
  }
  // An iOS-type client as a user would configure it (client ID only), pointed at the emulator.
  const config = loadConfig({ LATCHKEY_GOOGLE_CLIENT_ID: emulator.clients.ios.clientId });
  expect(config.redirectScheme).toBe(emulator.clients.ios.redirectScheme);
  return {
    ...config,
    mode: 'demo',
    keychainService: service,
    endpoints: { ...emulator.endpoints },
  };
}

/** Everything written to the log during a test file. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger = createLogger({ stream: { write: (line: string) => this.lines.push(line) } });
  text(): string {
    return this.lines.join('');
  }
  /** Fails if any secret the emulator issued or received appears in the log. */
  expectNoSecrets(emulator: Emulator, extra: string[] = []): void {
    const text = this.text();
    const secrets = [...emulator.secretsSeen(), ...extra].filter((s) => s.length >= 8);
    expect(secrets.length).toBeGreaterThan(0);
    const leaked = secrets.filter((secret) => text.includes(secret));
    expect(leaked, 'secrets found in the log output').toEqual([]);
  }
}

/** The shared parts of a test file. */
export class Harness {
  emulator!: Emulator;
  browser!: Browser;
  readonly service = testService();
  readonly log = new LogCapture();
  readonly dir = mkdtempSync(join(tmpdir(), 'latchkey-auth-'));
  readonly cores: AuthCore[] = [];
  readonly opened: string[] = [];
  /** What the openExternal port does with each URL (set per test). */
  onOpen: (url: string) => void = () => undefined;
  /** Extra emulator options for the whole file (e.g. `testingMode`). */
  emulatorOptions: Partial<EmulatorOptions> = {};

  async start(): Promise<void> {
    this.emulator = await startEmulator({ ...this.emulatorOptions, port: 0 });
    this.browser = await chromium.launch(chromiumLaunchOptions());
  }

  /** A metadata store (conf) in this file's temporary folder. */
  metadata(name = 'metadata'): MetadataStore {
    return new Conf({ cwd: join(this.dir, name), projectName: 'latchkey-test' }) as MetadataStore;
  }

  vault(options: Partial<VaultOptions> = {}): Promise<TokenVault> {
    return createVault({ service: this.service, logger: this.log.logger, ...options });
  }

  /** A core on the emulator; its openExternal hands the URL to {@link onOpen}. */
  core(
    kind: ClientKind,
    parts: { vault: TokenVault; metadata: MetadataStore } & Partial<AuthCoreOptions>,
  ): AuthCore {
    const core = createAuthCore({
      config: configFor(this.emulator, kind, this.service),
      logger: this.log.logger,
      openExternal: async (url) => {
        this.opened.push(url);
        this.onOpen(url);
      },
      ...parts,
    });
    this.cores.push(core);
    return core;
  }

  /** A fresh browser context and page (no cookies from earlier tests). */
  async page(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext();
    return { context, page: await context.newPage() };
  }

  /**
   * Signs in through the real pages: the core opens the URL, Chromium logs in and consents; for
   * the custom scheme the captured redirect is handed to `handleRedirect`, as the OS would.
   */
  async signIn(
    core: AuthCore,
    consent: ConsentOptions,
    run: () => ReturnType<AuthCore['signIn']> = () => core.signIn(),
  ) {
    const { context, page } = await this.page();
    try {
      const redirect = new Promise<string>((resolve, reject) => {
        this.onOpen = (url) => completeConsent(page, url, consent).then(resolve, reject);
      });
      const result = run();
      const url = await redirect;
      let handled: Awaited<ReturnType<AuthCore['handleRedirect']>> | null = null;
      if (core.config.clientType === 'ios') handled = await core.handleRedirect(url);
      return { result: await result, redirectUrl: url, handled };
    } finally {
      this.onOpen = () => undefined;
      await context.close();
    }
  }

  /** Waits until the core has a pending flow (its loopback port is open, its URL known). */
  async pending(core: AuthCore): Promise<NonNullable<ReturnType<AuthCore['pendingFlow']>>> {
    let off = (): void => undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The core announces the started flow through onChange; checked first in case it already has.
    const flow =
      core.pendingFlow() ??
      (await new Promise<ReturnType<AuthCore['pendingFlow']>>((resolve) => {
        off = core.onChange(() => {
          const started = core.pendingFlow();
          if (started) resolve(started);
        });
        timer = setTimeout(() => resolve(null), 2_000);
      }));
    off();
    clearTimeout(timer);
    if (!flow) throw new Error('no pending flow');
    return flow;
  }

  /**
   * The raw keychain value of `account` under the test service (real keychain). Read by name:
   * keytar's findCredentials can crash the process when an entry is deleted while it lists.
   */
  async keychainValue(account: string): Promise<string | null> {
    const keytar = await loadKeytar();
    // Through the vault's line: keytar calls must never overlap (see keytar-backend.ts).
    return serialized(() => keytar.getPassword(this.service, account));
  }

  /** The pending revocations in the keychain, by the vault's index. */
  async pendingInKeychain(): Promise<Array<{ id: string; value: string | null }>> {
    const index = await this.keychainValue('pending-revocations');
    const ids = index ? (JSON.parse(index) as { ids: string[] }).ids : [];
    return Promise.all(
      ids.map(async (id) => ({ id, value: await this.keychainValue(`pending-revocation:${id}`) })),
    );
  }

  /** Writes a raw keychain value (to plant corrupt or foreign entries). */
  async plant(account: string, value: string): Promise<void> {
    const keytar = await loadKeytar();
    await serialized(() => keytar.setPassword(this.service, account, value));
  }

  async stop(): Promise<void> {
    for (const core of this.cores) await core.dispose().catch(() => undefined);
    await this.browser?.close().catch(() => undefined);
    await this.emulator?.close().catch(() => undefined);
    try {
      // Nothing else touches the keychain any more, so listing is safe here.
      const keytar = (await loadKeytar()) as Awaited<ReturnType<typeof loadKeytar>> & {
        findCredentials(service: string): Promise<Array<{ account: string }>>;
      };
      for (const entry of await keytar.findCredentials(this.service)) {
        await keytar.deletePassword(this.service, entry.account);
      }
    } catch {
      // No keychain: nothing was stored in one.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True when a real Secret Service answers (the tests run under scripts/with-keyring.sh). */
export async function keychainAvailable(): Promise<boolean> {
  try {
    const keytar = await loadKeytar();
    await serialized(() => keytar.getPassword('dev.latchkey.test.probe', 'probe'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The Harness of one test file: started before its tests when a Secret Service answers (else the
 * file's tests skip, and this says why), and at the end checked that no token, code, verifier or
 * client secret reached the log, then stopped.
 */
export async function useHarness(
  file: string,
  emulatorOptions: Partial<EmulatorOptions> = {},
): Promise<{ h: Harness; hasKeychain: boolean }> {
  const hasKeychain = await keychainAvailable();
  if (!hasKeychain) console.warn(`${file}: no Secret Service; run under scripts/with-keyring.sh`);
  const h = new Harness();
  h.emulatorOptions = emulatorOptions;
  beforeAll(async () => {
    if (hasKeychain) await h.start();
  });
  afterAll(async () => {
    if (!hasKeychain) return;
    h.log.expectNoSecrets(h.emulator, [h.emulator.clients.desktop.clientSecret]);
    await h.stop();
  });
  return { h, hasKeychain };
}
