/**
 * Non-secret account data in the metadata store (electron-store or conf): who is signed in, which
 * scopes Google granted, which account is active. Validated on read: the file is user-editable.
 * Never a token here.
 */
import { z } from 'zod';
import type { Account } from '../../../common/model.ts';
import type { MetadataStore } from '../types.ts';
import type { Logger } from '../../log/log.ts';

/** The one key the auth core owns in the metadata store. */
export const METADATA_KEY = 'auth';

const accountSchema = z
  .object({
    id: z.string().min(1).max(255),
    email: z.string().max(320),
    name: z.string().max(500),
    pictureUrl: z.string().max(2_048).nullable(),
    grantedScopes: z.array(z.string().max(512)).max(100),
    lastSignIn: z.iso.datetime(),
    /** Added later: metadata written before it loads without it. */
    signInExpiresAt: z.iso.datetime().optional(),
  })
  .strict();

const recordSchema = z
  .object({
    v: z.literal(1),
    accounts: z.array(accountSchema).max(50),
    activeId: z.string().nullable(),
  })
  .strict();

export interface SessionRecord {
  accounts: Account[];
  activeId: string | null;
}

/** Reads the record; a missing or invalid one is an empty session (logged, not thrown). */
export function loadSession(store: MetadataStore, logger: Logger): SessionRecord {
  let raw: unknown;
  try {
    raw = store.get(METADATA_KEY);
  } catch {
    logger.warn('account metadata unreadable; starting signed out');
    return { accounts: [], activeId: null };
  }
  if (raw === undefined || raw === null) return { accounts: [], activeId: null };
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) {
    logger.warn('account metadata invalid; starting signed out');
    return { accounts: [], activeId: null };
  }
  const accounts = parsed.data.accounts.map((account) => ({
    ...account,
    pictureUrl: safePictureUrl(account.pictureUrl),
  }));
  const activeId = accounts.some((a) => a.id === parsed.data.activeId)
    ? parsed.data.activeId
    : (accounts[0]?.id ?? null);
  return { accounts, activeId };
}

/** Writes the record (or removes it when no account is left). */
export function saveSession(store: MetadataStore, session: SessionRecord): void {
  if (session.accounts.length === 0) {
    store.delete(METADATA_KEY);
    return;
  }
  store.set(METADATA_KEY, { v: 1, accounts: session.accounts, activeId: session.activeId });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A profile picture URL the window may load: https, or http on the loopback interface (the local
 * emulator in demo mode). Anything else (javascript:, data:, file:, plain http) → null.
 */
export function safePictureUrl(value: string | null | undefined): string | null {
  if (!value || value.length > 2_048) return null;
  try {
    const url = new URL(value);
    if (url.username || url.password) return null;
    if (url.protocol === 'https:') return url.href;
    if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return url.href;
  } catch {
    // Not a URL.
  }
  return null;
}
