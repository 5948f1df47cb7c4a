/**
 * Revocations at Google: the sign-out's revocation, and the queue of revocations still owed
 * (recorded in the keychain before anything is wiped, retried until Google confirms).
 */
import type { TokenVault } from '../../vault/types.ts';
import { classifyHttpError, type HttpProblem } from '../issuer/http.ts';
import type { Logger } from '../../log/log.ts';

export interface RevocationsDeps {
  vault: Pick<
    TokenVault,
    'addPendingRevocation' | 'pendingRevocations' | 'deletePendingRevocation'
  >;
  /** Revokes one token at Google (throws what classifyHttpError reads). */
  revoke(token: string): Promise<void>;
  logger: Logger;
  /** A retry completed `count` revocations; `nonePending` when the queue is empty now. */
  onCompleted(count: number, nonePending: boolean): void;
}

/** Failures worth retrying later: Google unreachable or in trouble. Anything else is final. */
export function worthRetrying(problem: HttpProblem): boolean {
  return (
    problem.kind === 'network' ||
    problem.kind === 'malformed' ||
    problem.status >= 500 ||
    problem.status === 429
  );
}

export class Revocations {
  readonly #deps: RevocationsDeps;
  #pending = 0;
  #run: Promise<void> | null = null;

  constructor(deps: RevocationsDeps) {
    this.#deps = deps;
  }

  /** Revocations owed, as far as this process knows. */
  count(): number {
    return this.#pending;
  }

  /** Records a revocation owed before the token is wiped; its id, or null if it failed. */
  async record(token: string, since: Date): Promise<string | null> {
    try {
      const id = await this.#deps.vault.addPendingRevocation(token, since);
      this.#pending += 1;
      return id;
    } catch (error) {
      this.#deps.logger.error('could not record the pending revocation', { error });
      return null;
    }
  }

  /**
   * Revokes `token` now. 'revoked' when Google confirmed or refused for good (then the recorded
   * revocation `pendingId` is dropped), 'pending' when it must be retried later.
   */
  async revoke(token: string, pendingId: string | null): Promise<'revoked' | 'pending'> {
    const { logger } = this.#deps;
    try {
      await this.#deps.revoke(token);
    } catch (error) {
      const problem = classifyHttpError(error);
      if (worthRetrying(problem)) {
        logger.warn('revocation failed; kept for retry', problem);
        return 'pending';
      }
      logger.warn('revocation refused', problem);
    }
    if (pendingId) {
      await this.#deps.vault.deletePendingRevocation(pendingId).catch(() => undefined);
      this.#pending = Math.max(0, this.#pending - 1);
    }
    return 'revoked';
  }

  /** Tries every revocation still owed; one run at a time (a second call joins it). */
  retry(): Promise<void> {
    this.#run ??= this.#retryAll().finally(() => {
      this.#run = null;
    });
    return this.#run;
  }

  /** Retries in the background if anything is owed. */
  retryIfPending(): void {
    if (this.#pending > 0) void this.retry();
  }

  /** Waits for a retry in progress (dispose). */
  async settled(): Promise<void> {
    await this.#run?.catch(() => undefined);
  }

  async #retryAll(): Promise<void> {
    const { vault, logger } = this.#deps;
    let done = 0;
    try {
      const pending = await vault.pendingRevocations();
      this.#pending = pending.length;
      for (const item of pending) {
        try {
          await this.#deps.revoke(item.token);
        } catch (error) {
          const problem = classifyHttpError(error);
          if (worthRetrying(problem)) {
            logger.warn('pending revocation still failing', problem);
            continue;
          }
          logger.warn('revocation refused; dropping it', problem);
        }
        try {
          await vault.deletePendingRevocation(item.id);
        } catch (error) {
          // Done at Google; the entry comes back at the next start and is answered as revoked.
          logger.warn('could not delete a completed pending revocation', { error });
        }
        this.#pending = Math.max(0, this.#pending - 1);
        done += 1;
      }
    } catch (error) {
      logger.error('could not retry pending revocations', { error });
    }
    if (done > 0) {
      logger.info('pending revocations completed', { count: done });
      this.#deps.onCompleted(done, this.#pending === 0);
    }
  }
}
