/**
 * Nothing the bridge answers can carry a token: a walk over every key of every output type.
 * This is a type-level test — `npm run typecheck` (tsc -b) fails when an output type grows a
 * token-like field; vitest only runs the runtime half. The preview integration test checks real
 * answers against every secret the emulator handed out.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AgendaEvent,
  ErrorCode,
  Notice,
  Outputs,
  SecurityInfo,
} from '../../../preload/contract.ts';

/** Every property name anywhere inside T (through arrays, unions and nested objects). */
type DeepKeys<T> = T extends readonly (infer U)[]
  ? DeepKeys<U>
  : T extends object
    ? { [K in keyof T & string]-?: K | DeepKeys<T[K]> }[keyof T & string]
    : never;

type OutputKeys = DeepKeys<Outputs>;

/** Names that would mean a secret crosses the bridge. */
type SecretWord =
  | 'token'
  | 'Token'
  | 'secret'
  | 'Secret'
  | 'verifier'
  | 'Verifier'
  | 'password'
  | 'Password'
  | 'assertion'
  | 'Assertion'
  | 'credential'
  | 'Credential'
  | 'cookie'
  | 'Cookie';
type SecretLike = Extract<OutputKeys, `${string}${SecretWord}${string}`>;
type CodeLike = Extract<OutputKeys, `${string}${'code' | 'Code'}${string}`>;

describe('the bridge outputs', () => {
  it('have no token-like field but the access token expiry time', () => {
    // The one name that mentions a token is a timestamp, not the token.
    expectTypeOf<SecretLike>().toEqualTypeOf<'accessTokenExpiresAt'>();
    expectTypeOf<SecurityInfo['accounts'][number]['accessTokenExpiresAt']>().toEqualTypeOf<
      string | null
    >();
    expect(true).toBe(true);
  });

  it('have `code` fields only for error codes, never an authorization code', () => {
    expectTypeOf<CodeLike>().toEqualTypeOf<'code'>();
    expectTypeOf<Notice['code']>().toEqualTypeOf<
      ErrorCode | 'REVOCATION_PENDING' | 'REVOCATION_COMPLETED'
    >();
    // A plain `string` here would let anything through.
    expectTypeOf<string>().not.toMatchTypeOf<Notice['code']>();
  });

  it('walks nested and array types (the walker itself works)', () => {
    expectTypeOf<'htmlLink'>().toMatchTypeOf<OutputKeys>();
    expectTypeOf<'grantedScopes'>().toMatchTypeOf<OutputKeys>();
    expectTypeOf<'pendingRevocations'>().toMatchTypeOf<OutputKeys>();
    expectTypeOf<DeepKeys<{ a: Array<{ b: { refreshToken: string } }> }>>().toEqualTypeOf<
      'a' | 'b' | 'refreshToken'
    >();
    expectTypeOf<keyof AgendaEvent>().toMatchTypeOf<OutputKeys>();
  });
});
