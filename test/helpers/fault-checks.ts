/**
 * What every fault test checks after the fault: nothing lost (the accounts that were signed in
 * still are, with the same keychain entries and metadata) and nothing left behind (no pending flow,
 * no loopback port still listening, no half-written account in metadata or keychain).
 */
import { expect } from 'vitest';
import { METADATA_KEY } from '../../main/auth/session/account-store.ts';
import type { AuthCore, MetadataStore } from '../../main/auth/types.ts';
import { keychainFingerprint, keychainFingerprints } from './keychain-entries.ts';
import { portClosed, rawRequest } from './raw-http.ts';

/** A picture of what must survive a fault: accounts, metadata and keychain entries (fingerprints). */
export interface Survivors {
  ids: string[];
  metadata: string;
  entries: string[];
}

/** Records what is signed in now, to compare after the fault. */
export async function survivors(
  core: AuthCore,
  metadata: MetadataStore,
  service: string,
): Promise<Survivors> {
  const ids = core.accounts().map((a) => a.id);
  const entries = await keychainFingerprints(service, ids);
  expect(entries.every((e) => e.startsWith('sha256:'))).toBe(true);
  return { ids, metadata: JSON.stringify(metadata.get(METADATA_KEY) ?? null), entries };
}

/** Nothing lost: the same accounts, metadata and keychain entries as before. */
export async function expectNothingLost(
  core: AuthCore,
  metadata: MetadataStore,
  service: string,
  before: Survivors,
): Promise<void> {
  expect(core.accounts().map((a) => a.id)).toEqual(before.ids);
  expect(JSON.stringify(metadata.get(METADATA_KEY) ?? null)).toBe(before.metadata);
  expect(await keychainFingerprints(service, before.ids)).toEqual(before.entries);
}

/**
 * Nothing left behind by a failed flow: no flow, no trace of `absentId`, and a loopback port that
 * is closed or (for 2 minutes after the flow) answers only the fixed "already finished" page.
 */
export async function expectNothingLeftBehind(
  core: AuthCore,
  metadata: MetadataStore,
  service: string,
  options: { loopbackPort?: number; absentId?: string },
): Promise<void> {
  expect(core.pendingFlow()).toBeNull();
  expect(core.state().flow).toBeNull();
  if (options.loopbackPort !== undefined && !(await portClosed(options.loopbackPort))) {
    const port = options.loopbackPort;
    const late = await rawRequest(
      port,
      `GET /oauth2/callback?state=late&code=late HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`,
    );
    expect(late.status).toBe(200);
    expect(late.text).toContain('This sign-in has already finished');
  }
  if (options.absentId !== undefined) {
    const id = options.absentId;
    expect(core.accounts().some((a) => a.id === id)).toBe(false);
    expect(JSON.stringify(metadata.get(METADATA_KEY) ?? null)).not.toContain(id);
    expect(await keychainFingerprint(service, id)).toBe('absent');
  }
}

/** The port of the loopback redirect_uri in an authorization URL. */
export function loopbackPortOf(authorizationUrl: string): number {
  const redirect = new URL(authorizationUrl).searchParams.get('redirect_uri') ?? '';
  return Number(new URL(redirect).port);
}
