/**
 * Latchkey's updates against electron-updater's own code, without Electron: a generic-provider
 * feed (`latest-linux.yml` as electron-builder writes it, and the AppImage it names) served from
 * 127.0.0.1, read and downloaded by electron-updater's real AppImageUpdater — GenericProvider,
 * parseUpdateInfo, isUpdateAvailable, DownloadedUpdateHelper, and builder-util-runtime's
 * HttpExecutor.download with the sha512 check (DigestTransform) — through Latchkey's port
 * (main/electron/updater.ts) and controller (main/app/updates.ts).
 *
 * What stands in for Electron: the `electron` module (mocked: the port reads only `app` from it,
 * and a test host is passed), the AppAdapter electron-updater takes instead of Electron's `app`
 * (its constructor's second argument, as electron-builder's own updater tests do), and the HTTP
 * request under electron-updater's own executor — Electron's `net.request` in the app, Node's
 * `http.request` here (its download, redirect and sha512 code stay electron-updater's and
 * builder-util-runtime's).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestOptions } from 'node:http';
import electronUpdater from 'electron-updater';
import executorModule from 'electron-updater/out/electronHttpExecutor.js';
import genericProviderModule from 'electron-updater/out/providers/GenericProvider.js';
import providerModule from 'electron-updater/out/providers/Provider.js';
import type { AppAdapter } from 'electron-updater/out/AppAdapter.js';
import {
  createUpdateController,
  FAILURE_NOTES,
  type UpdateController,
} from '../../main/app/updates.ts';

vi.mock('electron', () => ({ app: { isPackaged: true } }));

const { electronUpdaterPort } = await import('../../main/electron/updater.ts');
const { AppImageUpdater } = electronUpdater;
const { GenericProvider } = genericProviderModule;
const { parseUpdateInfo } = providerModule;
const { ElectronHttpExecutor } = executorModule;

/**
 * electron-updater's own executor (its `download`, and builder-util-runtime's `doDownload` with
 * the sha512 DigestTransform) with Electron's `net.request` swapped for Node's.
 */
class LoopbackExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: unknown) => void) {
    return request(options as never, callback) as never;
  }
}

const APPIMAGE_NAME = 'Latchkey-1.1.0-linux-x86_64.AppImage';
const genuine = randomBytes(256 * 1024);
const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64');

/** latest-linux.yml as electron-builder 26 writes it for the generic provider. */
function feed(fields: { version?: string; sha512?: string } = {}): string {
  const sum = fields.sha512 ?? sha512(genuine);
  return [
    `version: ${fields.version ?? '1.1.0'}`,
    'files:',
    `  - url: ${APPIMAGE_NAME}`,
    `    sha512: ${sum}`,
    `    size: ${genuine.length}`,
    `path: ${APPIMAGE_NAME}`,
    `sha512: ${sum}`,
    "releaseDate: '2026-12-01T10:00:00.000Z'",
    "releaseNotes: '<p>Faster <b>sign-in</b> &amp; a Tasks view.</p>'",
    '',
  ].join('\n');
}

/** What the server answers, per path; `requests` lists the paths asked for. */
const served = new Map<string, Buffer | string>();
const requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const body = served.get(path);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let dir: string;
const savedAppImage = process.env.APPIMAGE;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-updates-feed-'));
  served.clear();
  requests.length = 0;
  // The running AppImage (the AppImage runtime sets APPIMAGE); the update replaces it on install.
  process.env.APPIMAGE = join(dir, 'Latchkey-1.0.0-linux-x86_64.AppImage');
  await writeFile(process.env.APPIMAGE, 'the running version');
});

afterEach(async () => {
  if (savedAppImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = savedAppImage;
  await rm(dir, { recursive: true, force: true });
});

/** electron-updater's AppImageUpdater as a packaged 1.0.0 would run it, on the local feed. */
async function realUpdater(feedUrl = base) {
  // What electron-builder puts in resources/app-update.yml for a generic provider.
  const configPath = join(dir, 'app-update.yml');
  await writeFile(
    configPath,
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: latchkey-updater\n`,
  );
  const adapter: AppAdapter = {
    version: '1.0.0',
    name: 'Latchkey',
    isPackaged: true,
    appUpdateConfigPath: configPath,
    userDataPath: join(dir, 'userData'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new AppImageUpdater(null, adapter);
  // With an AppAdapter electron-updater leaves the executor to the caller (Electron's net otherwise).
  (updater as unknown as { httpExecutor: unknown }).httpExecutor = new LoopbackExecutor();
  // No blockmap on this feed: a full download (the differential one falls back to it on Linux).
  updater.disableDifferentialDownload = true;
  return updater;
}

const logLines: string[] = [];
const logger = {
  info: (message: string) => void logLines.push(`info ${message}`),
  warn: (message: string, fields?: Record<string, unknown>) =>
    void logLines.push(`warn ${message} ${JSON.stringify(fields)}`),
  error: (message: string) => void logLines.push(`error ${message}`),
};

async function controllerOver(updater: InstanceType<typeof AppImageUpdater>): Promise<{
  controller: UpdateController;
  updater: InstanceType<typeof AppImageUpdater>;
}> {
  const port = electronUpdaterPort({
    logger,
    updater,
    host: {
      isPackaged: true,
      platform: 'linux',
      env: process.env,
      packageType: () => null,
    },
  });
  if (!port) throw new Error('an AppImage updates itself');
  const metadata = new Map<string, unknown>([['updates.automatic', false]]);
  const controller = createUpdateController(port, {
    version: '1.0.0',
    metadata: {
      get: (key) => metadata.get(key),
      set: (key, value) => void metadata.set(key, value),
      delete: (key) => void metadata.delete(key),
    },
    logger,
  });
  return { controller, updater };
}

async function cachedFiles(): Promise<string[]> {
  const pending = join(dir, 'cache', 'latchkey-updater', 'pending');
  return readdir(pending).catch(() => []);
}

describe('electron-updater’s generic provider reads the feed', () => {
  it('GenericProvider + parseUpdateInfo: version, files, sha512, notes, resolved URL', async () => {
    served.set('/latest-linux.yml', feed());
    const updater = await realUpdater();
    const provider = new GenericProvider({ provider: 'generic', url: base }, updater, {
      isUseMultipleRangeRequest: false,
      platform: 'linux',
      executor: new LoopbackExecutor(),
    });
    const info = await provider.getLatestVersion();
    expect(info).toMatchObject({
      version: '1.1.0',
      path: APPIMAGE_NAME,
      sha512: sha512(genuine),
      releaseDate: '2026-12-01T10:00:00.000Z',
      files: [{ url: APPIMAGE_NAME, sha512: sha512(genuine), size: genuine.length }],
    });
    const [file] = provider.resolveFiles(info);
    expect(file?.url.href).toBe(`${base}${APPIMAGE_NAME}`);
    expect(requests).toEqual(['/latest-linux.yml']);
  });

  it('parseUpdateInfo refuses an empty or broken feed, with electron-updater’s code', () => {
    const url = new URL(`${base}latest-linux.yml`);
    for (const raw of [null, 'version: [1.1.0\nfiles: {']) {
      expect(() => parseUpdateInfo(raw, 'latest-linux.yml', url)).toThrow(
        expect.objectContaining({ code: 'ERR_UPDATER_INVALID_UPDATE_INFO' }),
      );
    }
  });
});

describe('the update path, end to end below Electron', () => {
  it('a newer genuine AppImage: found, downloaded, sha512 verified, ready; nothing installed', async () => {
    served.set('/latest-linux.yml', feed());
    served.set(`/${APPIMAGE_NAME}`, genuine);
    const { controller } = await controllerOver(await realUpdater());
    const progress: number[] = [];
    controller.onChange((status) => {
      if (status.progress !== null) progress.push(status.progress);
    });
    const status = await controller.check();
    expect(status).toMatchObject({
      state: 'ready',
      available: { version: '1.1.0', notes: 'Faster sign-in & a Tasks view.' },
      note: null,
    });
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(requests).toEqual(['/latest-linux.yml', `/${APPIMAGE_NAME}`]);
    // The verified file waits in electron-updater's cache; the running AppImage is untouched.
    expect(await cachedFiles()).toContain(APPIMAGE_NAME);
    expect(
      await readFile(join(dir, 'cache', 'latchkey-updater', 'pending', APPIMAGE_NAME)),
    ).toEqual(genuine);
    expect(await readFile(process.env.APPIMAGE!, 'utf8')).toBe('the running version');
    controller.dispose();
  });

  it('the same version as the running one: up to date, nothing downloaded', async () => {
    served.set('/latest-linux.yml', feed({ version: '1.0.0' }));
    served.set(`/${APPIMAGE_NAME}`, genuine);
    const { controller } = await controllerOver(await realUpdater());
    expect(await controller.check()).toMatchObject({ state: 'idle', available: null });
    expect(requests).toEqual(['/latest-linux.yml']);
  });

  it('an older version on the feed is no update (no downgrade)', async () => {
    served.set('/latest-linux.yml', feed({ version: '0.9.0' }));
    const { controller } = await controllerOver(await realUpdater());
    expect(await controller.check()).toMatchObject({ state: 'idle', available: null });
  });

  it('a tampered AppImage is refused by electron-updater’s sha512 check and not kept', async () => {
    const tampered = Buffer.from(genuine);
    tampered[1000] = (tampered[1000]! + 1) % 256;
    served.set('/latest-linux.yml', feed());
    served.set(`/${APPIMAGE_NAME}`, tampered);
    const updater = await realUpdater();
    const errors: Array<{ code?: unknown; message: string }> = [];
    updater.on('error', (error: Error & { code?: unknown }) =>
      errors.push({ code: error.code, message: error.message }),
    );
    const { controller } = await controllerOver(updater);
    logLines.length = 0;
    const status = await controller.check();
    expect(status).toMatchObject({ state: 'error', note: FAILURE_NOTES.refused, progress: null });
    expect(controller.restart()).toBe(false);
    // electron-updater's own checksum error (builder-util-runtime's DigestTransform).
    expect(errors).toEqual([
      {
        code: 'ERR_CHECKSUM_MISMATCH',
        message: `sha512 checksum mismatch, expected ${sha512(genuine)}, got ${sha512(tampered)}`,
      },
    ]);
    expect(await cachedFiles()).not.toContain(APPIMAGE_NAME);
    expect(logLines.filter((line) => line.startsWith('warn update download'))).toEqual([
      expect.stringMatching(
        /^warn update download failed .*"kind":"refused".*ERR_CHECKSUM_MISMATCH/,
      ),
    ]);
  });

  it('a wrong sha512 in latest-linux.yml refuses the genuine file the same way', async () => {
    served.set('/latest-linux.yml', feed({ sha512: sha512(Buffer.from('something else')) }));
    served.set(`/${APPIMAGE_NAME}`, genuine);
    const { controller } = await controllerOver(await realUpdater());
    expect(await controller.check()).toMatchObject({
      state: 'error',
      note: FAILURE_NOTES.refused,
    });
    expect(await cachedFiles()).not.toContain(APPIMAGE_NAME);
  });

  it('no feed on the server: the feed sentence, not the network one', async () => {
    const { controller } = await controllerOver(await realUpdater());
    expect(await controller.check()).toMatchObject({ state: 'error', note: FAILURE_NOTES.feed });
  });

  it('a feed that names no file: the feed sentence, nothing downloaded', async () => {
    served.set('/latest-linux.yml', "version: 1.1.0\nreleaseDate: '2026-12-01T10:00:00.000Z'\n");
    const { controller } = await controllerOver(await realUpdater());
    expect(await controller.check()).toMatchObject({ state: 'error', note: FAILURE_NOTES.feed });
    expect(requests).toEqual(['/latest-linux.yml']);
  });

  it('no server at all: the network sentence, without the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { controller } = await controllerOver(await realUpdater(url));
    // GenericProvider retries a refused connection three times (0 + 1 + 2 s) first.
    const status = await controller.check();
    expect(status).toMatchObject({ state: 'error', note: FAILURE_NOTES.network });
    expect(status.note).not.toContain('127.0.0.1');
  }, 20_000);
});
