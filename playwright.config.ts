import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/helpers/chromium.ts';
import { selectedHosts } from './test/e2e/hosts-config.ts';
import type { HostName } from './test/helpers/hosts.ts';

/**
 * One suite, two hosts (test/e2e/fixtures.ts): a project per host. The Electron-only checks
 * (electron-*.spec.ts, and scenarios tagged @electron-only) belong to the Electron project alone;
 * scenarios tagged @preview-only to the preview's. LATCHKEY_E2E_HOST picks the hosts
 * (test/e2e/hosts-config.ts); global-setup.ts says once whether Electron's runtime is there.
 */
export default defineConfig<{ hostName: HostName }>({
  testDir: 'test/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  globalSetup: './test/e2e/global-setup.ts',
  use: {
    launchOptions: chromiumLaunchOptions(),
    screenshot: 'off',
    trace: 'off',
  },
  // A scenario only one host can play is tagged and left out of the other project (not skipped).
  projects: selectedHosts().map((name) => ({
    name,
    use: { hostName: name },
    ...(name === 'preview'
      ? { testIgnore: /electron-.*\.spec\.ts$/, grepInvert: /@electron-only/ }
      : { grepInvert: /@preview-only/ }),
  })),
});
