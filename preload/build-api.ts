/**
 * Building `window.api`: the same builder serves the Electron preload (over IPC) and the browser
 * preview's client (over a WebSocket), so both have exactly the contract's shape — one function
 * per {@link methodList} entry plus `auth.onChange`.
 */
import {
  AUTH_CHANGED_CHANNEL,
  methodList,
  type Api,
  type BridgeTransport,
} from '../common/contract.ts';
import type { AuthState } from '../common/model.ts';
import { err, type Result } from '../common/result.ts';

/** Builds the frozen API object the page sees. */
export function buildApi(transport: BridgeTransport): Api {
  const api: Record<string, Record<string, unknown>> = {};
  for (const { namespace, method, channel } of methodList()) {
    const methods = (api[namespace] ??= {});
    // Only the first argument crosses: the contract methods take at most one.
    methods[method] = (input?: unknown): Promise<Result<unknown>> =>
      call(transport, channel, input);
  }
  const auth = (api.auth ??= {});
  auth.onChange = (listener: unknown): (() => void) => {
    if (typeof listener !== 'function') return () => {};
    const unsubscribe = transport.subscribe(AUTH_CHANGED_CHANNEL, (payload) => {
      (listener as (state: AuthState) => void)(payload as AuthState);
    });
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
    };
  };
  for (const namespace of Object.values(api)) Object.freeze(namespace);
  return Object.freeze(api) as unknown as Api;
}

async function call(
  transport: BridgeTransport,
  channel: string,
  input: unknown,
): Promise<Result<unknown>> {
  try {
    const answer = await transport.invoke(channel, input);
    if (typeof answer === 'object' && answer !== null && 'ok' in answer) {
      return answer as Result<unknown>;
    }
    return err('INTERNAL', 'Latchkey gave an answer the window does not understand.');
  } catch (error) {
    // Structured clone refuses functions, DOM nodes, …: that is the caller's argument at fault.
    if (error instanceof Error && /could not be cloned/i.test(error.message)) {
      return err('INVALID_ARGUMENT', 'The arguments cannot be sent to Latchkey.');
    }
    return err('INTERNAL', 'Latchkey did not answer. Try again.', true);
  }
}
