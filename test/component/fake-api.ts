/**
 * A fake `window.api` for component tests: the renderer's unit boundary. Every method is a
 * vitest mock answering a configurable Result; `emit` pushes an AuthState like main does.
 * End-to-end tests never use this: they drive the real preview and emulator.
 */
import { tick } from 'svelte';
import { vi, type Mock } from 'vitest';
import type {
  Account,
  AuthState,
  LanguageSettings,
  Profile,
  ProxyPrompt,
  SavedProxySignIn,
  SecurityInfo,
  UpdateStatus,
} from '../../common/model.ts';
import { resolveLanguage, type LanguageChoice, type Locale } from '../../common/i18n/locales.ts';
import type { Agenda, DriveListing } from '../../common/features.ts';
import type { Api } from '../../common/contract.ts';
import type { Result } from '../../common/result.ts';

export { ADA, GRACE } from '../helpers/accounts.ts';

export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
export const DRIVE_SCOPE = 'https://www.googleapis.com/auth/drive.metadata.readonly';
export const TASKS_SCOPE = 'https://www.googleapis.com/auth/tasks.readonly';

/** What the preview reports about updates: none. */
export const UNSUPPORTED_UPDATES: UpdateStatus = {
  version: '0.1.0',
  automatic: false,
  state: 'unsupported',
  lastCheck: null,
  available: null,
  progress: null,
  note: 'This copy of Latchkey does not update itself.',
};

/** An AuthState with defaults. */
export function authState(overrides: Partial<AuthState> = {}): AuthState {
  return {
    accounts: [],
    activeId: null,
    flow: null,
    demo: false,
    storage: { kind: 'keychain', service: 'Latchkey' },
    notices: [],
    ...overrides,
  };
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: string, message = `${code} happened`): Result<T> {
  return { ok: false, error: { code, message } } as Result<T>;
}

export function profileOf(account: Account, overrides: Partial<Profile> = {}): Profile {
  return {
    id: account.id,
    email: account.email,
    emailVerified: true,
    name: account.name,
    givenName: account.name.split(' ')[0] ?? null,
    familyName: account.name.split(' ')[1] ?? null,
    pictureUrl: account.pictureUrl,
    fetchedAt: new Date().toISOString(),
    cached: false,
    ...overrides,
  };
}

type Fn = (...args: never[]) => unknown;
type Mocked<T> = { [K in keyof T]: T[K] extends Fn ? Mock<T[K]> & T[K] : Mocked<T[K]> };

/** The fake bridge and its controls. */
export interface FakeApi {
  api: Mocked<Api>;
  /** Pushes a state to every onChange listener, as main does. */
  emit(state: AuthState): void;
  listeners: Set<(state: AuthState) => void>;
  /** Pushes a proxy question (or its end) to every onPrompt listener, as main does. */
  ask(prompt: ProxyPrompt | null): void;
  promptListeners: Set<(prompt: ProxyPrompt | null) => void>;
}

/** A proxy question with defaults. */
export function proxyPrompt(overrides: Partial<ProxyPrompt> = {}): ProxyPrompt {
  return {
    id: '0123456789abcdef0123456789abcdef',
    proxy: 'proxy.corp.example:3128',
    host: 'oauth2.googleapis.com',
    realm: 'Corp proxy',
    scheme: 'basic',
    refused: false,
    username: '',
    canRemember: true,
    ...overrides,
  };
}

export { deferred } from '../helpers/deferred.ts';

/**
 * Builds a fake bridge answering `state` for accounts(); install it with {@link installApi}.
 * `system`: the language main says the system speaks (what `settings.language` comes to).
 */
export function createFakeApi(state: AuthState = authState(), system: Locale = 'en'): FakeApi {
  let choice: LanguageChoice = 'system';
  const languageSettings = (): LanguageSettings => ({
    choice,
    locale: resolveLanguage(choice, [system]),
    system,
  });
  const listeners = new Set<(state: AuthState) => void>();
  const promptListeners = new Set<(prompt: ProxyPrompt | null) => void>();
  const emptyAgenda: Agenda = { timeMin: '', timeMax: '', events: [] };
  const emptyDrive: DriveListing = { query: '', files: [] };
  const security: SecurityInfo = {
    storage: state.storage,
    demo: state.demo,
    issuer: 'https://accounts.google.com',
    redirect: 'loopback',
    accounts: [],
    pendingRevocations: 0,
    dpopRefusedAt: null,
    dpopEnabled: true,
  };
  const api = {
    auth: {
      signIn: vi.fn(async () => fail<Account>('CANCELLED')),
      addAccount: vi.fn(async () => fail<Account>('CANCELLED')),
      cancel: vi.fn(async () => ok(null)),
      reopen: vi.fn(async () => ok(true)),
      signOut: vi.fn(async () =>
        ok({ revoked: true, message: 'Signed out; Google revoked access.' }),
      ),
      accounts: vi.fn(async () => ok(state)),
      setActive: vi.fn(async () => ok(state)),
      dismissNotice: vi.fn(async () => ok(state)),
      onChange: vi.fn((listener: (state: AuthState) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      }),
    },
    profile: { get: vi.fn(async () => fail<Profile>('NETWORK')) },
    features: {
      connect: vi.fn(async () => fail<Account>('CANCELLED')),
      disconnect: vi.fn(async () => fail<Account>('CANCELLED')),
    },
    calendar: { upcoming: vi.fn(async () => ok(emptyAgenda)) },
    drive: { recent: vi.fn(async () => ok(emptyDrive)) },
    tasks: { open: vi.fn(async () => ok({ lists: [], tasks: [] })) },
    settings: {
      security: vi.fn(async () => ok(security)),
      language: vi.fn(async () => ok(languageSettings())),
      setLanguage: vi.fn(async (input: { choice: LanguageChoice }) => {
        choice = input.choice;
        return ok(languageSettings());
      }),
    },
    updates: {
      status: vi.fn(async () => ok(UNSUPPORTED_UPDATES)),
      check: vi.fn(async () => ok(UNSUPPORTED_UPDATES)),
      restart: vi.fn(async () => ok(false)),
      setAutomatic: vi.fn(async () => ok(UNSUPPORTED_UPDATES)),
    },
    // The preview's answers: no question, nothing saved.
    proxy: {
      prompt: vi.fn(async () => ok<ProxyPrompt | null>(null)),
      answer: vi.fn(async () => ok(true)),
      saved: vi.fn(async () => ok<SavedProxySignIn[]>([])),
      forget: vi.fn(async () => ok<SavedProxySignIn[]>([])),
      onPrompt: vi.fn((listener: (prompt: ProxyPrompt | null) => void) => {
        promptListeners.add(listener);
        return () => promptListeners.delete(listener);
      }),
    },
  } as unknown as Mocked<Api>;
  return {
    api,
    listeners,
    emit(next) {
      for (const listener of listeners) listener(next);
    },
    promptListeners,
    ask(prompt) {
      for (const listener of promptListeners) listener(prompt);
    },
  };
}

/** Makes `fake` the page's `window.api`. */
export function installApi(fake: FakeApi): void {
  (window as unknown as { api: Api }).api = fake.api;
}

/**
 * Lets pending promise callbacks and Svelte's updates run: the fake answers in promises only, so
 * a fixed number of microtask turns (each `tick()` also flushes Svelte) is enough, with no timer.
 * The views need 2; 20 leaves room.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await tick();
}
