/**
 * Loads AppAuth-JS (@openid/appauth), the peer OAuth client the sign-in figure is compared with.
 *
 * Its 1.4.0 package is `"type": "module"` but imports its own files without extensions
 * (`./authorization_request`), which Node's ESM loader refuses; bundlers and tsx accept it. A
 * resolve hook retries such specifiers, inside that package only, with `.js`. Its type
 * declarations have the same flaw, hence the small hand-written types of the parts used here.
 */
import { registerHooks } from 'node:module';

/** AuthorizationServiceConfiguration's constructor argument. */
export interface ServiceConfigurationJson {
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  userinfo_endpoint?: string;
}

/** TokenRequest's constructor argument. */
export interface TokenRequestJson {
  grant_type: string;
  code?: string;
  redirect_uri: string;
  client_id: string;
  extras?: Record<string, string>;
}

/** What the benchmark uses of AppAuth-JS. */
export interface AppAuth {
  AuthorizationServiceConfiguration: new (json: ServiceConfigurationJson) => object;
  TokenRequest: new (json: TokenRequestJson) => object;
  BaseTokenRequestHandler: new (requestor: object) => {
    performTokenRequest(
      configuration: object,
      request: object,
    ): Promise<{ accessToken: string; refreshToken?: string; idToken?: string }>;
  };
  NodeRequestor: new () => object;
  GRANT_TYPE_AUTHORIZATION_CODE: string;
}

let hooked = false;

/** Imports AppAuth-JS and its Node support (NodeRequestor). */
export async function loadAppAuth(): Promise<AppAuth> {
  if (!hooked) {
    hooked = true;
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const inAppAuth = context.parentURL?.includes('/node_modules/@openid/appauth/') ?? false;
        if (!inAppAuth || !specifier.startsWith('.') || specifier.endsWith('.js')) {
          return nextResolve(specifier, context);
        }
        try {
          return nextResolve(specifier, context);
        } catch {
          return nextResolve(`${specifier}.js`, context);
        }
      },
    });
  }
  const core = (await import('@openid/appauth')) as unknown as Omit<AppAuth, 'NodeRequestor'>;
  const node = (await import('@openid/appauth/built/src/node_support/index.js')) as unknown as Pick<
    AppAuth,
    'NodeRequestor'
  >;
  return { ...core, NodeRequestor: node.NodeRequestor };
}
