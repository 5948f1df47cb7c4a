import { describe, expect, it } from 'vitest';
import { AccountClient } from '../../../../main/auth/tokens/account-client.ts';

function setup() {
  const calls: boolean[] = [];
  let n = 0;
  const client = new AccountClient(
    {
      clientId: '1-x.apps.googleusercontent.com',
      // Any request the library made on its own would go here and fail the test.
      endpoints: { oauth2TokenUrl: 'http://127.0.0.1:9/never' },
      eagerRefreshThresholdMillis: 60_000,
    },
    {
      accessToken: async (force) => {
        calls.push(force);
        n += 1;
        return { token: `access-${n}`, expiresAt: Date.now() + 3_600_000 };
      },
    },
  );
  return { client, calls };
}

describe('AccountClient', () => {
  it('gets every token from the core: headers, getAccessToken, refreshAccessToken', async () => {
    const { client, calls } = setup();
    expect((await client.getRequestHeaders()).get('authorization')).toBe('Bearer access-1');
    // Valid now: no further call.
    expect((await client.getAccessToken()).token).toBe('access-1');
    expect(calls).toEqual([false]);
    // The public forced refresh goes to the core too, marked as forced.
    const refreshed = await client.refreshAccessToken();
    expect(refreshed.credentials.access_token).toBe('access-2');
    expect(calls).toEqual([false, true]);
    expect(client.credentials.refresh_token).toBeUndefined();
  });

  it('an expiring token is renewed through the core, even with a refresh token set on it', async () => {
    const { client, calls } = setup();
    client.setCredentials({
      access_token: 'old',
      expiry_date: Date.now() + 1_000,
      refresh_token: 'planted-by-feature-code',
    });
    const tokens = await Promise.all([
      client.getAccessToken(),
      client.getRequestHeaders(),
      client.getAccessToken(),
    ]);
    expect(tokens.length).toBe(3);
    expect(calls.length).toBeGreaterThan(0);
    // No request ever reached the library's token endpoint (it would have thrown ECONNREFUSED).
  });

  it('holds no client secret', () => {
    const client = new AccountClient(
      { clientId: 'x', clientSecret: 'GOCSPX-should-not-be-kept' },
      {
        accessToken: async () => ({ token: 't', expiresAt: Date.now() + 1e6 }),
      },
    );
    expect(JSON.stringify(client)).not.toContain('GOCSPX');
  });
});
