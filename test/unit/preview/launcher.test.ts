/**
 * The preview's secret reaches the browser through a 0600 launcher file opened by path (as
 * Jupyter does): never on the terminal, never in the opener's or the browser's command line.
 */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { announcePreview, announceSignIn } from '../../../preview/announce.ts';
import {
  launcherHtml,
  PAGE_LAUNCHER,
  removeLauncher,
  writeLauncher,
} from '../../../preview/launcher.ts';
import { browserCommand, openInBrowser } from '../../../preview/open-browser.ts';
import type { Spawner } from '../../../preview/open-browser.ts';
import { launcherTarget } from '../../helpers/preview.ts';
import { privateFileProblem } from '../../helpers/private-file.ts';

const SECRET = 'f3'.repeat(32);
const URL_WITH_SECRET = `http://127.0.0.1:43210/#latchkey-secret=${SECRET}`;

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latchkey-launcher-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A spawn stand-in that records every command line it is asked to run. */
function recordingSpawner(): { spawner: Spawner; argv: string[][] } {
  const argv: string[][] = [];
  const spawner: Spawner = (command, args) => {
    argv.push([command, ...args]);
    return { on: () => undefined, unref: () => undefined };
  };
  return { spawner, argv };
}

describe('the launcher file', () => {
  it('is written with mode 0600 and redirects to the secret URL', async () => {
    const path = await writeLauncher(join(dir, 'data'), PAGE_LAUNCHER, URL_WITH_SECRET);
    expect(path).toBe(join(dir, 'data', PAGE_LAUNCHER));
    expect(privateFileProblem(path)).toBeNull();
    const html = await readFile(path, 'utf8');
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${URL_WITH_SECRET}">`);
    expect(launcherTarget(html)).toBe(URL_WITH_SECRET);
    expect(html).toContain(`<a href="${URL_WITH_SECRET}">`);
    // A local page with no script at all: nothing for a CSP to allow.
    expect(html).not.toMatch(/<script/i);
  });

  it('replaces an older launcher that others could read with a 0600 one', async () => {
    const path = join(dir, PAGE_LAUNCHER);
    await writeFile(path, 'old');
    await chmod(path, 0o644);
    await writeLauncher(dir, PAGE_LAUNCHER, URL_WITH_SECRET);
    expect(privateFileProblem(path)).toBeNull();
    expect(launcherTarget(await readFile(path, 'utf8'))).toBe(URL_WITH_SECRET);
    await removeLauncher(path);
    await expect(stat(path)).rejects.toThrow();
  });

  it('escapes the URL for HTML and redirects only to http(s)', () => {
    const html = launcherHtml('http://127.0.0.1:1/?a=1&b="<x>', 'T');
    expect(html).toContain('url=http://127.0.0.1:1/?a=1&amp;b=&quot;&lt;x&gt;"');
    expect(() => launcherHtml('javascript:alert(1)', 'T')).toThrow();
    expect(() => launcherHtml('file:///etc/passwd', 'T')).toThrow();
  });
});

describe('announcing the preview', () => {
  it('prints the launcher path, never the secret, and opens the file by path', async () => {
    const lines: string[] = [];
    const { spawner, argv } = recordingSpawner();
    const path = await announcePreview(URL_WITH_SECRET, {
      dataDir: dir,
      open: true,
      print: (line) => lines.push(line),
      openFile: (file) => openInBrowser(file, spawner),
    });
    expect(lines.join('\n')).toContain(`Open: ${path}`);
    expect(lines.join('\n')).not.toContain(SECRET);
    expect(argv).toHaveLength(1);
    expect(argv[0]).toContain(path);
    expect(argv.flat().join(' ')).not.toContain(SECRET);
    expect(launcherTarget(await readFile(path, 'utf8'))).toBe(URL_WITH_SECRET);
  });

  it('with --no-open: the path is printed, nothing is started', async () => {
    const { spawner, argv } = recordingSpawner();
    await announcePreview(URL_WITH_SECRET, {
      dataDir: dir,
      open: false,
      print: () => undefined,
      openFile: (file) => openInBrowser(file, spawner),
    });
    expect(argv).toEqual([]);
  });

  it('the sign-in URL is opened through a launcher whose path is printed: its state stays off the terminal and argv', async () => {
    const state = 'S'.repeat(43);
    const signIn = `http://127.0.0.1:5/o/oauth2/v2/auth?client_id=c&state=${state}&code_challenge=x`;
    const lines: string[] = [];
    const { spawner, argv } = recordingSpawner();
    const path = await announceSignIn(signIn, {
      dataDir: dir,
      open: true,
      print: (line) => lines.push(line),
      openFile: (file) => openInBrowser(file, spawner),
    });
    expect(lines.join('\n')).toContain(path);
    expect(lines.join('\n')).not.toContain(state);
    expect(argv).toEqual([[...browserCommand(path).flat()]]);
    expect(argv.flat().join(' ')).not.toContain(state);
    expect(privateFileProblem(path)).toBeNull();
    expect(lines).toEqual([expect.stringMatching(/^Sign-in: Google's page is in /)]);
  });

  it('announces a connect flow as connecting its product, not as signing in', async () => {
    const lines: string[] = [];
    const path = await announceSignIn(
      'http://127.0.0.1:5/o/oauth2/v2/auth?state=s',
      { dataDir: dir, open: false, print: (line) => lines.push(line) },
      'Google Calendar',
    );
    expect(lines).toEqual([
      `Connecting Google Calendar: Google's page is in ${path} (if no browser came up, open that file, or use Copy link in the window)`,
    ]);
  });
});

describe('openInBrowser', () => {
  it('passes only an absolute .html path, never a URL', () => {
    const { spawner, argv } = recordingSpawner();
    openInBrowser(URL_WITH_SECRET, spawner);
    openInBrowser('https://example.com/x.html', spawner);
    openInBrowser('relative/launcher.html', spawner);
    openInBrowser('/tmp/not-html.txt', spawner);
    expect(argv).toEqual([]);
    openInBrowser('/tmp/data/open-preview.html', spawner);
    expect(argv).toHaveLength(1);
  });

  it('uses the platform opener with the path as one argument (no shell)', () => {
    const path = '/home/ada/latchkey/.latchkey-dev/open-preview.html';
    expect(browserCommand(path, 'linux')).toEqual(['xdg-open', [path]]);
    expect(browserCommand(path, 'darwin')).toEqual(['open', [path]]);
    expect(browserCommand(path, 'win32')).toEqual([
      'rundll32.exe',
      ['url.dll,FileProtocolHandler', path],
    ]);
  });
});
