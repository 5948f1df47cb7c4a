/**
 * The ESLint rules that keep the process boundaries, exercised on small snippets linted as if
 * they lived at the given paths (eslint.config.js decides by path). Each rule is shown to bite
 * where it should and to stay quiet in its one allowed file.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

const RESTRICTED = [
  'no-restricted-imports',
  'no-restricted-syntax',
  '@typescript-eslint/no-restricted-imports',
];

async function restricted(filePath: string, code: string): Promise<string[]> {
  return (await ruleIds(filePath, code)).filter(
    (id) => RESTRICTED.includes(id) || id.startsWith('fatal') || id === 'svelte/no-at-html-tags',
  );
}

describe('raw Electron IPC and shell only in their one wrapper', () => {
  it.each([
    [
      'main/electron/window.ts',
      "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n",
    ],
    [
      'main/electron/index.ts',
      "import { shell } from 'electron';\nvoid shell.openExternal('https://x');\n",
    ],
    [
      'preload/other.ts',
      "import { ipcRenderer } from 'electron';\nvoid ipcRenderer.invoke('x');\n",
    ],
    ['main/electron/ipc.ts', "import { shell } from 'electron';\nvoid shell;\n"],
    ['preload/index.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;\n"],
    ['main/electron/open-external.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;\n"],
    [
      'main/electron/window.ts',
      "import * as electron from 'electron';\nvoid electron.shell.openExternal('x');\n",
    ],
    ['main/electron/window.ts', "import electron from 'electron';\nvoid electron;\n"],
    ['main/electron/window.ts', "const e = require('electron');\nvoid e;\n"],
    ['main/electron/window.ts', 'declare const x: { ipcMain: unknown };\nvoid x.ipcMain;\n'],
    ['main/electron/index.ts', "import Store from 'electron-store';\nvoid Store;\n"],
    ['main/auth/x.ts', "import Store from 'electron-store';\nvoid Store;\n"],
    ['main/app/metadata-store.ts', "import Store from 'electron-store';\nvoid Store;\n"],
    ['main/electron/metadata-store.ts', "import { ipcMain } from 'electron';\nvoid ipcMain;\n"],
  ])('refuses in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).not.toEqual([]);
  });

  it.each([
    [
      'main/electron/ipc.ts',
      "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n",
    ],
    [
      'preload/index.ts',
      "import { ipcRenderer } from 'electron';\nvoid ipcRenderer.invoke('x');\n",
    ],
    [
      'main/electron/open-external.ts',
      "import { shell } from 'electron';\nvoid shell.openExternal('https://x');\n",
    ],
    ['main/electron/window.ts', "import { BrowserWindow } from 'electron';\nvoid BrowserWindow;\n"],
    ['main/electron/metadata-store.ts', "import Store from 'electron-store';\nvoid Store;\n"],
  ])('allows in %s: %s', async (file, code) => {
    expect(await restricted(file, code)).toEqual([]);
  });
});

describe('plain-Node code never imports Electron', () => {
  it.each([
    'main/auth/flow/flow.ts',
    'main/vault/index.ts',
    'main/google/calendar.ts',
    'main/app/start.ts',
    'main/app/service.ts',
    'main/bridge/dispatch.ts',
    'main/bridge/server.ts',
    'main/some-new-file.ts',
    'emulator/index.ts',
    'common/contract.ts',
    'preload/build-api.ts',
    'preview/server.ts',
  ])('%s', async (file) => {
    expect(await restricted(file, "import { app } from 'electron';\nvoid app;\n")).toContain(
      'no-restricted-imports',
    );
  });
});

describe('the auth core depends on no host', () => {
  it.each([
    "import { loadConfig } from '../app/config.ts';\nvoid loadConfig;\n",
    "import { registerIpc } from '../electron/ipc.ts';\nvoid registerIpc;\n",
    "import { dispatch } from '../bridge/dispatch.ts';\nvoid dispatch;\n",
  ])('main/auth cannot: %s', async (code) => {
    expect(await restricted('main/auth/x.ts', code)).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  });

  it('main/app can import the core', async () => {
    expect(
      await restricted(
        'main/app/x.ts',
        "import { MESSAGES } from '../auth/errors.ts';\nvoid MESSAGES;\n",
      ),
    ).toEqual([]);
  });
});

describe('inside main/, no import runs from a lower room to a higher one', () => {
  it.each([
    ['main/log/x.ts', '../auth/types.ts'],
    ['main/log/x.ts', '../app/start.ts'],
    ['main/vault/x.ts', '../auth/types.ts'],
    ['main/auth/x.ts', '../google/call.ts'],
    ['main/google/x.ts', '../bridge/dispatch.ts'],
    ['main/bridge/x.ts', '../google/call.ts'],
    ['main/bridge/x.ts', '../app/log.ts'],
    ['main/app/x.ts', '../electron/window.ts'],
  ])('%s cannot import %s', async (file, target) => {
    expect(await restricted(file, `import { x } from '${target}';\nvoid x;\n`)).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  });

  it.each([
    ['main/vault/x.ts', '../log/log.ts'],
    ['main/auth/x.ts', '../vault/types.ts'],
    ['main/google/x.ts', '../auth/types.ts'],
    ['main/bridge/x.ts', '../log/log.ts'],
    ['main/app/x.ts', '../bridge/server.ts'],
    ['main/electron/x.ts', '../app/start.ts'],
  ])('%s can import %s', async (file, target) => {
    expect(await restricted(file, `import { x } from '${target}';\nvoid x;\n`)).toEqual([]);
  });
});

describe('main shares the model through common/, which needs no host', () => {
  it('main cannot import the preload', async () => {
    for (const file of ['main/auth/x.ts', 'main/app/x.ts', 'main/google/x.ts']) {
      expect(
        await restricted(
          file,
          "import { buildApi } from '../../preload/build-api.ts';\nvoid buildApi;\n",
        ),
      ).toContain('@typescript-eslint/no-restricted-imports');
    }
    expect(
      await restricted(
        'main/auth/x.ts',
        "import type { Account } from '../../common/model.ts';\nexport type A = Account;\n",
      ),
    ).toEqual([]);
  });

  it.each([
    "import { readFile } from 'node:fs';\nvoid readFile;\n",
    "import { z } from 'zod';\nvoid z;\n",
    "import { MESSAGES } from '../main/auth/errors.ts';\nvoid MESSAGES;\n",
  ])('common/ cannot: %s', async (code) => {
    expect(await restricted('common/x.ts', code)).not.toEqual([]);
  });
});

describe('the preload carries no validation library', () => {
  it.each(['common/contract.ts', 'preload/build-api.ts', 'preload/index.ts'])(
    '%s cannot import zod',
    async (file) => {
      expect(await restricted(file, "import { z } from 'zod';\nvoid z;\n")).toContain(
        '@typescript-eslint/no-restricted-imports',
      );
    },
  );

  it('main/bridge/schemas.ts can', async () => {
    expect(
      await restricted('main/bridge/schemas.ts', "import { z } from 'zod';\nvoid z;\n"),
    ).toEqual([]);
  });
});

describe('the renderer', () => {
  it.each([
    "import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n",
    "import { readFile } from 'node:fs';\nvoid readFile;\n",
    "import { startLatchkey } from '../../main/app/start.ts';\nvoid startLatchkey;\n",
    "import { METHODS } from '../../../common/contract.ts';\nvoid METHODS;\n",
    "import { buildApi } from '../../../preload/build-api.ts';\nvoid buildApi;\n",
    "import { z } from 'zod';\nvoid z;\n",
  ])('cannot import %s', async (code) => {
    expect(await restricted('renderer/src/lib/x.ts', code)).not.toEqual([]);
  });

  it('imports the scope constants as values, from their one file', async () => {
    expect(
      await restricted(
        'renderer/src/lib/x.ts',
        "import { FEATURE_SCOPES } from '../../../common/features.ts';\nvoid FEATURE_SCOPES;\n",
      ),
    ).toEqual([]);
  });

  it('imports the contract with import type', async () => {
    expect(
      await restricted(
        'renderer/src/lib/x.ts',
        "import type { Api } from '../../../common/contract.ts';\nexport type A = Api;\n",
      ),
    ).toEqual([]);
  });

  it('cannot use {@html}', async () => {
    const ids = await restricted(
      'renderer/src/X.svelte',
      '<script lang="ts">\n  let { html }: { html: string } = $props();\n</script>\n\n{@html html}\n',
    );
    expect(ids).toContain('svelte/no-at-html-tags');
  });
});
