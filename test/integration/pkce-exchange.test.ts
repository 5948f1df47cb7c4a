/**
 * A full authorization-code + PKCE exchange with google-auth-library against the emulator, for
 * both of Google's installed-app client types, with the sign-in and consent pages driven in
 * Chromium — the flow Latchkey runs, minus the app.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientAuthentication, CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALENDAR_SCOPE, DRIVE_SCOPE, startEmulator } from '../../emulator/index.ts';
import type { Emulator } from '../../emulator/index.ts';
import { chromiumLaunchOptions } from '../helpers/chromium.ts';
import { completeConsent } from '../helpers/consent.ts';

const EMAIL_SCOPE_URL = 'https://www.googleapis.com/auth/userinfo.email';
const PROFILE_SCOPE_URL = 'https://www.googleapis.com/auth/userinfo.profile';

let emulator: Emulator;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Stands in for the app's loopback listener: answers the redirect like the app would. */
let loopback: Server;
let loopbackRedirect: string;

beforeAll(async () => {
  emulator = await startEmulator();
  browser = await chromium.launch(chromiumLaunchOptions());
  loopback = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end('Signed in. You can close this window.');
  });
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
  loopbackRedirect = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/oauth2/callback`;
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  loopback?.closeAllConnections();
  await new Promise((resolve) => loopback?.close(resolve));
});

beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
});

afterEach(async () => {
  await context.close();
});

type Kind = 'desktop' | 'ios';

function redirectUriFor(kind: Kind): string {
  return kind === 'desktop' ? loopbackRedirect : emulator.clients.ios.redirectUri;
}

function clientFor(
  kind: Kind,
  options: { withSecret?: boolean; basic?: boolean } = {},
): OAuth2Client {
  const { withSecret = true, basic = false } = options;
  const { endpoints } = emulator;
  return new OAuth2Client({
    clientId: emulator.clients[kind].clientId,
    ...(kind === 'desktop' && withSecret
      ? { clientSecret: emulator.clients.desktop.clientSecret }
      : {}),
    redirectUri: redirectUriFor(kind),
    issuers: [emulator.issuer],
    ...(basic ? { clientAuthentication: ClientAuthentication.ClientSecretBasic } : {}),
    endpoints: {
      oauth2AuthBaseUrl: endpoints.authorization,
      oauth2TokenUrl: endpoints.token,
      oauth2RevokeUrl: endpoints.revoke,
      oauth2FederatedSignonJwkCertsUrl: endpoints.jwks,
      oauth2FederatedSignonPemCertsUrl: endpoints.pemCerts,
    },
  });
}

interface AuthorizeOptions {
  /** Google's `prompt` parameter (e.g. 'select_account consent'). */
  prompt?: string;
  scope: string[];
  email?: string;
  action?: 'allow' | 'deny';
  offline?: boolean;
  includeGrantedScopes?: boolean;
  untick?: string[];
}

/** Runs the browser part of the flow; returns the redirect and what the token request needs. */
async function authorize(client: OAuth2Client, kind: Kind, options: AuthorizeOptions) {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = client.generateAuthUrl({
    scope: options.scope,
    access_type: options.offline === false ? 'online' : 'offline',
    state,
    nonce,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
    ...(options.includeGrantedScopes ? { include_granted_scopes: true } : {}),
    login_hint: options.email ?? 'ada@example.com',
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  const landed = await completeConsent(page, url, {
    email: options.email ?? 'ada@example.com',
    action: options.action ?? 'allow',
    untick: options.untick ?? [],
  });
  const redirect = new URL(landed);
  return { redirect, codeVerifier: codeVerifier as string, state, nonce };
}

for (const kind of ['desktop', 'ios'] as const) {
  describe(`${kind} client`, () => {
    it('completes sign-in with PKCE and returns id, access and refresh tokens', async () => {
      const client = clientFor(kind);
      const { redirect, codeVerifier, state, nonce } = await authorize(client, kind, {
        scope: ['openid', 'email', 'profile'],
      });

      expect(redirect.href.split('?')[0]).toBe(
        kind === 'desktop' ? loopbackRedirect : emulator.clients.ios.redirectUri,
      );
      expect(redirect.searchParams.get('state')).toBe(state);
      expect(redirect.searchParams.get('iss')).toBe(emulator.issuer);
      // Google's extras on a successful redirect.
      expect(redirect.searchParams.get('scope')?.split(' ').sort()).toEqual(
        ['openid', EMAIL_SCOPE_URL, PROFILE_SCOPE_URL].sort(),
      );
      expect(redirect.searchParams.get('authuser')).toBe('0');
      const code = redirect.searchParams.get('code');
      expect(code).toBeTruthy();
      if (kind === 'desktop') expect(page.url()).toBe(redirect.href);

      const { tokens } = await client.getToken({
        code: code!,
        codeVerifier,
        redirect_uri: redirectUriFor(kind),
      });
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.refresh_token).toBeTruthy();
      expect(tokens.token_type).toBe('Bearer');
      expect(tokens.scope?.split(' ').sort()).toEqual(
        ['openid', EMAIL_SCOPE_URL, PROFILE_SCOPE_URL].sort(),
      );

      const ticket = await client.verifyIdToken({
        idToken: tokens.id_token!,
        audience: emulator.clients[kind].clientId,
      });
      const claims = ticket.getPayload()!;
      const ada = emulator.accounts.find((account) => account.email === 'ada@example.com')!;
      expect(claims).toMatchObject({
        iss: emulator.issuer,
        aud: emulator.clients[kind].clientId,
        sub: ada.sub,
        nonce,
        email: 'ada@example.com',
        email_verified: true,
        name: 'Ada Lovelace',
        picture: ada.picture,
      });
      expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
      const header = JSON.parse(
        Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString(),
      );
      expect(header.alg).toBe('RS256');

      // The refresh token works, and Google doesn't rotate it: no new one comes back.
      client.setCredentials({ refresh_token: tokens.refresh_token });
      const refreshed = await client.refreshAccessToken();
      expect(refreshed.credentials.access_token).toBeTruthy();
      expect(refreshed.credentials.access_token).not.toBe(tokens.access_token);
      expect(refreshed.credentials.refresh_token).toBe(tokens.refresh_token);

      // The avatar in the picture claim is served.
      const avatar = await fetch(ada.picture);
      expect(avatar.headers.get('content-type')).toBe('image/svg+xml');
    });

    it('answers Deny with access_denied and no code', async () => {
      const { redirect, state } = await authorize(clientFor(kind), kind, {
        scope: ['openid', 'email'],
        action: 'deny',
      });
      expect(redirect.searchParams.get('error')).toBe('access_denied');
      expect(redirect.searchParams.get('code')).toBeNull();
      expect(redirect.searchParams.get('state')).toBe(state);
      expect(redirect.searchParams.get('iss')).toBe(emulator.issuer);
    });

    it('rejects a code presented with the wrong verifier', async () => {
      const client = clientFor(kind);
      const { redirect } = await authorize(client, kind, { scope: ['openid'] });
      const wrong = (await client.generateCodeVerifierAsync()).codeVerifier!;
      await expect(
        client.getToken({
          code: redirect.searchParams.get('code')!,
          codeVerifier: wrong,
          redirect_uri: redirectUriFor(kind),
        }),
      ).rejects.toMatchObject({ response: { status: 400, data: { error: 'invalid_grant' } } });
    });

    it("takes Google's account chooser, prompt=select_account consent", async () => {
      const client = clientFor(kind);
      const { redirect, codeVerifier } = await authorize(client, kind, {
        scope: ['openid', 'email'],
        prompt: 'select_account consent',
        email: 'grace@example.com',
      });
      const { tokens } = await client.getToken({
        code: redirect.searchParams.get('code')!,
        codeVerifier,
        redirect_uri: redirectUriFor(kind),
      });
      const claims = JSON.parse(
        Buffer.from(tokens.id_token!.split('.')[1]!, 'base64url').toString(),
      ) as { email: string };
      expect(claims.email).toBe('grace@example.com');
      expect(tokens.refresh_token).toBeTruthy();
    });

    it('issues no refresh token without access_type=offline', async () => {
      const client = clientFor(kind);
      const { redirect, codeVerifier } = await authorize(client, kind, {
        scope: ['openid', 'email'],
        offline: false,
      });
      const { tokens } = await client.getToken({
        code: redirect.searchParams.get('code')!,
        codeVerifier,
        redirect_uri: redirectUriFor(kind),
      });
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.refresh_token ?? undefined).toBeUndefined();
    });
  });
}

describe('desktop client authentication', () => {
  it('rejects the token request without the client secret', async () => {
    const { redirect, codeVerifier } = await authorize(clientFor('desktop'), 'desktop', {
      scope: ['openid'],
    });
    await expect(
      clientFor('desktop', { withSecret: false }).getToken({
        code: redirect.searchParams.get('code')!,
        codeVerifier,
        redirect_uri: loopbackRedirect,
      }),
    ).rejects.toMatchObject({ response: { status: 401, data: { error: 'invalid_client' } } });
  });

  it('accepts the secret as HTTP Basic too', async () => {
    const client = clientFor('desktop', { basic: true });
    const { redirect, codeVerifier } = await authorize(client, 'desktop', { scope: ['openid'] });
    const { tokens } = await client.getToken({
      code: redirect.searchParams.get('code')!,
      codeVerifier,
      redirect_uri: loopbackRedirect,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  it('accepts any loopback port and path, and nothing else', async () => {
    const allowed = new URL(loopbackRedirect);
    allowed.pathname = '/another/path';
    const client = new OAuth2Client({
      clientId: emulator.clients.desktop.clientId,
      clientSecret: emulator.clients.desktop.clientSecret,
      redirectUri: allowed.href,
      endpoints: {
        oauth2AuthBaseUrl: emulator.endpoints.authorization,
        oauth2TokenUrl: emulator.endpoints.token,
      },
    });
    const { redirect, codeVerifier } = await authorize(client, 'desktop', { scope: ['openid'] });
    expect(redirect.href.split('?')[0]).toBe(allowed.href);
    // The token request must name the same redirect_uri as the authorization request.
    await expect(
      client.getToken({
        code: redirect.searchParams.get('code')!,
        codeVerifier,
        redirect_uri: loopbackRedirect,
      }),
    ).rejects.toMatchObject({ response: { data: { error: 'invalid_grant' } } });
  });

  it('refuses a redirect_uri that is not loopback', async () => {
    const client = new OAuth2Client({
      clientId: emulator.clients.desktop.clientId,
      redirectUri: 'http://evil.example/callback',
      endpoints: { oauth2AuthBaseUrl: emulator.endpoints.authorization },
    });
    const url = client.generateAuthUrl({
      scope: ['openid'],
      code_challenge: 'a'.repeat(43),
      code_challenge_method: CodeChallengeMethod.S256,
    });
    await expect(completeConsent(page, url, { email: 'ada@example.com' })).rejects.toThrow(
      /redirect_uri/,
    );
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = clientFor('desktop').generateAuthUrl({ scope: ['openid'], state: 'no-pkce' });
    const redirect = new URL(await completeConsent(page, url, { email: 'ada@example.com' }));
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(redirect.searchParams.get('state')).toBe('no-pkce');
    expect(redirect.searchParams.get('code')).toBeNull();
  });
});

describe('incremental authorization', () => {
  it('merges scopes with the earlier grant when include_granted_scopes=true', async () => {
    const client = clientFor('desktop');
    const first = await authorize(client, 'desktop', {
      scope: ['openid', 'email', 'profile'],
      email: 'grace@example.com',
    });
    await client.getToken({
      code: first.redirect.searchParams.get('code')!,
      codeVerifier: first.codeVerifier,
      redirect_uri: loopbackRedirect,
    });

    const second = await authorize(client, 'desktop', {
      scope: [CALENDAR_SCOPE],
      email: 'grace@example.com',
      includeGrantedScopes: true,
    });
    const { tokens } = await client.getToken({
      code: second.redirect.searchParams.get('code')!,
      codeVerifier: second.codeVerifier,
      redirect_uri: loopbackRedirect,
    });
    expect(tokens.scope?.split(' ').sort()).toEqual(
      ['openid', EMAIL_SCOPE_URL, PROFILE_SCOPE_URL, CALENDAR_SCOPE].sort(),
    );
    // openid came from the earlier grant: the id_token is there and carries this request's nonce.
    const ticket = await client.verifyIdToken({
      idToken: tokens.id_token!,
      audience: emulator.clients.desktop.clientId,
    });
    expect(ticket.getPayload()).toMatchObject({ email: 'grace@example.com', nonce: second.nonce });
  });

  it('asks for only the new scope without include_granted_scopes', async () => {
    const client = clientFor('ios');
    const { redirect, codeVerifier } = await authorize(client, 'ios', {
      scope: [DRIVE_SCOPE],
      email: 'alan@example.com',
    });
    const { tokens } = await client.getToken({
      code: redirect.searchParams.get('code')!,
      codeVerifier,
      redirect_uri: emulator.clients.ios.redirectUri,
    });
    expect(tokens.scope).toBe(DRIVE_SCOPE);
  });

  it('leaves out a scope the person unticked on the consent page', async () => {
    const client = clientFor('desktop');
    const { redirect, codeVerifier } = await authorize(client, 'desktop', {
      scope: ['openid', 'email', CALENDAR_SCOPE, DRIVE_SCOPE],
      email: 'alan@example.com',
      untick: [DRIVE_SCOPE],
    });
    const { tokens } = await client.getToken({
      code: redirect.searchParams.get('code')!,
      codeVerifier,
      redirect_uri: loopbackRedirect,
    });
    expect(tokens.scope?.split(' ').sort()).toEqual(
      ['openid', EMAIL_SCOPE_URL, CALENDAR_SCOPE].sort(),
    );

    // Asked again later, the unticked scope is on the consent page again and can be granted.
    const again = await authorize(client, 'desktop', {
      scope: [DRIVE_SCOPE],
      email: 'alan@example.com',
      includeGrantedScopes: true,
    });
    const second = await client.getToken({
      code: again.redirect.searchParams.get('code')!,
      codeVerifier: again.codeVerifier,
      redirect_uri: loopbackRedirect,
    });
    expect(second.tokens.scope?.split(' ').sort()).toEqual(
      ['openid', EMAIL_SCOPE_URL, CALENDAR_SCOPE, DRIVE_SCOPE].sort(),
    );
  });
});

describe('sign-in page', () => {
  it('says so when the email is not a seeded account', async () => {
    const client = clientFor('desktop');
    const { codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      scope: ['openid'],
      code_challenge: codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
    });
    await expect(completeConsent(page, url, { email: 'mallory@example.com' })).rejects.toThrow(
      /find a Google Account for mallory@example.com/,
    );
    expect(await page.getByRole('alert').innerText()).toContain('mallory@example.com');
  });
});
