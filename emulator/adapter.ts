/**
 * In-memory storage for oidc-provider's models. oidc-provider ships a development adapter too, but
 * it prints a warning on every start and keeps one store per process; this one is per emulator
 * instance (several emulators can run in one test process) and knows which tokens belong to a
 * grant, so revoking a grant removes them all.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; Infinity when the model has no lifetime. */
  expiresAt: number;
}

/** Models whose entries belong to a grant (oidc-provider's `grantId`). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken']);

/** An entry as saved to disk (emulator/persist.ts): expiry null for "never". */
export interface SavedEntry {
  model: string;
  key: string;
  payload: AdapterPayload;
  expiresAt: number | null;
}

/** Models worth keeping across a restart: what a signed-in app holds on to. */
const KEPT = new Set(['Grant', 'RefreshToken', 'AccessToken']);

/** One shared store for every model of one provider. */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #byGrant = new Map<string, Set<string>>();
  readonly #sessionByUid = new Map<string, string>();
  /** Called after every change to a kept model (the demo Google saves its state then). */
  onChange: (() => void) | null = null;

  /** The adapter factory to pass as oidc-provider's `adapter` option. */
  readonly factory = (model: string): Adapter => new ModelAdapter(model, this);

  get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(model: string, key: string, payload: AdapterPayload, expiresIn?: number): void {
    const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
    this.#entries.set(key, { payload, expiresAt });
    if (GRANTABLE.has(model) && payload.grantId) {
      const members = this.#byGrant.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.#byGrant.set(payload.grantId, members);
    }
    if (model === 'Session' && payload.uid) this.#sessionByUid.set(payload.uid, key);
    if (KEPT.has(model)) this.onChange?.();
  }

  /** The kept models' live entries, for saving. */
  saved(): SavedEntry[] {
    const now = Date.now();
    const out: SavedEntry[] = [];
    for (const [key, entry] of this.#entries) {
      const model = key.slice(0, key.indexOf(':'));
      if (!KEPT.has(model) || entry.expiresAt <= now) continue;
      const expiresAt = Number.isFinite(entry.expiresAt) ? entry.expiresAt : null;
      out.push({ model, key, payload: entry.payload, expiresAt });
    }
    return out;
  }

  /** Puts saved entries back (before the provider serves anything); expired ones are skipped. */
  load(entries: readonly SavedEntry[]): void {
    const now = Date.now();
    for (const { model, key, payload, expiresAt } of entries) {
      if (!KEPT.has(model) || !key.startsWith(`${model}:`)) continue;
      if (expiresAt !== null && expiresAt <= now) continue;
      this.#entries.set(key, { payload, expiresAt: expiresAt ?? Infinity });
      if (GRANTABLE.has(model) && payload.grantId) {
        const members = this.#byGrant.get(payload.grantId) ?? new Set<string>();
        members.add(key);
        this.#byGrant.set(payload.grantId, members);
      }
    }
  }

  delete(key: string): void {
    const payload = this.#entries.get(key)?.payload;
    this.#entries.delete(key);
    if (payload?.grantId) this.#byGrant.get(payload.grantId)?.delete(key);
    if (payload?.uid && this.#sessionByUid.get(payload.uid) === key) {
      this.#sessionByUid.delete(payload.uid);
    }
    if (payload && KEPT.has(key.slice(0, key.indexOf(':')))) this.onChange?.();
  }

  sessionKeyByUid(uid: string): string | undefined {
    return this.#sessionByUid.get(uid);
  }

  /** Removes every token issued under the grant. */
  revokeGrant(grantId: string): void {
    for (const key of this.#byGrant.get(grantId) ?? []) this.#entries.delete(key);
    this.#byGrant.delete(grantId);
    this.onChange?.();
  }
}

class ModelAdapter implements Adapter {
  readonly #model: string;
  readonly #store: MemoryStore;

  constructor(model: string, store: MemoryStore) {
    this.#model = model;
    this.#store = store;
  }

  #key(id: string): string {
    return `${this.#model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.#store.set(this.#model, this.#key(id), payload, expiresIn);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#store.get(this.#key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const key = this.#store.sessionKeyByUid(uid);
    return key === undefined ? undefined : this.#store.get(key);
  }

  async findByUserCode(): Promise<AdapterPayload | undefined> {
    // Device flow is not enabled: there are no user codes.
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.#store.get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.#store.revokeGrant(grantId);
  }
}
