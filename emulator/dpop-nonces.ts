/**
 * The emulator's DPoP nonces (RFC 9449 §8), in the two ways a server may hand them out:
 *
 * - `steady`: one nonce at a time, replaced every few minutes (the previous one stays good for a
 *   while), like oidc-provider's own time-stepped nonces;
 * - `rotating`: a fresh nonce in every answer of the token endpoint, successes included, and only
 *   the few newest accepted. A client that keeps using the nonce of its first challenge instead of
 *   the newest one it was given is challenged again after a handful of requests; one that follows
 *   the newest is challenged once.
 *
 * It stands in for oidc-provider's nonce source (`nextChallenge`, `checkChallenge`), so the proof
 * checks themselves stay oidc-provider's.
 */
import { randomBytes } from 'node:crypto';

/** How nonces are handed out; `off`: none is demanded (a proof carrying one is refused). */
export type NonceMode = 'off' | 'steady' | 'rotating';

/** How many of the newest rotating nonces are accepted (concurrent requests each get one). */
const ROTATING_ACCEPTED = 8;
/** How long a steady nonce is the current one. */
const STEADY_MS = 5 * 60_000;

const fresh = (): string => randomBytes(18).toString('base64url');

/** What oidc-provider asks of its nonce source. */
export class GoogleNonces {
  mode: NonceMode;
  /** Newest last. */
  #recent: string[] = [];
  #steadySince = 0;
  readonly #now: () => number;

  constructor(mode: NonceMode = 'off', now: () => number = Date.now) {
    this.mode = mode;
    this.#now = now;
  }

  /** The nonce to hand out with this answer (called once per request that carries a proof). */
  nextChallenge(): string {
    if (this.mode === 'rotating') return this.#remember(fresh());
    const current = this.#recent.at(-1);
    if (current && this.#now() - this.#steadySince < STEADY_MS) return current;
    this.#steadySince = this.#now();
    return this.#remember(fresh());
  }

  /** Whether `nonce` is one this server handed out and still accepts. */
  checkChallenge(nonce: string): boolean {
    if (this.mode === 'off') return false;
    const accepted = this.mode === 'rotating' ? this.#recent : this.#recent.slice(-2);
    return accepted.includes(nonce);
  }

  #remember(nonce: string): string {
    this.#recent.push(nonce);
    if (this.#recent.length > ROTATING_ACCEPTED) this.#recent.shift();
    return nonce;
  }
}
