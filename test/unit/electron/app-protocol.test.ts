import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorded, resetElectronMock } from './electron-mock.ts';

vi.mock('electron', async () => (await import('./electron-mock.ts')).electronMock());

const { registerAppScheme, handleAppProtocol, isAppUrl, APP_ENTRY_URL } =
  await import('../../../main/electron/app-protocol.ts');
const { buildCsp } = await import('../../../main/app/csp.ts');
const { resolveRendererPath } = await import('../../../main/app/renderer-files.ts');

let dir: string;
let root: string;
const csp = buildCsp();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-protocol-'));
  root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Latchkey</title>');
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, 'assets', 'data.bin'), 'x');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'escape.txt'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => resetElectronMock());

function handler(): (request: Request) => Promise<Response> {
  handleAppProtocol(root, () => csp);
  const registered = recorded.protocolHandlers.get('app');
  if (!registered) throw new Error('app:// was not handled');
  return registered as (request: Request) => Promise<Response>;
}

/** A Request as Electron hands it over: the URL string exactly as requested. */
function request(url: string, method = 'GET'): Request {
  const fake = { url, method, headers: new Headers() };
  return fake as unknown as Request;
}

describe('the app:// scheme', () => {
  it('is registered as privileged (standard, secure) before ready', () => {
    registerAppScheme();
    expect(recorded.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_ENTRY_URL).toBe('app://app/index.html');
  });

  it('recognizes only our host', () => {
    expect(isAppUrl('app://app/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('serving the renderer', () => {
  it('serves index.html with the CSP header and the right type', async () => {
    const response = await handler()(request('app://app/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Latchkey</title>');
    expect((await handler()(request('app://app/'))).status).toBe(200);
  });

  it.each([
    ['app://app/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://app/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://app/assets/logo.svg', 'image/svg+xml'],
  ])('serves %s as %s', async (url, type) => {
    const response = await handler()(request(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it.each([
    'app://app/../../etc/passwd',
    'app://app/%2e%2e/%2e%2e/etc/passwd',
    'app://app/..%2f..%2fetc%2fpasswd',
    'app://app/..%5c..%5cetc%5cpasswd',
    'app://app/assets/..%2f..%2fsecret.txt',
    'app://app/%2fetc%2fpasswd',
    'app://app/assets/escape.txt',
    'app://app/index.html%00.js',
    'app://app/missing.js',
    'app://app/assets',
    'app://app/assets/data.bin',
    'app://other/index.html',
  ])('answers 404 to %s', async (url) => {
    const response = await handler()(request(url));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(csp);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await handler()(request('app://app/index.html', 'POST'))).status).toBe(405);
    const head = await handler()(request('app://app/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('the path guard', () => {
  it('keeps every resolved path inside the root', () => {
    expect(resolveRendererPath('/r', '/')).toBe('/r/index.html');
    expect(resolveRendererPath('/r', '/assets/a.js')).toBe('/r/assets/a.js');
    expect(resolveRendererPath('/r', '/../etc/passwd')).toBeNull();
    expect(resolveRendererPath('/r', '/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveRendererPath('/r', '/a%2fb')).toBeNull();
    expect(resolveRendererPath('/r', '/a%00')).toBeNull();
    expect(resolveRendererPath('/r', '/%E0%A4%A')).toBeNull();
    expect(resolveRendererPath('/r', 'relative')).toBeNull();
    expect(resolveRendererPath('/r', '/C:%5cwindows')).toBeNull();
  });
});
