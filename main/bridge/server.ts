/**
 * The server side of the bridge, shared by both hosts: a transport hands it calls from senders it
 * has already checked, and it answers with a Result (contract lookup, schema validation, handler,
 * the one INTERNAL message — see dispatch.ts); it refuses the rest with one answer and one log line;
 * and it pushes every AuthState (and every proxy question, where the host has them) to whoever
 * the transport attaches. Electron IPC
 * (main/electron/ipc.ts) and the preview's WebSocket (preview/server.ts) are adapters around it:
 * each keeps only its own sender check (window and frame; Origin, Host and secret).
 */
import {
  AUTH_CHANGED_CHANNEL,
  methodList,
  PROXY_PROMPT_CHANNEL,
  type Handlers,
} from '../../common/contract.ts';
import { err, type Result } from '../../common/result.ts';
import { type AuthState, type ProxyPrompt } from '../../common/model.ts';
import type { Logger } from '../log/log.ts';
import { dispatch, type ExplainError } from './dispatch.ts';
import { t } from '../../common/i18n/current.ts';

/** Where the state comes from (the running Latchkey). */
export interface StateFeed {
  current(): AuthState;
  onChange(listener: (state: AuthState) => void): () => void;
}

/** Where the proxy questions come from (main/app/proxy-sign-in.ts; the Electron app only). */
export interface PromptFeed {
  current(): ProxyPrompt | null;
  onChange(listener: (prompt: ProxyPrompt | null) => void): () => void;
}

export interface BridgeServerOptions {
  handlers: Handlers;
  state: StateFeed;
  /** The proxy questions; absent where nothing asks them (the preview). */
  prompts?: PromptFeed;
  logger: Logger;
  /** What a thrown error means to a person (see dispatch.ts); default: nothing (INTERNAL). */
  explain?: ExplainError;
}

/** Sends one event to one peer (a window, a socket). */
export type PushEvent = (channel: string, payload: AuthState | ProxyPrompt | null) => void;

export interface BridgeServer {
  /** One channel per contract method, in a stable order: what a transport listens on. */
  readonly channels: readonly string[];
  /** Answers a call from a sender the transport trusts. Never throws. */
  call(channel: unknown, input: unknown): Promise<Result<unknown>>;
  /** The answer for a sender the transport does not trust; logs what was refused and why. */
  refuse(transport: string, reason: string): Result<never>;
  /**
   * Sends every new AuthState and proxy question to `push` (and the current state — and the
   * waiting question, if any — at once with `initial`, for a peer that connects after the
   * start). Returns the function that stops it.
   */
  attach(push: PushEvent, options?: { initial?: boolean }): () => void;
}

/** The message a refused caller gets, whatever the transport. */
export const forbiddenMessage = (): string => t('bridge.forbidden');

/** Builds the bridge server for one running Latchkey. */
export function createBridgeServer(options: BridgeServerOptions): BridgeServer {
  const { handlers, state, logger } = options;
  const methods = new Map(methodList().map((entry) => [entry.channel, entry]));
  return {
    channels: [...methods.keys()],
    call(channel, input) {
      const entry = typeof channel === 'string' ? methods.get(channel) : undefined;
      return dispatch(
        handlers,
        { namespace: entry?.namespace, method: entry?.method, input },
        (method, summary) => logger.error('bridge call failed', { method, summary }),
        options.explain,
      );
    },
    refuse(transport, reason) {
      logger.warn('bridge caller refused', { transport, reason });
      return err('FORBIDDEN', forbiddenMessage());
    },
    attach(push, attachOptions = {}) {
      const send = (snapshot: AuthState): void => {
        try {
          push(AUTH_CHANGED_CHANNEL, snapshot);
        } catch (error) {
          logger.error('could not push the auth state', { error });
        }
      };
      const ask = (prompt: ProxyPrompt | null): void => {
        try {
          push(PROXY_PROMPT_CHANNEL, prompt);
        } catch (error) {
          logger.error('could not push the proxy question', { error });
        }
      };
      const detach = state.onChange(send);
      const detachPrompts = options.prompts?.onChange(ask);
      if (attachOptions.initial) {
        send(state.current());
        const waiting = options.prompts?.current() ?? null;
        if (waiting) ask(waiting);
      }
      return () => {
        detach();
        detachPrompts?.();
      };
    },
  };
}
