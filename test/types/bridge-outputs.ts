/**
 * Nothing the bridge answers can carry a token: a walk over every key of every output type.
 * A compile-time check, not a vitest file: `npm run typecheck` (tsc -b over test/) fails when an
 * output type grows a token-like field. The preview integration test checks real answers
 * against every secret the emulator handed out.
 */
import type { Notice, SecurityInfo } from '../../common/model.ts';
import type { AgendaEvent } from '../../common/features.ts';
import type { ErrorCode } from '../../common/result.ts';
import type { Outputs } from '../../common/contract.ts';

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

/** Compiles only when A and B are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type Extends<A, B> = [A] extends [B] ? true : false;

/**
 * Each entry must be `true` for the file to compile:
 * - the one name that mentions a token is a timestamp, not the token;
 * - `code` fields are error codes only, never an authorization code, and not a plain string;
 * - the walker itself reaches nested and array types.
 */
export type BridgeOutputChecks = [
  Expect<Equal<SecretLike, 'accessTokenExpiresAt'>>,
  Expect<Equal<SecurityInfo['accounts'][number]['accessTokenExpiresAt'], string | null>>,
  Expect<Equal<CodeLike, 'code'>>,
  Expect<
    Equal<
      Notice['code'],
      ErrorCode | 'REVOCATION_PENDING' | 'REVOCATION_COMPLETED' | 'KEYCHAIN_WAITING'
    >
  >,
  Expect<Equal<Extends<string, Notice['code']>, false>>,
  Expect<Extends<'htmlLink' | 'grantedScopes' | 'pendingRevocations', OutputKeys>>,
  Expect<Extends<keyof AgendaEvent, OutputKeys>>,
  Expect<
    Equal<DeepKeys<{ a: Array<{ b: { refreshToken: string } }> }>, 'a' | 'b' | 'refreshToken'>
  >,
];
