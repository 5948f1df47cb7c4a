/**
 * THE bridge contract between the renderer and the main process.
 *
 * Main derives its handler types and registers one handler per entry of {@link METHODS}; the
 * preload builds one function per entry; the renderer imports this file with `import type` only.
 * TypeScript types do not survive IPC, so main validates every input against its runtime schema
 * (main/bridge/schemas.ts, checked against {@link Inputs} at compile time), and every answer is a
 * {@link Result} value: nothing throws across the bridge. This file has no validation library, so
 * the sandboxed preload that bundles it stays a few KB.
 *
 * Nothing in any output type carries a token, an authorization code or a PKCE verifier.
 */

/** Stable error codes, the only thing the renderer branches on. */
export const ERROR_CODES = [
  /** No account is signed in (or the given account is not). */
  'AUTH_REQUIRED',
  /** The user pressed Deny on Google's consent screen. */
  'CONSENT_DENIED',
  /** The user cancelled the sign-in flow in the app. */
  'CANCELLED',
  /** The sign-in flow ran out of time before Google redirected back. */
  'TIMED_OUT',
  /** Another sign-in flow is already waiting for the browser. */
  'FLOW_IN_PROGRESS',
  /** Sign-in failed for another reason (bad token response, id_token check, …). */
  'SIGN_IN_FAILED',
  /** The feature needs a scope the account has not granted: ask for it (incremental consent). */
  'SCOPE_REQUIRED',
  /** Google could not be reached. */
  'NETWORK',
  /** Google no longer accepts the refresh token (revoked, expired): sign in again. */
  'SESSION_EXPIRED',
  /** The OS keychain is missing, locked or refusing: the session is kept in memory only. */
  'KEYCHAIN_UNAVAILABLE',
  /** The arguments did not match the contract. */
  'INVALID_ARGUMENT',
  /** Google answered 429 (after bounded retries). */
  'RATE_LIMITED',
  /** Google's API answered an error (after bounded retries for 5xx). */
  'GOOGLE_API',
  /** The caller is not our window. */
  'FORBIDDEN',
  /** A bug: the message says what, never with secrets. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses the bridge. */
export interface ApiError {
  code: ErrorCode;
  /** A plain sentence a person can read. Never contains a token, code or verifier. */
  message: string;
  /** For RATE_LIMITED / GOOGLE_API / NETWORK: whether trying again may help. */
  retryable?: boolean;
}

/** What every bridge call resolves to. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed {@link Result}. */
export function err<T = never>(code: ErrorCode, message: string, retryable?: boolean): Result<T> {
  return {
    ok: false,
    error: retryable === undefined ? { code, message } : { code, message, retryable },
  };
}

import type { Feature } from './scopes.ts';

export { FEATURE_SCOPES, FEATURES, SIGN_IN_SCOPES, type Feature } from './scopes.ts';

/** A signed-in Google account, as the window sees it (no secrets). */
export interface Account {
  /** The Google account's stable id (`sub`). */
  id: string;
  email: string;
  name: string;
  /** Profile photo URL (https://lh3.googleusercontent.com/… at Google), or null. */
  pictureUrl: string | null;
  /** Scopes Google actually granted (users can untick scopes on the consent screen). */
  grantedScopes: string[];
  /** ISO 8601 time of the last completed sign-in or consent. */
  lastSignIn: string;
  /**
   * ISO 8601 time when Google ends this sign-in, when it said so (`refresh_token_expires_in`:
   * apps in Testing mode get about 7 days). Absent when Google named no end.
   */
  signInExpiresAt?: string;
}

/** Where the credentials are kept. */
export type CredentialStorage =
  { kind: 'keychain'; service: string } | { kind: 'memory'; reason: string };

/** A sign-in or consent flow waiting for the browser to come back. */
export interface PendingFlow {
  purpose: 'sign-in' | 'add-account' | 'connect';
  /** The authorization URL opened in the system browser, for "Copy link". */
  url: string;
  redirect: 'loopback' | 'custom-scheme';
  scopes: string[];
  /** For purpose 'connect': the feature being connected. */
  feature?: Feature;
  /** ISO 8601 time after which the flow ends as TIMED_OUT. */
  expiresAt: string;
}

/** Something the window should tell the user (signed out because the session expired, …). */
export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  code: ErrorCode | 'REVOCATION_PENDING' | 'REVOCATION_COMPLETED';
  message: string;
  /** For a sign-in that ended: the account's email, to fill in when signing in again. */
  email?: string;
}

/** Everything the window needs to draw the account chrome; pushed through `auth.onChange`. */
export interface AuthState {
  accounts: Account[];
  activeId: string | null;
  flow: PendingFlow | null;
  /** True when no Google client is configured and Latchkey talks to its local test Google. */
  demo: boolean;
  storage: CredentialStorage;
  notices: Notice[];
}

/** The active account's OpenID profile. */
export interface Profile {
  id: string;
  email: string;
  emailVerified: boolean;
  name: string;
  givenName: string | null;
  familyName: string | null;
  pictureUrl: string | null;
  /** ISO 8601 time the profile was fetched from Google. */
  fetchedAt: string;
  /** True when served from the local cache without a network call. */
  cached: boolean;
}

/** One Calendar event. Times are as Google gives them; the window formats them locally. */
export interface AgendaEvent {
  id: string;
  summary: string;
  /** RFC 3339 date-time for timed events, `YYYY-MM-DD` for all-day events. */
  start: string;
  end: string;
  allDay: boolean;
  location: string | null;
  /** "Open in Google Calendar" link (https://www.google.com/calendar/event?eid=…). */
  htmlLink: string;
}

export interface Agenda {
  timeMin: string;
  timeMax: string;
  events: AgendaEvent[];
}

/** One Drive file's metadata. */
export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  modifiedTime: string;
  ownerName: string | null;
  ownerEmail: string | null;
  /** "Open in Drive" link (https://drive.google.com/… or https://docs.google.com/…). */
  webViewLink: string;
  iconLink: string | null;
}

export interface DriveListing {
  query: string;
  files: DriveFile[];
}

/** What the Security view shows. */
export interface SecurityInfo {
  storage: CredentialStorage;
  demo: boolean;
  /** The OpenID issuer Latchkey signs in against. */
  issuer: string;
  redirect: 'loopback' | 'custom-scheme';
  accounts: Array<{
    id: string;
    email: string;
    grantedScopes: string[];
    /** ISO 8601 expiry of the in-memory access token, or null when none is held. */
    accessTokenExpiresAt: string | null;
    /** True when the refresh token is DPoP-bound to a key kept on this computer (RFC 9449). */
    boundToThisComputer: boolean;
    /** ISO 8601 time when Google ends this sign-in (Testing-mode apps), or null when it named none. */
    signInExpiresAt: string | null;
  }>;
  /** Revocations that could not reach Google yet and will be retried. */
  pendingRevocations: number;
  /**
   * When Google refused to bind a sign-in of this app to this computer's key (DPoP), so new
   * sign-ins go without it (ISO 8601); null when it never did.
   */
  dpopRefusedAt: string | null;
}

export interface SignOutOutcome {
  /** True when Google confirmed the revocation; false when it is pending a retry. */
  revoked: boolean;
  message: string;
}

/** Every method of the bridge, by namespace. Adding one here (with its input and output) adds it
 * to main, the preload and the renderer; main's schema map will not compile until it has one too. */
export const METHODS = {
  auth: [
    'signIn',
    'addAccount',
    'cancel',
    'reopen',
    'signOut',
    'accounts',
    'setActive',
    'dismissNotice',
  ],
  profile: ['get'],
  features: ['connect', 'disconnect'],
  calendar: ['upcoming'],
  drive: ['recent'],
  settings: ['security'],
} as const;

/** The single argument of each method, as the caller writes it and the handler receives it. */
export interface Inputs {
  auth: {
    /** `loginHint`: at most 320 characters. */
    signIn: { loginHint?: string } | undefined;
    addAccount: undefined;
    cancel: undefined;
    reopen: undefined;
    /** Account ids: 1–255 characters. */
    signOut: { accountId: string };
    accounts: undefined;
    setActive: { accountId: string };
    /** `noticeId`: 1–200 characters. */
    dismissNotice: { noticeId: string };
  };
  profile: { get: { accountId?: string; refresh?: boolean } | undefined };
  features: {
    connect: { feature: Feature; accountId?: string };
    disconnect: { feature: Feature; accountId?: string };
  };
  /** `days`: a whole number from 1 to 31. */
  calendar: { upcoming: { accountId?: string; days?: number } | undefined };
  /** `query`: at most 200 characters. */
  drive: { recent: { accountId?: string; query?: string } | undefined };
  settings: { security: undefined };
}

/** What each method resolves to on success. */
export interface Outputs {
  auth: {
    /** Resolves when the flow ends: the signed-in account, or CONSENT_DENIED/CANCELLED/TIMED_OUT/… */
    signIn: Account;
    addAccount: Account;
    cancel: null;
    /**
     * Opens the waiting flow's sign-in page in the browser again (the same URL and state: no new
     * flow). False when no flow is waiting for the browser.
     */
    reopen: boolean;
    signOut: SignOutOutcome;
    accounts: AuthState;
    setActive: AuthState;
    /** Forgets a notice so it does not come back with the next state. */
    dismissNotice: AuthState;
  };
  profile: { get: Profile };
  features: { connect: Account; disconnect: Account };
  calendar: { upcoming: Agenda };
  drive: { recent: DriveListing };
  settings: { security: SecurityInfo };
}

export type Namespace = keyof typeof METHODS;
export type MethodOf<N extends Namespace> = (typeof METHODS)[N][number] &
  keyof Inputs[N] &
  keyof Outputs[N];

/** The argument a method takes (and, once validated in main, the argument its handler receives). */
export type InputOf<N extends Namespace, M extends MethodOf<N>> = Inputs[N][M];

type Caller<I, O> = [I] extends [undefined]
  ? () => Promise<Result<O>>
  : undefined extends I
    ? (input?: I) => Promise<Result<O>>
    : (input: I) => Promise<Result<O>>;

/** The invokable part of the API: one function per schema entry. */
export type Invokable = {
  [N in Namespace]: { [M in MethodOf<N>]: Caller<InputOf<N, M>, Outputs[N][M]> };
};

/** What `window.api` is in the renderer. */
export type Api = Invokable & {
  auth: {
    /** Calls `listener` with every new {@link AuthState}; returns the unsubscribe function. */
    onChange(listener: (state: AuthState) => void): () => void;
  };
};

/** What main implements: the same methods, with validated input. */
export type Handlers = {
  [N in Namespace]: {
    [M in MethodOf<N>]: (input: InputOf<N, M>) => Promise<Result<Outputs[N][M]>>;
  };
};

/** The IPC channel of a method. */
export function channelOf(namespace: string, method: string): string {
  return `latchkey:${namespace}.${method}`;
}

/** The one main → renderer event channel. */
export const AUTH_CHANGED_CHANNEL = 'latchkey:auth.changed';

/** Every (namespace, method) pair, in a stable order. */
export function methodList(): Array<{ namespace: Namespace; method: string; channel: string }> {
  return (Object.keys(METHODS) as Namespace[]).flatMap((namespace) =>
    METHODS[namespace].map((method: string) => ({
      namespace,
      method,
      channel: channelOf(namespace, method),
    })),
  );
}

/*
 * Building `window.api` (added for the shell): the same builder serves the Electron preload
 * (over IPC) and the browser preview's client (over a WebSocket), so both have exactly the
 * contract's shape — one function per {@link methodList} entry plus `auth.onChange`.
 */

/** How calls and the change event travel; never handed to the page. */
export interface BridgeTransport {
  /** Sends one call on a method's channel and resolves with the other side's answer. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Listens on an event channel; the listener receives the payload only. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

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
