/**
 * A piece of data a view loads through the bridge: its status, its last good value and its last
 * error. Later loads win over earlier ones still in flight, so a slow answer for an old search
 * never overwrites a newer one.
 */
import type { ApiError, Result } from '../../../common/result.ts';
import { thrownResult } from './errors.ts';

/** Where a {@link Resource} is in its life. */
export type ResourceStatus = 'idle' | 'loading' | 'ready' | 'error';

/** One loadable value. */
export class Resource<T> {
  /** 'loading' also while refreshing a value already shown. */
  status = $state<ResourceStatus>('idle');
  /** The last value loaded (kept while a refresh is in flight, cleared by an error). */
  data = $state.raw<T | null>(null);
  error = $state.raw<ApiError | null>(null);
  /** True while a refresh runs over data already shown. */
  readonly refreshing = $derived(this.status === 'loading' && this.data !== null);

  #sequence = 0;

  /** Runs `loader` and records its result, unless a newer load started meanwhile. */
  async load(loader: () => Promise<Result<T>>): Promise<void> {
    const sequence = ++this.#sequence;
    this.status = 'loading';
    let result: Result<T>;
    try {
      result = await loader();
    } catch (error) {
      result = thrownResult(error);
    }
    if (sequence !== this.#sequence) return;
    if (result.ok) {
      this.data = result.value;
      this.error = null;
      this.status = 'ready';
    } else {
      this.data = null;
      this.error = result.error;
      this.status = 'error';
    }
  }

  /** Forgets everything (another account became active, say). */
  reset(): void {
    this.#sequence += 1;
    this.status = 'idle';
    this.data = null;
    this.error = null;
  }
}
