/**
 * Building `window.api`: the same builder serves the Electron preload (over IPC) and the browser
 * preview's client (over a WebSocket), so both have exactly the contract's shape — one function
 * per {@link methodList} entry plus `auth.onChange` and `proxy.onPrompt`.
 */
import {
  AUTH_CHANGED_CHANNEL,
  methodList,
  PROXY_PROMPT_CHANNEL,
  type Api,
  type BridgeTransport,
} from '../common/contract.ts';
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
  (api.auth ??= {}).onChange = subscriber(transport, AUTH_CHANGED_CHANNEL);
  (api.proxy ??= {}).onPrompt = subscriber(transport, PROXY_PROMPT_CHANNEL);
  for (const namespace of Object.values(api)) Object.freeze(namespace);
  return Object.freeze(api) as unknown as Api;
}

/**
 * A page-facing subscribe function for one event channel: the listener receives the payload only;
 * the returned function unsubscribes once. A listener that is not a function subscribes nothing.
 */
function subscriber(
  transport: BridgeTransport,
  channel: string,
): (listener: unknown) => () => void {
  return (listener) => {
    if (typeof listener !== 'function') return () => {};
    const unsubscribe = transport.subscribe(channel, (payload) => {
      (listener as (payload: unknown) => void)(payload);
    });
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
    };
  };
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
