/**
 * The two redirect receivers behind one interface: where the browser sends the authorization
 * response, and what the flow sends as `redirect_uri` in both requests.
 *
 * - {@link LoopbackReceiver}: "Desktop app" clients; a one-shot listener on 127.0.0.1 per flow.
 * - {@link CustomSchemeReceiver}: iOS-type clients; the OS hands the app the URL, which the host
 *   passes to `core.handleRedirect()`. Nothing to open or close, and no page to answer with: what
 *   the browser shows after handing over the URL is the browser's.
 */
import type { PendingFlow } from '../../../common/model.ts';
import {
  openLoopback,
  type FlowEnding,
  type LoopbackAnswer,
  type LoopbackListener,
} from './loopback.ts';
import type { AuthConfig } from '../types.ts';

export type ReceiverKind = PendingFlow['redirect'];

/** What a receiver does with a redirect URL it was handed (`from`: the receiver's kind). */
export type RedirectHandler = (url: string, from: ReceiverKind) => Promise<LoopbackAnswer>;

/** One flow's redirect receiver. */
export interface RedirectReceiver {
  readonly kind: ReceiverKind;
  /** Sent as `redirect_uri` in the authorization request and the code exchange. */
  readonly redirectUri: string;
  /**
   * The flow ended (the receiver may keep answering a browser that comes back late, with a page
   * saying how it ended, until closed). Absent: the receiver has nothing to answer with.
   */
  ended?(ending: FlowEnding): void;
  /** Stops receiving. Idempotent. */
  close(): Promise<void>;
}

/** Opens the receiver for a new flow; redirects it receives go to `onRedirect`. */
export type OpenReceiver = (onRedirect: RedirectHandler) => Promise<RedirectReceiver>;

export class LoopbackReceiver implements RedirectReceiver {
  readonly kind = 'loopback';
  readonly #listener: LoopbackListener;

  private constructor(listener: LoopbackListener) {
    this.#listener = listener;
  }

  /** Listens on 127.0.0.1, on a port the OS chooses, until closed. */
  static async open(onRedirect: RedirectHandler): Promise<LoopbackReceiver> {
    return new LoopbackReceiver(
      await openLoopback({ onRedirect: (url) => onRedirect(url, 'loopback') }),
    );
  }

  get redirectUri(): string {
    return this.#listener.redirectUri;
  }

  ended(ending: FlowEnding): void {
    this.#listener.end(ending);
  }

  close(): Promise<void> {
    return this.#listener.close();
  }
}

export class CustomSchemeReceiver implements RedirectReceiver {
  readonly kind = 'custom-scheme';
  readonly redirectUri: string;

  /** `redirectUri`: `<reverse client ID>:/oauth2redirect`, the same for every flow. */
  constructor(redirectUri: string) {
    this.redirectUri = redirectUri;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The redirect URI of an iOS-type client: its reverse client ID as the scheme. */
export function customSchemeRedirectUri(scheme: string): string {
  return `${scheme}:/oauth2redirect`;
}

/** The custom-scheme redirect URI of an iOS-type client; null for a "Desktop app" client. */
export function customSchemeUriFor(config: AuthConfig): string | null {
  if (config.clientType !== 'ios') return null;
  if (!config.redirectScheme) throw new TypeError('an iOS-type client needs config.redirectScheme');
  return customSchemeRedirectUri(config.redirectScheme);
}

/** The receiver the client's type calls for. */
export function receiverFor(config: AuthConfig): OpenReceiver {
  const customUri = customSchemeUriFor(config);
  if (customUri === null) return (onRedirect) => LoopbackReceiver.open(onRedirect);
  const receiver = new CustomSchemeReceiver(customUri);
  return () => Promise.resolve(receiver);
}
