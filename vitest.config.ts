import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * The terminal's language for every test process and what it starts: English messages (the C
 * locale), whatever the developer's shell says, so assertions on terminal lines and the lines the
 * harness reads do not depend on it. Tests that want German say so (LANG in an env they pass).
 */
const env = { LANGUAGE: '', LC_ALL: '', LC_MESSAGES: 'C.UTF-8' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env,
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Transformed by vitest, so its own `import electron from 'electron'` gets the mock.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'security',
          env,
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
          env,
          include: ['test/component/**/*.test.ts'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'integration',
          env,
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
