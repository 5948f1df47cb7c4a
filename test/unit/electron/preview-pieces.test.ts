import { describe, expect, it } from 'vitest';
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
