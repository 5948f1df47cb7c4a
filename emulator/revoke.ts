/**
 * Google's revoke endpoint: POST only (anything else is 405), the token as a query or form
 * parameter, no client authentication. A token Google doesn't know — never issued, or already
 * revoked — gets 400 `{"error":"invalid_token"}`, as at Google; clients treat that as done.
 * Revoking either an access token or a refresh token ends the whole grant (every token issued
 * under it), as at Google.
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
  if (req.method !== 'POST') {
    sendJson(
      res,
      405,
      { error: 'invalid_request', error_description: 'Use POST.' },
      { allow: 'POST' },
    );
    return;
  }
  const form = await readForm(req);
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
  if (!found) {
    sendJson(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    return;
  }
  if (found.grantId) grants.revoke(found.grantId);
  else await found.destroy();
  state.countRevoked();
  sendJson(res, 200, {});
}
