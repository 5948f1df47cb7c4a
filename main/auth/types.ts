/**
 * The auth core's public shape. No `electron` import anywhere in main/auth or main/vault:
 * Electron reaches the core through the small ports below, wired in main/electron/index.ts (and in the
 * browser preview by preview/server.ts), so the same code runs in plain Node in tests.
 */
import type { OAuth2Client } from 'google-auth-library';
import type {
  Account,
  AuthState,
  CredentialStorage,
  PendingFlow,
  SignOutOutcome,
} from '../../common/model.ts';
import type { ErrorCode } from '../../common/result.ts';
import type { Feature } from '../../common/features.ts';

/** Google's endpoints, or the local emulator's. */
export interface Endpoints {
  /** OpenID issuer: `https://accounts.google.com`, or the emulator's origin. */
  issuer: string;
  authorization: string;
  token: string;
  revoke: string;
  userinfo: string;
  jwks: string;
  /** Root URL for `@googleapis/*` clients (`https://www.googleapis.com/`, or the emulator's). */
  apiRoot: string;
}

/** The validated configuration the core runs with (see main/app/config.ts). */
export interface AuthConfig {
  /** 'demo' when no Google client is configured and the local emulator stands in for Google. */
  mode: 'google' | 'demo';
  /** Application id (`dev.latchkey.app`). */
  appId: string;
  /**
   * The keychain service name: `appId` for a real Google client, `appId + '.demo'` in demo mode,
   * so demo tokens never mix with real ones. Absent → `appId`. (Addition; the vault uses it.)
   */
  keychainService?: string;
  clientId: string;
  /** Present for a "Desktop app" client (loopback redirect); absent for an iOS client. */
  clientSecret?: string;
  /** 'desktop' → loopback redirect on 127.0.0.1; 'ios' → custom scheme redirect. */
  clientType: 'desktop' | 'ios';
  /** For 'ios': `com.googleusercontent.apps.<id>` (the reverse client ID). */
  redirectScheme?: string;
  endpoints: Endpoints;
  /**
   * DPoP (RFC 9449): bind each new refresh token to a key pair of this computer. Absent or true:
   * on; false (`LATCHKEY_DPOP=off`, `"dpop": false` in the config file) for a client or issuer
   * that rejects it. A token already bound keeps its key either way. (Addition.)
   */
  dpop?: boolean;
  /**
   * `LATCHKEY_DPOP=on` set explicitly: try DPoP again even for a client whose token endpoint
   * refused it once (the remembered refusal is forgotten, see dpop-sign-in.ts).
   */
  dpopRetry?: boolean;
}

/** Port: opens a URL in the system browser (Electron: the shell.openExternal wrapper). */
export type OpenExternal = (url: string) => Promise<void>;

/** Port: non-secret account metadata (electron-store in the app, conf in the preview and tests). */
export interface MetadataStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

/** Port: the time (ms since the epoch). Injectable so expiry logic can be tested. (Addition.) */
export interface Clock {
  now(): number;
}

/** How a flow ended. */
export type FlowResult =
  { ok: true; account: Account } | { ok: false; code: ErrorCode; message: string };

/** The auth core: sign-in, accounts, authorized clients, sign-out. */
export interface AuthCore {
  readonly config: AuthConfig;
  /** Loads accounts from metadata and refresh tokens from the keychain; retries pending revocations. */
  restore(): Promise<void>;
  /** Starts a sign-in flow and resolves when it ends. */
  signIn(options?: {
    loginHint?: string;
    purpose?: 'sign-in' | 'add-account';
  }): Promise<FlowResult>;
  /** Runs a consent flow for scopes the account has not granted yet (incremental authorization). */
  ensureScopes(accountId: string, scopes: string[], feature?: Feature): Promise<FlowResult>;
  /** Ends the pending flow as CANCELLED. */
  cancel(): void;
  /**
   * Hands the waiting flow's authorization URL to the browser port again (same URL, same state:
   * the flow and its time limit are unchanged). False when no flow is waiting for the browser.
   */
  reopen(): Promise<boolean>;
  /** The pending flow, if any. */
  pendingFlow(): PendingFlow | null;
  /** Custom-scheme receiver: the shell calls it with every URL the OS hands the app. */
  handleRedirect(url: string): Promise<{ accepted: boolean; reason?: string }>;
  accounts(): Account[];
  activeId(): string | null;
  setActive(accountId: string): void;
  /** An OAuth2Client for the account; refresh is single-flight and keeps the refresh token. */
  clientFor(accountId: string): Promise<OAuth2Client>;
  /** Stops using a feature's scope locally (Google keeps the grant until sign-out). */
  dropScopes(accountId: string, scopes: string[]): Account;
  /** Revokes at Google, wipes keychain entry and metadata; pending revocation kept when offline. */
  signOut(accountId: string): Promise<SignOutOutcome>;
  /** Retries revocations that could not reach Google before. */
  retryPendingRevocations(): Promise<void>;
  /** Expiry of the in-memory access token (ms since epoch), or null. */
  accessTokenExpiry(accountId: string): number | null;
  /**
   * Whether the account's refresh token is DPoP-bound to this computer's key. (Addition; optional
   * so hosts' fake cores need not provide it: absent means not bound.)
   */
  boundToThisComputer?(accountId: string): boolean;
  /**
   * When this client's token endpoint refused a sign-in's DPoP proof (ISO 8601), so new
   * sign-ins go without DPoP; null when it never did (or `LATCHKEY_DPOP=on` reset it).
   */
  dpopRefusedAt?(): string | null;
  pendingRevocationCount(): number;
  storage(): CredentialStorage;
  /** The state pushed to the window. */
  state(): AuthState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onChange(listener: (state: AuthState) => void): () => void;
  /** Removes a notice from the state (the window's "dismiss"). Unknown ids are ignored. (Addition.) */
  dismissNotice(noticeId: string): void;
  /** Closes listeners and timers. */
  dispose(): Promise<void>;
}
