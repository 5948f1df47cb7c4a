import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/** Imports the renderer must never reach: it talks to main only through `window.api`. */
const rendererForbidden = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'The renderer never imports Electron.' },
    { group: ['node:*'], message: 'The renderer has no Node.js APIs.' },
    {
      group: ['**/main/**', '../../main/*'],
      message: 'The renderer never imports main-process code.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'docs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', rendererForbidden],
      'svelte/no-at-html-tags': 'error',
    },
  },
);
