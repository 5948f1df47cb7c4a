/**
 * The two OAuth clients the emulator knows, shaped like Google's two client types for an
 * installed app. Their IDs look like Google's so code that derives the reverse-client-ID scheme
 * from the client ID works unchanged.
 */

/** Google's "Desktop app" client: loopback redirect on any port, secret required at /token. */
export const DESKTOP_CLIENT = {
  clientId: '100000000001-latchkeydemodesktop.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-latchkey-demo-desktop-secret',
} as const;

/** Google's "iOS" client: custom-scheme redirect (the reverse client ID), no secret. */
export const IOS_CLIENT = {
  clientId: '100000000002-latchkeydemoios.apps.googleusercontent.com',
  redirectScheme: 'com.googleusercontent.apps.100000000002-latchkeydemoios',
  redirectUri: 'com.googleusercontent.apps.100000000002-latchkeydemoios:/oauth2redirect',
} as const;

const GRANT_TYPES = ['authorization_code', 'refresh_token'];

/** Client metadata in oidc-provider's (RFC 7591) form. */
export const CLIENT_METADATA = [
  {
    client_id: DESKTOP_CLIENT.clientId,
    client_secret: DESKTOP_CLIENT.clientSecret,
    client_name: 'Latchkey',
    application_type: 'native',
    // Any port and any path are accepted: see allowAnyLoopbackRedirect().
    redirect_uris: ['http://127.0.0.1/'],
    grant_types: GRANT_TYPES,
    response_types: ['code'],
    // oidc-provider accepts the secret in the body or as HTTP Basic for either of these.
    token_endpoint_auth_method: 'client_secret_post',
  },
  {
    client_id: IOS_CLIENT.clientId,
    client_name: 'Latchkey',
    application_type: 'native',
    redirect_uris: [IOS_CLIENT.redirectUri],
    grant_types: GRANT_TYPES,
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  },
];

/** True for http://127.0.0.1 with any port and path (what a Google Desktop client accepts). */
export function isLoopbackRedirect(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && url.protocol === 'http:' && url.hostname === '127.0.0.1' && !url.hash;
}
