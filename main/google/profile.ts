/**
 * The account's OpenID profile (userinfo), fetched through its authorized client and cached in
 * the metadata store so a restart shows it before any network call.
 *
 * The cache holds what the id_token already told us (name, email, picture URL): non-secret
 * account data, kept next to the auth core's own account metadata and removed with the account.
 */
import { z } from 'zod';
import type { Profile } from '../../common/model.ts';
import type { Result } from '../../common/result.ts';
import { ok } from '../../common/result.ts';
import type { MetadataStore } from '../auth/types.ts';
import type { CallContext } from './call.ts';
import { callGoogle } from './call.ts';
import { t } from '../../common/i18n/current.ts';

/** The metadata key under which cached profiles live, by account id. */
export const PROFILE_CACHE_KEY = 'googleProfiles';

/** OpenID Connect userinfo (Core §5.3), the fields Latchkey shows. */
const userinfoSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.union([z.boolean(), z.literal('true'), z.literal('false')]).optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  picture: z.string().optional(),
});

/** What is kept in the cache: a {@link Profile} without the `cached` flag. */
const cachedProfileSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  emailVerified: z.boolean(),
  name: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  pictureUrl: z.string().nullable(),
  fetchedAt: z.string(),
});
type CachedProfile = z.infer<typeof cachedProfileSchema>;

/** Only https picture URLs reach the window (and loopback http for the local test Google). */
function safePictureUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:') return url.href;
    if (
      url.protocol === 'http:' &&
      (url.hostname === '127.0.0.1' || url.hostname === 'localhost')
    ) {
      return url.href;
    }
  } catch {
    // Not a URL: no picture.
  }
  return null;
}

/** Maps a userinfo answer to a {@link Profile}; throws when it is not one. */
export function mapUserinfo(data: unknown, fetchedAt: Date): Omit<Profile, 'cached'> {
  const info = userinfoSchema.parse(data);
  const email = info.email ?? '';
  return {
    id: info.sub,
    email,
    emailVerified: info.email_verified === true || info.email_verified === 'true',
    name: info.name ?? ([info.given_name, info.family_name].filter(Boolean).join(' ') || email),
    givenName: info.given_name ?? null,
    familyName: info.family_name ?? null,
    pictureUrl: safePictureUrl(info.picture),
    fetchedAt: fetchedAt.toISOString(),
  };
}

/** Cached profiles in the metadata store, by account id. */
export class ProfileCache {
  readonly #store: MetadataStore;

  constructor(store: MetadataStore) {
    this.#store = store;
  }

  #all(): Record<string, unknown> {
    const value = this.#store.get(PROFILE_CACHE_KEY);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? { ...(value as Record<string, unknown>) }
      : {};
  }

  /** The cached profile, or null (also when the entry is malformed: it is then removed). */
  get(accountId: string): CachedProfile | null {
    const all = this.#all();
    if (!Object.hasOwn(all, accountId)) return null;
    const parsed = cachedProfileSchema.safeParse(all[accountId]);
    if (parsed.success && parsed.data.id === accountId) return parsed.data;
    this.delete(accountId);
    return null;
  }

  set(profile: CachedProfile): void {
    const all = this.#all();
    all[profile.id] = profile;
    this.#store.set(PROFILE_CACHE_KEY, all);
  }

  delete(accountId: string): void {
    const all = this.#all();
    if (!Object.hasOwn(all, accountId)) return;
    delete all[accountId];
    this.#store.set(PROFILE_CACHE_KEY, all);
  }

  /** Removes every cached profile whose account is no longer signed in. */
  retainOnly(accountIds: readonly string[]): void {
    const keep = new Set(accountIds);
    const all = this.#all();
    const stale = Object.keys(all).filter((id) => !keep.has(id));
    if (stale.length === 0) return;
    for (const id of stale) delete all[id];
    this.#store.set(PROFILE_CACHE_KEY, all);
  }
}

/** Options of {@link getProfile}. */
export interface ProfileOptions {
  userinfoUrl: string;
  cache: ProfileCache;
  /** Fetch from Google even when a cached profile exists. */
  refresh?: boolean;
  now?: () => Date;
}

/**
 * The account's profile: from the cache when there is one (`cached: true`, no network call),
 * else (or when `refresh` is set) from Google's userinfo endpoint, then cached.
 */
export async function getProfile(
  ctx: Omit<CallContext, 'service' | 'scope'>,
  options: ProfileOptions,
): Promise<Result<Profile>> {
  if (!options.refresh) {
    const cached = options.cache.get(ctx.accountId);
    if (cached) return ok({ ...cached, cached: true });
  }
  const now = options.now ?? (() => new Date());
  const result = await callGoogle(
    { ...ctx, service: t('google.service.profile') },
    async (client, request) => {
      const response = await client.request<unknown>({
        ...request,
        url: options.userinfoUrl,
        method: 'GET',
        responseType: 'json',
      });
      return mapUserinfo(response.data, now());
    },
  );
  if (!result.ok) return result;
  if (result.value.id !== ctx.accountId) {
    // The token belongs to another account than the one asked for: never show or cache that.
    return {
      ok: false,
      error: { code: 'INTERNAL', message: t('google.otherProfile') },
    };
  }
  options.cache.set(result.value);
  return ok({ ...result.value, cached: false });
}
