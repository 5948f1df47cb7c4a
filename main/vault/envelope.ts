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

export function encodeRefreshToken(refreshToken: string): string {
  return JSON.stringify(refreshEntry.parse({ v: 1, kind: 'refresh_token', token: refreshToken }));
}

export function decodeRefreshToken(raw: string): Decoded<string> {
  const decoded = decode(raw, refreshEntry);
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
