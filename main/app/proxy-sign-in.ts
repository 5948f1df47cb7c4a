/**
 * Proxy sign-in: what Latchkey answers when a proxy between it and Google asks for a user name
 * and password (the Electron app's network port reports each challenge; see
 * main/electron/network.ts). Host-neutral: it knows nothing of Electron, only challenges, the
 * keychain store (main/vault/proxy-credentials.ts) and the window's answers over the bridge.
 *
 * For each request a proxy challenges:
 * 1. credentials known this run (answered earlier, or saved and already used) are sent silently;
 * 2. else a saved sign-in for that proxy and realm is sent silently;
 * 3. else the window asks (one question per proxy and realm, however many requests wait on it):
 *    who asks (the proxy), for which host, the realm; user name, password, "Remember on this
 *    computer", Cancel.
 * When the proxy refuses what was sent, it asks again on the same request: those credentials are
 * dropped (a refused saved sign-in is not sent again this run) and the window asks, at most twice
 * per request; then the request fails. Cancel fails the request too, and for a short while the
 * same proxy is not asked again (the retries of the same action fail at once instead of bringing
 * the question back). "Remember" writes to the keychain only once the proxy accepted them.
 *
 * Passwords stay in memory and the keychain: never logged, never pushed to the window.
 */
import { randomBytes } from 'node:crypto';
import type { ProxyPrompt, SavedProxySignIn } from '../../common/model.ts';
import type { ProxyAnswer } from '../../common/contract.ts';
import type { Logger } from '../log/log.ts';
import type {
  ProxyCredentials,
  ProxyCredentialStore,
  ProxyKey,
} from '../vault/proxy-credentials.ts';

/** A proxy's challenge, and where the request it stopped was going. */
export interface ProxyChallenge {
  /** The proxy, as `host:port`. */
  proxy: string;
  /** The realm it named ('' for none). */
  realm: string;
  /** Its authentication scheme (`basic`, …). */
  scheme: string;
  /** The host the request was for. */
  host: string;
}

/** One request's dealings with proxies that ask for credentials. */
export interface ProxyAuthAttempt {
  /**
   * What to answer this challenge with, or null to give up (the request then fails with the
   * proxy-credentials sentence). A second call on the same attempt means the proxy refused what
   * the first one returned.
   */
  credentials(challenge: ProxyChallenge): Promise<ProxyCredentials | null>;
  /** The request got past the proxy: the credentials sent last were accepted. */
  accepted(): void;
}

/** The proxy sign-in of a running Latchkey. */
export interface ProxySignIn {
  /** A new request's dealings with asking proxies. */
  attempt(): ProxyAuthAttempt;
  /** The question waiting for the window, or null. */
  current(): ProxyPrompt | null;
  /** Calls `listener` whenever the waiting question changes; returns the unsubscribe function. */
  onChange(listener: (prompt: ProxyPrompt | null) => void): () => void;
  /** The window's answer; false when no waiting question has that id. */
  answer(answer: ProxyAnswer): boolean;
  /** The sign-ins kept in the keychain. */
  saved(): Promise<SavedProxySignIn[]>;
  /** Forgets a kept sign-in (and stops using it this run); resolves with those left. */
  forget(key: ProxyKey): Promise<SavedProxySignIn[]>;
  /** Calls `listener` after a sign-in was forgotten (the host clears its own caches). */
  onForgotten(listener: (key: ProxyKey) => void): () => void;
  /** Answers every waiting question with Cancel and stops telling listeners. */
  dispose(): void;
}

export interface ProxySignInOptions {
  store: ProxyCredentialStore;
  logger: Logger;
  /** The clock, in ms (tests pin it). */
  now?: () => number;
  /** After Cancel, how long the same proxy and realm fail at once instead of asking (ms). */
  declineMs?: number;
}

/** The window asks at most this often per request. */
export const MAX_QUESTIONS_PER_REQUEST = 2;
/** How long a Cancel holds by default: longer than the retries of one action take. */
export const DECLINE_MS = 30_000;
/** The longest realm shown and kept (a proxy's own words). */
const MAX_REALM = 200;

/** A realm as shown and kept: no control characters, at most {@link MAX_REALM} characters. */
export function cleanRealm(realm: string): string {
  // eslint-disable-next-line no-control-regex
  return realm.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, MAX_REALM);
}

/** What the window answered: credentials and whether to remember them, or null for Cancel. */
type Answered = { credentials: ProxyCredentials; remember: boolean } | null;

interface OpenQuestion {
  prompt: ProxyPrompt;
  key: string;
  answered: Promise<Answered>;
  resolve(answer: Answered): void;
}

function keyOf(key: ProxyKey): string {
  return `${key.proxy}\n${key.realm}`;
}

function same(a: ProxyCredentials | undefined, b: ProxyCredentials | undefined): boolean {
  return (
    a !== undefined && b !== undefined && a.username === b.username && a.password === b.password
  );
}

export function createProxySignIn(options: ProxySignInOptions): ProxySignIn {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const declineMs = options.declineMs ?? DECLINE_MS;
  /** Credentials known to this run (answered, or saved and used), by proxy and realm. */
  const known = new Map<string, ProxyCredentials>();
  /** Proxies and realms whose saved sign-in was refused this run: not sent again silently. */
  const refusedSaved = new Set<string>();
  /** Answers to keep once the proxy accepts them ("Remember on this computer"). */
  const toRemember = new Map<string, ProxyCredentials>();
  /** Until when a Cancel holds, by proxy and realm. */
  const declined = new Map<string, number>();
  const questions: OpenQuestion[] = [];
  const listeners = new Set<(prompt: ProxyPrompt | null) => void>();
  const forgottenListeners = new Set<(key: ProxyKey) => void>();
  let disposed = false;

  const current = (): ProxyPrompt | null => questions[0]?.prompt ?? null;
  const tell = (): void => {
    const prompt = current();
    for (const listener of listeners) {
      try {
        listener(prompt);
      } catch (error) {
        logger.error('proxy sign-in: a listener failed', { error });
      }
    }
  };

  /** The open question for this proxy and realm, or a new one. */
  const ask = (
    challenge: ProxyChallenge,
    key: string,
    details: { refused: boolean; username: string },
  ): Promise<Answered> => {
    const open = questions.find((question) => question.key === key);
    if (open) return open.answered;
    if (disposed) return Promise.resolve(null);
    let resolve!: (answer: Answered) => void;
    const answered = new Promise<Answered>((done) => (resolve = done));
    const prompt: ProxyPrompt = {
      id: randomBytes(16).toString('hex'),
      proxy: challenge.proxy,
      host: challenge.host,
      realm: challenge.realm,
      scheme: challenge.scheme,
      refused: details.refused,
      username: details.username,
      canRemember: store.persistent(),
    };
    questions.push({ prompt, key, answered, resolve });
    logger.info('proxy sign-in: asking in the window', {
      proxy: challenge.proxy,
      host: challenge.host,
      refused: details.refused,
    });
    if (questions.length === 1) tell();
    return answered;
  };

  /** The kept sign-in for `key`, unless it was refused this run. */
  const savedFor = async (challenge: ProxyKey, key: string): Promise<ProxyCredentials | null> => {
    if (refusedSaved.has(key)) return null;
    return store.get(challenge);
  };

  const saved = async (): Promise<SavedProxySignIn[]> =>
    (await store.list()).map(({ proxy, realm, username }) => ({ proxy, realm, username }));

  return {
    attempt() {
      /** What this request sent last, and where it came from. */
      let sent: { key: string; credentials: ProxyCredentials; saved: boolean } | null = null;
      let asked = 0;
      return {
        async credentials(raw) {
          const challenge = { ...raw, realm: cleanRealm(raw.realm) };
          const keyFields = { proxy: challenge.proxy, realm: challenge.realm };
          const key = keyOf(keyFields);
          // A second challenge on the same request: the proxy refused what was sent.
          const refused = sent?.key === key ? sent : null;
          sent = null;
          if (refused) {
            if (same(known.get(key), refused.credentials)) known.delete(key);
            if (same(toRemember.get(key), refused.credentials)) toRemember.delete(key);
            if (refused.saved) refusedSaved.add(key);
            logger.warn('proxy sign-in: the proxy refused the credentials', {
              proxy: challenge.proxy,
              saved: refused.saved,
            });
          }
          const use = (credentials: ProxyCredentials, saved = false): ProxyCredentials => {
            sent = { key, credentials, saved };
            return credentials;
          };
          if ((declined.get(key) ?? -Infinity) > now()) return null;

          const held = known.get(key);
          if (held && !same(held, refused?.credentials)) return use(held);
          const kept = await savedFor(keyFields, key);
          if (kept && !same(kept, refused?.credentials)) {
            known.set(key, kept);
            return use(kept, true);
          }

          if (asked >= MAX_QUESTIONS_PER_REQUEST) return null;
          asked += 1;
          const answer = await ask(challenge, key, {
            refused: refused !== null,
            username: refused?.credentials.username ?? kept?.username ?? '',
          });
          if (!answer) {
            declined.set(key, now() + declineMs);
            return null;
          }
          known.set(key, answer.credentials);
          if (answer.remember) toRemember.set(key, answer.credentials);
          return use(answer.credentials);
        },
        accepted() {
          const last = sent;
          if (!last) return;
          declined.delete(last.key);
          const remember = toRemember.get(last.key);
          if (!same(remember, last.credentials)) return;
          toRemember.delete(last.key);
          refusedSaved.delete(last.key);
          const [proxy = '', realm = ''] = last.key.split('\n');
          store.save({ proxy, realm }, last.credentials).then(
            () => logger.info('proxy sign-in: remembered in the keychain', { proxy }),
            (error: unknown) => logger.warn('proxy sign-in: could not remember it', { error }),
          );
        },
      };
    },
    current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    answer(answer) {
      const index = questions.findIndex((question) => question.prompt.id === answer.id);
      if (index < 0) return false;
      const [question] = questions.splice(index, 1);
      question!.resolve(
        'cancel' in answer
          ? null
          : {
              credentials: { username: answer.username, password: answer.password },
              remember: answer.remember,
            },
      );
      if ('cancel' in answer) {
        logger.info('proxy sign-in: cancelled in the window', { proxy: question!.prompt.proxy });
      }
      if (index === 0) tell();
      return true;
    },
    saved,
    async forget(key) {
      const cleaned = { proxy: key.proxy, realm: cleanRealm(key.realm) };
      await store.forget(cleaned);
      const id = keyOf(cleaned);
      known.delete(id);
      toRemember.delete(id);
      refusedSaved.delete(id);
      logger.info('proxy sign-in: forgotten', { proxy: cleaned.proxy });
      for (const listener of forgottenListeners) {
        try {
          listener(cleaned);
        } catch (error) {
          logger.error('proxy sign-in: a listener failed', { error });
        }
      }
      return saved();
    },
    onForgotten(listener) {
      forgottenListeners.add(listener);
      return () => forgottenListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      const open = questions.splice(0);
      for (const question of open) question.resolve(null);
      if (open.length > 0) tell();
      listeners.clear();
      forgottenListeners.clear();
    },
  };
}
