/** The few statistics the benchmark prints: median, p95 and a timer. */
import { performance } from 'node:perf_hooks';

/** The value at quantile `q` (0..1) of `values`, nearest-rank method. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export const median = (values: number[]): number => quantile(values, 0.5);
export const p95 = (values: number[]): number => quantile(values, 0.95);

/** Runs `work` and answers how long it took, in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** `12.3 ms`, with a precision that suits the size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 1
    ? `${value.toFixed(3)} ms`
    : value < 100
      ? `${value.toFixed(1)} ms`
      : `${Math.round(value)} ms`;
}

/** `median 12.3 ms · p95 20.1 ms (n=50)`. */
export function summary(values: number[]): string {
  return `median ${ms(median(values))} · p95 ${ms(p95(values))} (n=${values.length})`;
}

/** `a / b` as `×1.23`. */
export function ratio(a: number, b: number): string {
  return `×${(a / b).toFixed(2)}`;
}

/** One line of the printed table. */
export interface Row {
  measurement: string;
  figure: string;
  detail: string;
}
