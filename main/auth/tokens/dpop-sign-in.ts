/**
 * DPoP at sign-in: which key a code exchange signs its proof with, made ahead while the person is
 * in the browser, and the remembered refusal that keeps DPoP from ever blocking a sign-in.
 *
 * When the token endpoint refuses the exchange's proof (a client or issuer that does not take
 * DPoP), that sign-in ends with one sentence saying so ({@link MESSAGES.dpopRefused}) and this
 * client's next sign-ins go without DPoP. The refusal is kept in the metadata store (a client ID
 * and a time, no secret), shown on the Security page, and forgotten when the person sets
 * `LATCHKEY_DPOP=on` explicitly (`config.dpopRetry`). A refresh token that is already bound
 * keeps its key whatever this says: bound never falls back to bearer.
 */
import { z } from 'zod';
import { generateDpopKey, type DpopKey } from './dpop.ts';
import type { AuthConfig, Clock, MetadataStore } from '../types.ts';
import type { Logger } from '../../log/log.ts';

/** The metadata key of the remembered refusal (beside the account record's `auth`). */
export const DPOP_REFUSED_KEY = 'dpopRefused';

const refusalSchema = z.object({ clientId: z.string().max(512), at: z.iso.datetime() }).strict();

export interface DpopSignInDeps {
  config: Pick<AuthConfig, 'clientId' | 'dpop' | 'dpopRetry'>;
  metadata: MetadataStore;
  clock: Clock;
  logger: Logger;
}

export class DpopSignIn {
  readonly #deps: DpopSignInDeps;
  /** A key made while the person was in the browser, for the next exchange. */
  #ready: DpopKey | undefined;

  constructor(deps: DpopSignInDeps) {
    this.#deps = deps;
    if (deps.config.dpopRetry && this.refusedAt() !== null) {
      deps.metadata.delete(DPOP_REFUSED_KEY);
      deps.logger.info('DPoP refusal forgotten (LATCHKEY_DPOP=on)');
    }
  }

  /** When this client's token endpoint refused a sign-in's DPoP proof (ISO 8601), or null. */
  refusedAt(): string | null {
    const parsed = refusalSchema.safeParse(this.#deps.metadata.get(DPOP_REFUSED_KEY));
    return parsed.success && parsed.data.clientId === this.#deps.config.clientId
      ? parsed.data.at
      : null;
  }

  /** Whether new sign-ins bind their refresh token: on unless turned off or refused. */
  enabled(): boolean {
    return this.#deps.config.dpop !== false && this.refusedAt() === null;
  }

  /**
   * Makes the next key now, off the redirect's critical path: called when a flow starts, so the
   * key pair is ready by the time the person comes back from the consent screen.
   */
  prepare(): void {
    if (!this.enabled() || this.#ready) return;
    setImmediate(() => {
      if (this.enabled()) this.#ready ??= generateDpopKey();
    });
  }

  /** The key for a new sign-in's exchange (the one made ahead, else a new one), or none. */
  take(): DpopKey | undefined {
    if (!this.enabled()) return undefined;
    const key = this.#ready ?? generateDpopKey();
    this.#ready = undefined;
    return key;
  }

  /** The token endpoint refused the exchange's proof: the next sign-ins go without DPoP. */
  remember(): void {
    const at = new Date(this.#deps.clock.now()).toISOString();
    this.#deps.metadata.set(DPOP_REFUSED_KEY, { clientId: this.#deps.config.clientId, at });
    this.#ready = undefined;
    this.#deps.logger.warn('the token endpoint refused DPoP; next sign-ins go without it');
  }
}
