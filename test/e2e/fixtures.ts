/**
 * The fixture that picks the host for every scenario: `host` is the app, running in the browser
 * preview or in Electron according to the Playwright project (playwright.config.ts). Where the
 * Electron runtime is missing, the Electron project's tests are skipped with the reason that
 * test/e2e/global-setup.ts printed once — never counted as passed.
 */
import { test as base } from '@playwright/test';
import { savePageText } from '../helpers/e2e-artifacts.ts';
import {
  startElectronHost,
  startPreviewHost,
  type AppHost,
  type ElectronAppHost,
  type HostName,
} from '../helpers/hosts.ts';

export { expect } from '@playwright/test';
export type { AppHost, ElectronAppHost } from '../helpers/hosts.ts';

/** Set by global-setup.ts: the Electron binary, or why there is none. */
export const ELECTRON_PATH = process.env.LATCHKEY_E2E_ELECTRON_PATH ?? '';
export const ELECTRON_MISSING =
  process.env.LATCHKEY_E2E_ELECTRON_MISSING ?? 'the global setup did not look for it';

export const test = base.extend<{ host: AppHost }, { hostName: HostName }>({
  hostName: ['preview', { option: true, scope: 'worker' }],
  host: async ({ hostName, browser }, use, testInfo) => {
    if (hostName === 'electron' && !ELECTRON_PATH) {
      testInfo.skip(true, `Electron runtime missing: ${ELECTRON_MISSING}`);
      return;
    }
    const host =
      hostName === 'electron'
        ? await startElectronHost({ executablePath: ELECTRON_PATH, browser })
        : await startPreviewHost(browser);
    try {
      await use(host);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach(`${hostName} output`, {
          body: host.output(),
          contentType: 'text/plain',
        });
      }
      await savePageText(host.page, host.runDir, 'last-screen').catch(() => undefined);
      await host.stop();
    }
  },
});

/** The Electron host, for the Electron-only checks (their project never runs the preview). */
export function electronHost(host: AppHost): ElectronAppHost {
  if (host.name !== 'electron') throw new Error('an Electron-only check ran on the preview');
  return host as ElectronAppHost;
}
