import { describe, expect, it } from 'vitest';
import { browserCommand } from '../../../preview/open-browser.ts';
import { BRIDGE_SCRIPT_PATH } from '../../../preview/protocol.ts';
import { injectBridgeScript } from '../../../preview/server.ts';

describe('the preview page', () => {
  it('gets the bridge script as a same-origin classic script in <head>, no inline code', () => {
    const html =
      '<!doctype html><html><head><title>x</title><script type="module" src="./a.js"></script></head><body></body></html>';
    const out = injectBridgeScript(html);
    expect(out).toContain(`<script src="${BRIDGE_SCRIPT_PATH}"></script>`);
    expect(out.indexOf(BRIDGE_SCRIPT_PATH)).toBeLessThan(out.indexOf('</head>'));
    expect(out.replace(html.slice(0, html.indexOf('</head>')), '')).not.toMatch(/<script>[^<]/);
    expect(() => injectBridgeScript('<html><body></body></html>')).toThrow();
  });
});

describe('opening the system browser', () => {
  it('uses the platform opener, with the URL as one argument (no shell)', () => {
    const url = 'http://127.0.0.1:1/o/oauth2/v2/auth?a=1&b=2';
    expect(browserCommand(url, 'linux')).toEqual(['xdg-open', [url]]);
    expect(browserCommand(url, 'darwin')).toEqual(['open', [url]]);
    expect(browserCommand(url, 'win32')).toEqual([
      'rundll32.exe',
      ['url.dll,FileProtocolHandler', url],
    ]);
  });
});
