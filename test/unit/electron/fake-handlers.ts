/**
 * Handlers for every contract method that record their (validated) input and answer a fixed
 * Result, so bridge tests can see exactly what reached main.
 */
import { METHODS, type Handlers } from '../../../common/contract.ts';
import { ok } from '../../../common/result.ts';

export interface RecordingHandlers {
  handlers: Handlers;
  calls: Array<{ method: string; input: unknown }>;
}

/** Every method answers `ok({ method })`; `override` replaces single methods. */
export function recordingHandlers(
  override: Record<string, (input: unknown) => unknown> = {},
): RecordingHandlers {
  const calls: RecordingHandlers['calls'] = [];
  const handlers: Record<string, Record<string, (input: unknown) => unknown>> = {};
  for (const [namespace, methods] of Object.entries(METHODS)) {
    handlers[namespace] = {};
    for (const method of methods) {
      const name = `${namespace}.${method}`;
      handlers[namespace][method] = async (input: unknown) => {
        calls.push({ method: name, input });
        const replacement = override[name];
        return replacement ? replacement(input) : ok({ method: name });
      };
    }
  }
  return { handlers: handlers as unknown as Handlers, calls };
}
