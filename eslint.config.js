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
    { group: ['zod', 'zod/*'], message: 'Validation happens in main (main/bridge/schemas.ts).' },
  ],
};

/** Main shares the model through common/; preload/ is the window's side of the bridge. */
const NO_PRELOAD_IN_MAIN = {
  group: ['**/preload/**'],
  message: 'Main imports the shared model and contract from common/, not the preload.',
};

/**
 * The rooms of main/, from the floor up. A room may import rooms below it, never one above it or
 * beside it: logging is the floor everything stands on; the network port (main/net) on it; the vault, then the auth core, the
 * reusable part, which depends on no host; the Google features and the bridge server each on
 * what is below; the host-neutral app composes them all; the Electron shell sits on top.
 */
const MAIN_LAYERS = [
  ['log'],
  ['net'],
  ['vault'],
  ['auth'],
  ['google', 'bridge'],
  ['app'],
  ['electron'],
];

/** One ESLint block per room of main/: nothing above or beside it, never the preload. */
function mainLayers() {
  return MAIN_LAYERS.flatMap((layer, index) => {
    const above = MAIN_LAYERS.slice(index + 1).flat();
    return layer.map((room) => {
      const forbidden = [...above, ...layer.filter((other) => other !== room)];
      const host = room === 'auth' || room === 'vault' ? ['**/preview/**'] : [];
      return {
        files: [`main/${room}/**`],
        rules: {
          '@typescript-eslint/no-restricted-imports': [
            'error',
            {
              patterns: [
                ...(forbidden.length + host.length > 0
                  ? [
                      {
                        group: [...forbidden.map((name) => `**/${name}/**`), ...host],
                        message: `main/${room}/ stands on ${MAIN_LAYERS.slice(0, index).flat().join(', ') || 'nothing'} only: the rooms above it reach it, not the other way (and the auth core depends on no host).`,
                      },
                    ]
                  : []),
                NO_PRELOAD_IN_MAIN,
              ],
            },
          ],
        },
      };
    });
  });
}

/** Electron's raw IPC and shell objects, each allowed in exactly one wrapper file. */
const ELECTRON_WRAPPED = {
  ipcMain: 'main/electron/ipc.ts',
  ipcRenderer: 'preload/index.ts',
  shell: 'main/electron/open-external.ts',
};

/**
 * electron-store registers its own unchecked ipcMain listener: only main/electron/metadata-store.ts
 * may construct it (and removes that listener at once); everything else uses the metadata port.
 */
const ELECTRON_STORE_FILE = 'main/electron/metadata-store.ts';
const NO_ELECTRON_STORE = {
  name: 'electron-store',
  message:
    'electron-store registers an ipcMain listener with no sender check: only ' +
    'main/electron/metadata-store.ts constructs it (and removes the listener); use the MetadataStore port.',
};

/** Forbids importing the wrapped Electron objects, except `allow` (in its own wrapper). */
function electronImports(allow = [], { store = false } = {}) {
  return {
    paths: [
      ...(store ? [] : [NO_ELECTRON_STORE]),
      {
        name: 'electron',
        importNames: Object.keys(ELECTRON_WRAPPED).filter((name) => !allow.includes(name)),
        message:
          'ipcMain lives only in main/electron/ipc.ts, ipcRenderer only in preload/index.ts, ' +
          'shell only in main/electron/open-external.ts (the allow-listed openExternal wrapper).',
      },
    ],
  };
}

/** Catches the same objects reached another way (`electron.shell`, `require('electron')`). */
function electronSyntax(allow = []) {
  const names = Object.keys(ELECTRON_WRAPPED).filter((name) => !allow.includes(name));
  const ipc = names.filter((name) => name.startsWith('ipc'));
  return [
    ...(ipc.length > 0
      ? [
          {
            selector: `MemberExpression[property.name=/^(${ipc.join('|')})$/]`,
            message:
              'ipcMain lives only in main/electron/ipc.ts, ipcRenderer only in preload/index.ts.',
          },
        ]
      : []),
    ...(names.includes('shell')
      ? [
          {
            selector: "MemberExpression[object.name='electron'][property.name='shell']",
            message: 'shell.openExternal lives only in main/electron/open-external.ts.',
          },
        ]
      : []),
    {
      selector: "ImportDeclaration[source.value='electron'] > ImportNamespaceSpecifier",
      message: 'Import named Electron APIs, so the boundary rules can see them.',
    },
    {
      selector: "ImportDeclaration[source.value='electron'] > ImportDefaultSpecifier",
      message: 'Import named Electron APIs, so the boundary rules can see them.',
    },
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
      message: 'Import named Electron APIs, so the boundary rules can see them.',
    },
  ];
}

/**
 * The only places that may import `electron`: the Electron shell (main/electron/) and the
 * sandboxed preload (plus tests, which mock it). Everything else — the auth core, the vault, the
 * Google features, the host-neutral app, the bridge server, the preview, the emulator — runs in
 * plain Node too, and Electron reaches it through ports.
 */
const ELECTRON_ALLOWED = ['main/electron/**', 'preload/index.ts', 'test/**'];

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
    files: ['**/*.ts', '**/*.js', '**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', electronImports()],
      'no-restricted-syntax': ['error', ...electronSyntax()],
    },
  },
  ...Object.entries(ELECTRON_WRAPPED).map(([name, file]) => ({
    files: [file],
    rules: {
      'no-restricted-imports': ['error', electronImports([name])],
      'no-restricted-syntax': ['error', ...electronSyntax([name])],
    },
  })),
  {
    files: [ELECTRON_STORE_FILE],
    rules: { 'no-restricted-imports': ['error', electronImports([], { store: true })] },
  },
  {
    files: ['**/*.ts', '**/*.js'],
    ignores: ELECTRON_ALLOWED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'This code runs in plain Node too: Electron reaches it through ports.',
            },
            NO_ELECTRON_STORE,
          ],
        },
      ],
    },
  },
  ...mainLayers(),
  {
    // The model and contract shared by main, the preload and the renderer: no host in it.
    files: ['common/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'zod', '../*', '!./*'],
              message: 'common/ is shared by every side: it imports nothing but common/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The message catalogs (common/i18n/) stand in common/ too: they may read common/ beside them.
    files: ['common/i18n/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'zod', '../../*'],
              message: 'common/ is shared by every side: it imports nothing but common/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The sandboxed preload bundles everything it imports: no validation library in it.
    files: ['preload/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['zod', 'zod/*'],
              message: 'Validation happens in main (main/bridge/schemas.ts), not in the preload.',
            },
          ],
        },
      ],
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
      // The shared model and contract (common/) as types; the feature registry and the message
      // catalogs (common/i18n/) are the shared values. The preload is the Electron side of the
      // bridge, never the window's.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/preload/**'],
              message: 'The renderer talks to window.api; its types and constants are in common/.',
            },
            {
              // Files of common/ itself (common/i18n/ is below it, and allowed).
              group: ['**/common/*.ts', '!**/common/features.ts'],
              allowTypeImports: true,
              message:
                'The renderer imports the shared contract with `import type` only (values: common/features.ts, common/i18n/).',
            },
          ],
        },
      ],
      'svelte/no-at-html-tags': 'error',
    },
  },
);
