import { afterEach, describe, expect, it } from 'vitest';
import {
  CustomSchemeReceiver,
  customSchemeUriFor,
  LoopbackReceiver,
  receiverFor,
  type RedirectReceiver,
} from '../../../../main/auth/flow/receivers.ts';
import { testConfig } from '../fakes.ts';

let open: RedirectReceiver | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('redirect receivers', () => {
  it('an iOS-type client gets the custom-scheme receiver: one fixed URI, nothing to open', async () => {
    const config = testConfig();
    expect(customSchemeUriFor(config)).toBe(
      'com.googleusercontent.apps.100000000001-unit:/oauth2redirect',
    );
    const receiver = await receiverFor(config)(async () => ({ accepted: false }));
    expect(receiver).toBeInstanceOf(CustomSchemeReceiver);
    expect(receiver.kind).toBe('custom-scheme');
    expect(receiver.redirectUri).toBe(customSchemeUriFor(config));
    await expect(receiver.close()).resolves.toBeUndefined();
  });

  it('an iOS-type client without its scheme is a configuration error', () => {
    expect(() => customSchemeUriFor(testConfig({ redirectScheme: undefined }))).toThrow(TypeError);
  });

  it('a Desktop client gets a loopback receiver on 127.0.0.1 that hands GETs to the flow', async () => {
    const config = testConfig({
      clientType: 'desktop',
      clientSecret: 'secret',
      redirectScheme: undefined,
    });
    expect(customSchemeUriFor(config)).toBeNull();
    const received: Array<[string, string]> = [];
    open = await receiverFor(config)(async (url, from) => {
      received.push([url, from]);
      return { accepted: false };
    });
    expect(open).toBeInstanceOf(LoopbackReceiver);
    expect(open.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/callback$/);
    const response = await fetch(`${open.redirectUri}?state=s&code=c`);
    expect(response.status).toBe(400);
    expect(received).toEqual([[`${open.redirectUri}?state=s&code=c`, 'loopback']]);
    await open.close();
    await expect(fetch(open.redirectUri)).rejects.toThrow();
  });
});
