/**
 * Google's revoke endpoint: the token comes as a query or form parameter, with no client
 * authentication, and the answer is 200 even for a token Google doesn't know. Revoking either an
 * access token or a refresh token ends the whole grant (every token issued under it), as at Google.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { GrantRegistry } from './grants.ts';
import { readForm, sendJson } from './http.ts';
import type { EmulatorState } from './state.ts';

export interface RevokeDeps {
  provider: Provider;
  grants: GrantRegistry;
  state: EmulatorState;
}

export async function handleRevoke(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: RevokeDeps,
): Promise<void> {
  if (req.method !== 'POST' && req.method !== 'GET') {
    sendJson(res, 405, { error: 'invalid_request', error_description: 'Use POST.' });
    return;
  }
  const form = req.method === 'POST' ? await readForm(req) : new URLSearchParams();
  const token = url.searchParams.get('token') ?? form.get('token');
  if (!token) {
    sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'Missing required parameter: token',
    });
    return;
  }
  const { provider, grants, state } = deps;
  state.sawSecret(token);
  const found =
    (await provider.RefreshToken.find(token, { ignoreExpiration: true })) ??
    (await provider.AccessToken.find(token, { ignoreExpiration: true }));
  if (found) {
    if (found.grantId) grants.revoke(found.grantId);
    else await found.destroy();
    state.countRevoked();
  }
  sendJson(res, 200, {});
}
