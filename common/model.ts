/**
 * The model the window sees: accounts, where credentials are kept, flows, notices and each
 * feature's data. Shared by main (which builds it), the preload and the renderer (which draws
 * it). Nothing here carries a token, an authorization code or a PKCE verifier.
 */
import type { ErrorCode } from './result.ts';
import type { Feature } from './features.ts';
import type { LanguageChoice, Locale } from './i18n/locales.ts';

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
  | {
      kind: 'keychain';
      service: string;
      /**
       * True while a keychain call has waited longer than a program would: the OS is probably
       * asking the person (allow Latchkey to use its entry, or unlock the keyring).
       */
      waiting?: boolean;
      /**
       * True for a keyring started for this run only (`npm start` on a machine with no Secret
       * Service): it ends when Latchkey quits, and the sign-in with it.
       */
      temporary?: boolean;
    }
  | {
      kind: 'memory';
      /** The keychain's own words (shown behind "Details"). */
      reason: string;
      /** What kind of failure it was, so the window gives its own advice for each. */
      problem?: KeychainProblem;
    };

/**
 * Why the keychain could not be used: no Secret Service answers (Linux without a keyring), it is
 * locked, it has no default collection to write to (a Secret Service without a `login`
 * keyring), the keychain or the person refused Latchkey, or something else.
 */
export type KeychainProblem =
  'no-service' | 'locked' | 'no-default-collection' | 'refused' | 'unavailable';

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
  code: ErrorCode | 'REVOCATION_PENDING' | 'REVOCATION_COMPLETED' | 'KEYCHAIN_WAITING';
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
  /** Whether new sign-ins are bound to this computer's key (DPoP on; LATCHKEY_DPOP=off turns it off). */
  dpopEnabled: boolean;
}

export interface SignOutOutcome {
  /** True when Google confirmed the revocation; false when it is pending a retry. */
  revoked: boolean;
  message: string;
}

/**
 * Where Latchkey's own update stands. In the installed app electron-updater checks the project's
 * GitHub Releases; the preview, a deb and a development run have no self-update ('unsupported').
 */
export interface UpdateStatus {
  /** The running version. */
  version: string;
  /** Whether Latchkey checks by itself (at start and every few hours); a setting. */
  automatic: boolean;
  /**
   * `unsupported`: this build does not update itself (the reason is in {@link UpdateStatus.note});
   * `idle`: up to date or not checked yet; `checking`; `downloading`; `ready`: downloaded, waiting
   * for the person to restart; `error`: the last check or download failed ({@link UpdateStatus.note}).
   */
  state: 'unsupported' | 'idle' | 'checking' | 'downloading' | 'ready' | 'error';
  /** ISO 8601 time of the last completed check, or null. */
  lastCheck: string | null;
  /** The newer version found (and, once `ready`, downloaded), with its release notes as text. */
  available: { version: string; notes: string | null } | null;
  /** 0–100 while downloading, else null. */
  progress: number | null;
  /** One sentence: why updates are unsupported here, or what went wrong. */
  note: string | null;
}

/**
 * The language Latchkey speaks: the person's setting, and what it comes to. Main formats its own
 * sentences (errors, notices, the browser pages) in {@link LanguageSettings.locale}; the window
 * formats its own in the same language.
 */
export interface LanguageSettings {
  /** The setting: `system` follows the operating system (the browser, in the preview). */
  choice: LanguageChoice;
  /** The language in use now. */
  locale: Locale;
  /** What `system` comes to on this computer. */
  system: Locale;
}

/**
 * A proxy asking for a user name and password before it lets Latchkey reach Google (the Electron
 * app only: Chromium's network stack reports the proxy's challenge; the preview never asks).
 * Pushed through `proxy.onPrompt`, answered with `proxy.answer`. Never carries a password.
 */
export interface ProxyPrompt {
  /** Random id of this question; the answer names it. */
  id: string;
  /** The proxy asking, as `host:port`. */
  proxy: string;
  /** The host Latchkey wanted to reach through it (`oauth2.googleapis.com`). */
  host: string;
  /** The realm the proxy named (its own words, at most 200 characters), or '' for none. */
  realm: string;
  /** The proxy's scheme (`basic`, `digest`, `ntlm`, `negotiate`). */
  scheme: string;
  /** True when the proxy refused the user name and password sent last (saved or typed). */
  refused: boolean;
  /** The user name to fill in (the one refused, or the one saved), or '' for none. */
  username: string;
  /**
   * Whether "Remember on this computer" can keep it in the keychain; false when the keychain is
   * unavailable (the sign-in is then used until Latchkey quits).
   */
  canRemember: boolean;
}

/** A proxy sign-in kept in the keychain, as the Security page lists it (no password). */
export interface SavedProxySignIn {
  /** The proxy, as `host:port`. */
  proxy: string;
  /** The proxy's realm ('' for none). */
  realm: string;
  username: string;
}
