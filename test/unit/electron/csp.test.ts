import { describe, expect, it } from 'vitest';
import { buildCsp, GOOGLE_PHOTO_ORIGIN } from '../../../main/app/csp.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
}

describe('the Content-Security-Policy', () => {
  it('is strict by default', () => {
    const csp = directives(buildCsp());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toContain(GOOGLE_PHOTO_ORIGIN);
    expect(csp.get('img-src')).toContain('data:');
    const text = buildCsp();
    expect(text).not.toContain('unsafe-inline');
    expect(text).not.toContain('unsafe-eval');
    expect(text).not.toContain('*');
  });

  it('adds the emulator to img-src and a WebSocket to connect-src, as origins only', () => {
    const csp = directives(
      buildCsp({
        imgOrigins: ['http://127.0.0.1:4000/some/path'],
        connectOrigins: ['ws://127.0.0.1:5000/__latchkey/bridge'],
      }),
    );
    expect(csp.get('img-src')).toContain('http://127.0.0.1:4000');
    expect(csp.get('connect-src')).toEqual(['ws://127.0.0.1:5000']);
  });

  it('refuses anything that is not a web origin', () => {
    expect(() => buildCsp({ imgOrigins: ['javascript:alert(1)'] })).toThrow();
    expect(() => buildCsp({ connectOrigins: ["'unsafe-inline'; script-src *"] })).toThrow();
  });
});
