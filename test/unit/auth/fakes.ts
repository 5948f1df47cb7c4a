/**
 * Fakes for the auth modules' unit tests: a vault over the real vault code with an in-memory
 * keytar (so it reports `keychain` storage) or memory-only, a clock moved by hand, a config, and a
 * recorded id_token issuer (RSA key, JWKS, signed tokens).
 */
import { createSign, generateKeyPairSync } from 'node:crypto';
import { METADATA_KEY } from '../../../main/auth/session/account-store.ts';
import type { AuthConfig, Clock, MetadataStore } from '../../../main/auth/types.ts';
import type { KeytarLike, TokenVault } from '../../../main/vault/types.ts';
import { createVault } from '../../../main/vault/vault.ts';
import { captureLog } from '../../helpers/memory.ts';

export { captureLog, memoryStore } from '../../helpers/memory.ts';

/** Saved metadata listing one signed-in account, Ada (`sub`), as an earlier run wrote it. */
export function savedAda(metadata: MetadataStore, sub: string): void {
  metadata.set(METADATA_KEY, {
    v: 1,
    accounts: [
      {
        id: sub,
        email: 'ada@example.com',
        name: 'Ada',
        pictureUrl: null,
        grantedScopes: ['openid', 'email', 'profile'],
        lastSignIn: '2026-01-01T00:00:00.000Z',
      },
    ],
    activeId: sub,
  });
}

let services = 0;

/** A keychain kept in a Map: what keytar would hold, without a Secret Service. */
export function memoryKeytar(): KeytarLike & { entries: Map<string, string>; failSets: boolean } {
  const entries = new Map<string, string>();
  const keytar = {
    entries,
    failSets: false,
    getPassword: async (service: string, account: string) =>
      entries.get(`${service}/${account}`) ?? null,
    setPassword: async (service: string, account: string, password: string) => {
      if (keytar.failSets) throw new Error('keychain refused');
      entries.set(`${service}/${account}`, password);
    },
    deletePassword: async (service: string, account: string) =>
      entries.delete(`${service}/${account}`),
  };
  return keytar;
}

/** The real vault on an in-memory keychain: `storage()` is `keychain`. */
export async function keychainVault(
  keytar = memoryKeytar(),
): Promise<{ vault: TokenVault; keytar: ReturnType<typeof memoryKeytar> }> {
  services += 1;
  const vault = await createVault({
    service: `latchkey-unit-${process.pid}-${services}`,
    logger: captureLog().logger,
    loadKeytar: async () => keytar,
  });
  return { vault, keytar };
}

/** The real vault with no keychain at all: `storage()` is `memory`. */
export async function memoryOnlyVault(): Promise<TokenVault> {
  services += 1;
  return createVault({
    service: `latchkey-unit-${process.pid}-${services}`,
    logger: captureLog().logger,
    memoryOnlyReason: 'no keychain in this test',
  });
}

/** A clock that moves only when told. */
export function fakeClock(start = Date.UTC(2026, 0, 1)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

export const CLIENT_ID = '100000000001-unit.apps.googleusercontent.com';
export const ISSUER = 'http://127.0.0.1:4000';

export function testConfig(overrides: Partial<AuthConfig> = {}): AuthConfig {
  return {
    mode: 'demo',
    appId: 'dev.latchkey.unit',
    clientId: CLIENT_ID,
    clientType: 'ios',
    redirectScheme: 'com.googleusercontent.apps.100000000001-unit',
    endpoints: {
      issuer: ISSUER,
      authorization: `${ISSUER}/o/oauth2/v2/auth`,
      token: `${ISSUER}/token`,
      revoke: `${ISSUER}/revoke`,
      userinfo: `${ISSUER}/v1/userinfo`,
      jwks: `${ISSUER}/oauth2/v3/certs`,
      apiRoot: `${ISSUER}/`,
    },
    ...overrides,
  };
}

/** An RSA signing key, its JWKS and a signer for id_tokens. */
export function idTokenIssuer(kid: string | undefined = 'k1') {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  const jwk = {
    ...exported,
    kty: 'RSA',
    use: 'sig',
    alg: 'RS256',
    ...(kid ? { kid } : {}),
  };
  const encode = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sign = (payload: Record<string, unknown>, header: Record<string, unknown> = {}): string => {
    const input = `${encode({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}), ...header })}.${encode(payload)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
  };
  return { jwks: { keys: [jwk] }, sign };
}

/** A token endpoint answer as Google sends it. */
export function tokenAnswer(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: 'ya29.unit-access',
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: '1//unit-refresh',
    scope:
      'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
    ...fields,
  };
}
