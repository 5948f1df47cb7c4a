/**
 * THE bridge contract between the renderer and the main process: every method, its input and
 * its output, and the channel names.
 *
 * Main derives its handler types and registers one handler per entry of {@link METHODS}; the
 * preload builds one function per entry (preload/build-api.ts); the renderer imports this file
 * with `import type` only. TypeScript types do not survive IPC, so main validates every input
 * against its runtime schema (main/bridge/schemas.ts, checked against {@link Inputs} at compile
 * time), and every answer is a {@link Result} value: nothing throws across the bridge. No
 * validation library here, so the sandboxed preload that bundles it stays a few KB.
 */
import { FEATURE_METHODS, type Feature, type FeatureCall, type FeatureCalls } from './features.ts';
import type {
  Account,
  AuthState,
  LanguageSettings,
  Profile,
  ProxyPrompt,
  SavedProxySignIn,
  SecurityInfo,
  SignOutOutcome,
  UpdateStatus,
} from './model.ts';
import type { Result } from './result.ts';
import type { LanguageChoice } from './i18n/locales.ts';

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
  ...FEATURE_METHODS,
  settings: ['security', 'language', 'setLanguage'],
  updates: ['status', 'check', 'restart', 'setAutomatic'],
  proxy: ['prompt', 'answer', 'saved', 'forget'],
} as const;

/** The single argument of each method, as the caller writes it and the handler receives it. */
export type Inputs = CoreInputs & {
  [F in Feature]: { [M in keyof FeatureCalls[F]]: CallPart<FeatureCalls[F][M], 'input'> };
};

/** What each method resolves to on success. */
export type Outputs = CoreOutputs & {
  [F in Feature]: { [M in keyof FeatureCalls[F]]: CallPart<FeatureCalls[F][M], 'output'> };
};

/** The input or output of a feature's method. */
type CallPart<C, K extends 'input' | 'output'> =
  C extends FeatureCall<infer I, infer O> ? (K extends 'input' ? I : O) : never;

/** The inputs of the methods that are not a feature's (common/features.ts has those). */
interface CoreInputs {
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
  settings: {
    security: undefined;
    /**
     * `preferred`: the window's languages (navigator.languages), at most 32 tags of at most 64
     * characters. They stand for the system's where the host knows none of its own (the browser
     * preview); the Electron app asks the operating system instead.
     */
    language: { preferred?: string[] } | undefined;
    setLanguage: { choice: LanguageChoice };
  };
  updates: {
    status: undefined;
    check: undefined;
    restart: undefined;
    setAutomatic: { automatic: boolean };
  };
  proxy: {
    prompt: undefined;
    /**
     * The answer to the proxy question `id`: a user name (1–256 characters) and password
     * (1–1024), and whether to keep them in the keychain; or `cancel`.
     */
    answer: ProxyAnswer;
    saved: undefined;
    /** Forgets the saved sign-in for this proxy (`host:port`) and realm. */
    forget: { proxy: string; realm: string };
  };
}

/** What the window answers a {@link ProxyPrompt} with. */
export type ProxyAnswer =
  | { id: string; username: string; password: string; remember: boolean }
  | { id: string; cancel: true };

/** The outputs of the methods that are not a feature's. */
interface CoreOutputs {
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
  settings: {
    security: SecurityInfo;
    language: LanguageSettings;
    /** Keeps the setting and speaks the language it comes to from now on. */
    setLanguage: LanguageSettings;
  };
  updates: {
    status: UpdateStatus;
    /** Checks now (and downloads what it finds in the background). */
    check: UpdateStatus;
    /** Restarts into the downloaded update: false when none is ready. */
    restart: boolean;
    /** Turns automatic checks on or off. */
    setAutomatic: UpdateStatus;
  };
  proxy: {
    /** The proxy question waiting for an answer, or null (always null in the preview). */
    prompt: ProxyPrompt | null;
    /** Whether a waiting question took the answer (false: it was already answered or gone). */
    answer: boolean;
    /** The proxy sign-ins kept in the keychain (always empty in the preview). */
    saved: SavedProxySignIn[];
    /** The saved sign-ins left. */
    forget: SavedProxySignIn[];
  };
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
  proxy: {
    /**
     * Calls `listener` whenever the proxy question changes: a new one, or null once it was
     * answered. Returns the unsubscribe function. Ask `proxy.prompt()` for the one waiting now.
     */
    onPrompt(listener: (prompt: ProxyPrompt | null) => void): () => void;
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

/** The main → renderer event channel of every new AuthState. */
export const AUTH_CHANGED_CHANNEL = 'latchkey:auth.changed';

/** The main → renderer event channel of the proxy question (a ProxyPrompt, or null). */
export const PROXY_PROMPT_CHANNEL = 'latchkey:proxy.prompted';

/**
 * A DOM event on `window`: the host behind the page went away for good (the browser preview
 * stopped, and its tab stays open). Only the preview's bridge client raises it; the window then
 * says so instead of failing silently.
 */
export const HOST_STOPPED_EVENT = 'latchkey:host-stopped';

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

/** How calls and the change event travel; never handed to the page. */
export interface BridgeTransport {
  /** Sends one call on a method's channel and resolves with the other side's answer. */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /** Listens on an event channel; the listener receives the payload only. */
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}
