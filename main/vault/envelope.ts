/**
 * The format of a keychain value: a small versioned JSON envelope, so an entry another program
 * wrote under our service, a truncated write or an old format is recognised instead of being sent
 * to Google as a refresh token.
 */
import { z } from 'zod';

/**
 * Longest value we accept. Windows Credential Manager caps a credential at 2560 bytes; a Google
 * refresh token is ~100 characters, so anything near the cap is not ours.
 */
export const MAX_ENTRY_CHARS = 2_560;

/** Refresh tokens are opaque printable ASCII; Google's are `1//…` of ~100 characters. */
const token = z
  .string()
  .min(1)
  .max(2_048)
  .regex(/^[\x21-\x7e]+$/);

const refreshEntry = z
  .object({ v: z.literal(1), kind: z.literal('refresh_token'), token })
  .strict();

/** A P-256 coordinate or private scalar in base64url: 43 characters. */
const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** The DPoP private key as written (an ES256 JWK, `d` included). */
const dpopKeySchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: coordinate,
    y: coordinate,
    d: coordinate,
  })
  .strict();
export type StoredDpopKey = z.infer<typeof dpopKeySchema>;

/**
 * Version 2: the refresh token and, when it is DPoP-bound, the private key it is bound to. The key
 * is read as whatever is there: an entry that names a key is bound, and a bound entry whose key is
 * unusable is a signed-out account (never a bearer refresh), decided by the caller.
 */
const refreshEntryV2 = z
  .object({
    v: z.literal(2),
    kind: z.literal('refresh_token'),
    token,
    dpopKey: z.unknown().optional(),
  })
  .strict();

/** A refresh entry as read: the token, and whether (and with what) it is bound to a DPoP key. */
export interface RefreshEntry {
  token: string;
  /** True when the entry says the token is DPoP-bound (v2 with `dpopKey`). */
  bound: boolean;
  /** The stored key, unchecked (`bound` without a usable key means the key is lost). */
  dpopKey?: unknown;
}
const revocationEntry = z
  .object({
    v: z.literal(1),
    kind: z.literal('pending_revocation'),
    token,
    since: z.iso.datetime(),
  })
  .strict();

const indexEntry = z
  .object({
    v: z.literal(1),
    kind: z.literal('revocation_index'),
    ids: z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)).max(200),
  })
  .strict();

/** Why an entry was rejected (for logs; never includes the value). */
export type EntryProblem = 'oversized' | 'not-json' | 'foreign';

export type Decoded<T> = { ok: true; value: T } | { ok: false; problem: EntryProblem };

function decode<T>(raw: string, schema: z.ZodType<T>): Decoded<T> {
  if (raw.length > MAX_ENTRY_CHARS) return { ok: false, problem: 'oversized' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'not-json' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: 'foreign' };
}

/**
 * A bearer refresh token is written as version 1 (readable by every version of Latchkey); one
 * bound to a DPoP key as version 2, with the key.
 */
export function encodeRefreshToken(refreshToken: string, dpopKey?: StoredDpopKey): string {
  if (!dpopKey) {
    return JSON.stringify(refreshEntry.parse({ v: 1, kind: 'refresh_token', token: refreshToken }));
  }
  const value = JSON.stringify(
    refreshEntryV2.parse({
      v: 2,
      kind: 'refresh_token',
      token: refreshToken,
      dpopKey: dpopKeySchema.parse(dpopKey),
    }),
  );
  if (value.length > MAX_ENTRY_CHARS) throw new RangeError('keychain entry too large');
  return value;
}

const anyRefreshEntry = z.union([refreshEntry, refreshEntryV2]);

/** A refresh entry of either version. */
export function decodeRefreshEntry(raw: string): Decoded<RefreshEntry> {
  const decoded = decode(raw, anyRefreshEntry);
  if (!decoded.ok) return decoded;
  const entry = decoded.value;
  if (entry.v === 2 && entry.dpopKey !== undefined) {
    return { ok: true, value: { token: entry.token, bound: true, dpopKey: entry.dpopKey } };
  }
  return { ok: true, value: { token: entry.token, bound: false } };
}

export function decodeRefreshToken(raw: string): Decoded<string> {
  const decoded = decodeRefreshEntry(raw);
  return decoded.ok ? { ok: true, value: decoded.value.token } : decoded;
}

export function encodeRevocation(refreshToken: string, since: Date): string {
  return JSON.stringify(
    revocationEntry.parse({
      v: 1,
      kind: 'pending_revocation',
      token: refreshToken,
      since: since.toISOString(),
    }),
  );
}

export function decodeRevocation(raw: string): Decoded<{ token: string; since: string }> {
  const decoded = decode(raw, revocationEntry);
  return decoded.ok
    ? { ok: true, value: { token: decoded.value.token, since: decoded.value.since } }
    : decoded;
}

export function encodeRevocationIndex(ids: string[]): string {
  return JSON.stringify(indexEntry.parse({ v: 1, kind: 'revocation_index', ids }));
}

export function decodeRevocationIndex(raw: string): Decoded<string[]> {
  const decoded = decode(raw, indexEntry);
  return decoded.ok ? { ok: true, value: decoded.value.ids } : decoded;
}
