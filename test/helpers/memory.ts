/**
 * In-memory stand-ins for the host's ports in tests: a metadata store that copies values as a
 * file-backed one would (so "restarts" on the same store behave like the real one), and a logger
 * that keeps every line for the secret scans.
 */
import type { MetadataStore } from '../../main/auth/types.ts';
import type { Logger } from '../../main/log/log.ts';

/** A metadata store kept in memory, JSON-copied on every read and write. */
export function memoryStore(): MetadataStore {
  const data = new Map<string, string>();
  return {
    get: (key) => (data.has(key) ? JSON.parse(data.get(key)!) : undefined),
    set: (key, value) => void data.set(key, JSON.stringify(value)),
    delete: (key) => void data.delete(key),
  };
}

/** A logger that records each line (message and fields) in `lines`. */
export function captureLog(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (message: string, fields?: Record<string, unknown>): void =>
    void lines.push(`${message} ${JSON.stringify(fields ?? {})}`);
  return { logger: { info: record, warn: record, error: record }, lines };
}
