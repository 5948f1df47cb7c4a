import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** English terminal lines in every test process and what it starts (see the file). */
const setupFiles = ['test/helpers/english-terminal.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          setupFiles,
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Transformed by vitest, so its own `import electron from 'electron'` gets the mock.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'security',
          setupFiles,
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        plugins: [svelte({ configFile: 'renderer/svelte.config.js' })],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'component',
          setupFiles,
          include: ['test/component/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'integration',
          setupFiles,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Tests share one Secret Service and one Chromium install: run files one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
