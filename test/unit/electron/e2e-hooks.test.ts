/**
 * main/electron/e2e-hooks.ts: the end-to-end suite's hooks work in an unpackaged app and are
 * inert in a packaged one, and the opener records only what its allow-list let through.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyE2eHooks } from '../../../main/electron/e2e-hooks.ts';
import { createExternalOpener } from '../../../main/electron/open-external.ts';
import { authorizationOpener } from '../../../main/app/external-links.ts';
import { silentLogger } from '../../../main/log/log.ts';
import { fakeApp, recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const AUTH = 'https://accounts.google.com/o/oauth2/v2/auth';
let dir: string;

beforeEach(async () => {
  resetElectronMock();
  recorded.userData = '/original/userData';
  dir = await mkdtemp(join(tmpdir(), 'latchkey-e2e-hooks-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function env(): NodeJS.ProcessEnv {
  return {
    LATCHKEY_E2E_USER_DATA: join(dir, 'user-data'),
    LATCHKEY_E2E_OPEN_EXTERNAL_LOG: join(dir, 'opened.jsonl'),
    LATCHKEY_E2E_STARTED_FILE: join(dir, 'started.json'),
  };
}

describe('applyE2eHooks', () => {
  it('is inert in a packaged build: userData untouched, nothing recorded instead of opened', () => {
    fakeApp.isPackaged = true;
    const hooks = applyE2eHooks(env());
    expect(hooks.openExternal).toBeNull();
    expect(hooks.started).toBeNull();
    expect(applyE2eHooks({ LATCHKEY_E2E_PROXY: 'http://127.0.0.1:3128' }).proxy).toBeNull();
    expect(recorded.userData).toBe('/original/userData');
  });

  it('unpackaged: sends Google’s requests through a loopback proxy, loopback included', () => {
    expect(applyE2eHooks({ LATCHKEY_E2E_PROXY: 'http://127.0.0.1:3128' }).proxy).toEqual({
      proxyRules: 'http://127.0.0.1:3128',
      proxyBypassRules: '<-loopback>',
    });
    for (const value of [
      'http://proxy.example:3128',
      'https://127.0.0.1:3128',
      'http://user:pw@127.0.0.1:3128',
      'http://127.0.0.1',
      'http://127.0.0.1:3128/path',
      'not a url',
      '',
    ]) {
      expect(applyE2eHooks({ LATCHKEY_E2E_PROXY: value }).proxy, value).toBeNull();
    }
  });

  it('unpackaged: writes the started file whole, with the demo issuer', async () => {
    const hooks = applyE2eHooks(env());
    hooks.started!({ demoIssuer: 'http://127.0.0.1:41234' });
    expect(JSON.parse(await readFile(join(dir, 'started.json'), 'utf8'))).toEqual({
      demoIssuer: 'http://127.0.0.1:41234',
    });
    expect(existsSync(join(dir, 'started.json.tmp'))).toBe(false);
  });

  it('does nothing without its variables, or with relative paths', () => {
    expect(applyE2eHooks({}).openExternal).toBeNull();
    expect(
      applyE2eHooks({ LATCHKEY_E2E_USER_DATA: 'rel', LATCHKEY_E2E_OPEN_EXTERNAL_LOG: 'x.log' })
        .openExternal,
    ).toBeNull();
    expect(recorded.userData).toBe('/original/userData');
  });

  it('unpackaged: sets userData and records allowed URLs instead of opening them', async () => {
    const hooks = applyE2eHooks(env());
    expect(recorded.userData).toBe(join(dir, 'user-data'));
    const opener = createExternalOpener({ extraLinkOrigins: () => [], open: hooks.openExternal });
    // The port startLatchkey gives the core: the endpoint check, then this opener.
    const openAuthorization = authorizationOpener(
      AUTH,
      (url) => opener.openAuthorizationUrl(url),
      silentLogger,
    );
    await openAuthorization(`${AUTH}?client_id=x&state=s`);
    expect(opener.openLink('https://www.google.com/calendar/event?eid=1')).toBe(true);
    expect(opener.openLink('https://evil.example/')).toBe(false);
    await expect(openAuthorization('https://evil.example/auth')).rejects.toThrow();

    const lines = (await readFile(join(dir, 'opened.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { kind: 'authorization', url: `${AUTH}?client_id=x&state=s` },
      { kind: 'link', url: 'https://www.google.com/calendar/event?eid=1' },
    ]);
    // shell.openExternal was never called.
    expect(recorded.opened).toEqual([]);
  });

  it('without the hook the opener still uses shell.openExternal', async () => {
    const opener = createExternalOpener({
      extraLinkOrigins: () => [],
      open: applyE2eHooks({}).openExternal,
    });
    await opener.openAuthorizationUrl(`${AUTH}?a=1`);
    expect(recorded.opened).toEqual([`${AUTH}?a=1`]);
    expect(existsSync(join(dir, 'opened.jsonl'))).toBe(false);
  });
});
