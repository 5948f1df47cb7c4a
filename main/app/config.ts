/**
 * Loads and validates the Google OAuth client Latchkey signs in with.
 *
 * Sources, strongest first: the environment (`LATCHKEY_GOOGLE_CLIENT_ID`,
 * `LATCHKEY_GOOGLE_CLIENT_SECRET`, `LATCHKEY_GOOGLE_CLIENT_TYPE`), then a JSON file named by
 * `LATCHKEY_CONFIG` (or the caller's default `configFile`). No client anywhere → demo mode against
 * the local Google emulator the caller started. Anything malformed is a {@link ConfigError} that
 * names the setting, raised at start rather than as a confusing failure at sign-in.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AuthConfig, Endpoints } from '../auth/types.ts';
import { t } from '../../common/i18n/current.ts';

/** The application id: Electron appId, keychain service, store name. */
export const APP_ID = 'dev.latchkey.app';

/** Keychain service used in demo mode, so demo tokens never mix with a real account's. */
export const DEMO_KEYCHAIN_SERVICE = `${APP_ID}.demo`;

/** Google's production endpoints (google-auth-library's defaults). */
export const GOOGLE_ENDPOINTS: Readonly<Endpoints> = Object.freeze({
  issuer: 'https://accounts.google.com',
  authorization: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revoke: 'https://oauth2.googleapis.com/revoke',
  userinfo: 'https://openidconnect.googleapis.com/v1/userinfo',
  jwks: 'https://www.googleapis.com/oauth2/v3/certs',
  apiRoot: 'https://www.googleapis.com/',
});

/** Bad configuration; `setting` names the environment variable or file field at fault. */
export class ConfigError extends Error {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
    this.setting = setting;
  }
}

/** The emulator's endpoints and Desktop client, passed in by a caller that started it. */
export interface DemoSettings {
  endpoints: Endpoints;
  clients: { desktop: { clientId: string; clientSecret: string } };
}

export interface LoadConfigOptions {
  /**
   * Default config file location (e.g. in the app's user-data folder). Unlike `LATCHKEY_CONFIG`,
   * a missing default file is not an error.
   */
  configFile?: string;
  /** Required when no Google client is configured: the running emulator. */
  demo?: DemoSettings;
}

/** A Google client as the user configured it, before it becomes an {@link AuthConfig}. */
export interface ClientSettings {
  clientId: string;
  clientSecret?: string;
  clientType: 'desktop' | 'ios';
  /** The config file's `"dpop"` switch, when it has one. */
  dpop?: boolean;
}

/** Google's client ID format: `<project number>-<id>.apps.googleusercontent.com`. */
const CLIENT_ID = /^(\d+-[a-z0-9]+)\.apps\.googleusercontent\.com$/;
/** Google's secrets: `GOCSPX-…` today, 24 url-safe characters for older clients. */
const CLIENT_SECRET = /^[A-Za-z0-9_-]{20,100}$/;

const ENV_ID = 'LATCHKEY_GOOGLE_CLIENT_ID';
const ENV_SECRET = 'LATCHKEY_GOOGLE_CLIENT_SECRET';
const ENV_TYPE = 'LATCHKEY_GOOGLE_CLIENT_TYPE';
const ENV_FILE = 'LATCHKEY_CONFIG';
/** `off` turns DPoP-bound refresh tokens off (for a client or issuer that rejects DPoP). */
const ENV_DPOP = 'LATCHKEY_DPOP';

/**
 * The config file: our own shape, or the JSON Google Cloud Console downloads for a Desktop client
 * (`{"installed": {"client_id", "client_secret", …}}`), so users can point at it unchanged.
 */
const fileSchema = z.union([
  z
    .object({
      clientId: z.string(),
      clientSecret: z.string().optional(),
      clientType: z.enum(['desktop', 'ios']).optional(),
      dpop: z.boolean().optional(),
    })
    .strict(),
  z.object({
    installed: z.object({ client_id: z.string(), client_secret: z.string().optional() }),
    dpop: z.boolean().optional(),
  }),
]);

interface RawClient {
  clientId?: string;
  clientSecret?: string;
  clientType?: string;
  dpop?: boolean;
  /** Where each value came from, for error messages. */
  source: { id: string; secret: string; type: string };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function readConfigFile(env: NodeJS.ProcessEnv, defaultFile: string | undefined): RawClient | null {
  const explicit = nonEmpty(env[ENV_FILE]);
  const path = explicit ?? defaultFile;
  if (!path) return null;
  const setting = explicit ? ENV_FILE : 'configFile';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return null;
    throw new ConfigError(setting, t('config.unreadable', { path, errno: code ?? 'error' }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(setting, t('config.notJson', { path }));
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      setting,
      t('config.badShape', {
        path,
        ours: '{"clientId", "clientSecret"?, "clientType"?, "dpop"?}',
        google: '{"installed": {"client_id", "client_secret"}}',
      }),
    );
  }
  const file = parsed.data;
  const where = `${path}`;
  if ('installed' in file) {
    return {
      clientId: nonEmpty(file.installed.client_id),
      clientSecret: nonEmpty(file.installed.client_secret),
      clientType: 'desktop',
      ...(file.dpop !== undefined ? { dpop: file.dpop } : {}),
      source: {
        id: `${where}: installed.client_id`,
        secret: `${where}: installed.client_secret`,
        type: where,
      },
    };
  }
  return {
    clientId: nonEmpty(file.clientId),
    clientSecret: nonEmpty(file.clientSecret),
    clientType: file.clientType,
    ...(file.dpop !== undefined ? { dpop: file.dpop } : {}),
    source: {
      id: `${where}: clientId`,
      secret: `${where}: clientSecret`,
      type: `${where}: clientType`,
    },
  };
}

/**
 * The Google client configured in the environment or config file, validated; null when none is
 * configured (→ demo mode). Throws {@link ConfigError} for a malformed one.
 */
export function configuredClient(
  env: NodeJS.ProcessEnv,
  options: Pick<LoadConfigOptions, 'configFile'> = {},
): ClientSettings | null {
  const fromEnv: RawClient = {
    clientId: nonEmpty(env[ENV_ID]),
    clientSecret: nonEmpty(env[ENV_SECRET]),
    clientType: nonEmpty(env[ENV_TYPE]),
    source: { id: ENV_ID, secret: ENV_SECRET, type: ENV_TYPE },
  };
  if (!fromEnv.clientId && (fromEnv.clientSecret || fromEnv.clientType)) {
    throw new ConfigError(ENV_ID, t('config.idRequired', { secret: ENV_SECRET, type: ENV_TYPE }));
  }
  // The environment overrides the file as a whole: mixing an ID from one with a secret from the
  // other would pair values that were never meant to go together.
  const raw = fromEnv.clientId ? fromEnv : readConfigFile(env, options.configFile);
  if (!raw?.clientId) return null;

  const idMatch = CLIENT_ID.exec(raw.clientId);
  if (!idMatch) {
    throw new ConfigError(raw.source.id, t('config.badId'));
  }
  if (raw.clientType !== undefined && raw.clientType !== 'desktop' && raw.clientType !== 'ios') {
    throw new ConfigError(raw.source.type, t('config.badType'));
  }
  const clientType = (raw.clientType ?? (raw.clientSecret ? 'desktop' : 'ios')) as
    'desktop' | 'ios';
  if (clientType === 'ios' && raw.clientSecret) {
    throw new ConfigError(raw.source.secret, t('config.iosSecret'));
  }
  if (clientType === 'desktop' && !raw.clientSecret) {
    throw new ConfigError(raw.source.secret, t('config.secretRequired'));
  }
  if (raw.clientSecret !== undefined) {
    if (CLIENT_ID.test(raw.clientSecret) || !CLIENT_SECRET.test(raw.clientSecret)) {
      throw new ConfigError(raw.source.secret, t('config.badSecret'));
    }
    return {
      clientId: raw.clientId,
      clientSecret: raw.clientSecret,
      clientType,
      ...(raw.dpop !== undefined ? { dpop: raw.dpop } : {}),
    };
  }
  return {
    clientId: raw.clientId,
    clientType,
    ...(raw.dpop !== undefined ? { dpop: raw.dpop } : {}),
  };
}

/**
 * Whether new sign-ins bind their refresh token to a DPoP key: `LATCHKEY_DPOP` (`on`/`off`, also
 * `true`/`false`, `1`/`0`) wins over the config file's `"dpop"`; on when neither says.
 */
export function dpopSetting(env: NodeJS.ProcessEnv, fromFile: boolean | undefined): boolean {
  const raw = nonEmpty(env[ENV_DPOP])?.toLowerCase();
  if (raw === undefined) return fromFile ?? true;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new ConfigError(ENV_DPOP, t('config.badDpop'));
}

/** The reverse client ID Google assigns an iOS-type client as its redirect scheme. */
function reverseClientId(clientId: string): string {
  const match = CLIENT_ID.exec(clientId);
  if (!match?.[1]) throw new ConfigError(ENV_ID, t('config.badIdShort'));
  return `com.googleusercontent.apps.${match[1]}`;
}

/**
 * Builds the {@link AuthConfig} the core runs with. Throws {@link ConfigError} for bad settings,
 * or when no client is configured and no `demo` emulator was passed in.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): AuthConfig {
  const client = configuredClient(env, options);
  const dpop = dpopSetting(env, client?.dpop);
  // An explicit "on" in the environment also retries DPoP for a client that refused it once.
  const retry = dpop && nonEmpty(env[ENV_DPOP]) !== undefined ? { dpopRetry: true } : {};
  if (!client) {
    if (!options.demo) {
      throw new ConfigError(ENV_ID, t('config.noEmulator'));
    }
    const desktop = options.demo.clients.desktop;
    return {
      mode: 'demo',
      appId: APP_ID,
      keychainService: DEMO_KEYCHAIN_SERVICE,
      clientId: desktop.clientId,
      clientSecret: desktop.clientSecret,
      clientType: 'desktop',
      endpoints: { ...options.demo.endpoints },
      dpop,
      ...retry,
    };
  }
  const base = {
    mode: 'google' as const,
    appId: APP_ID,
    keychainService: APP_ID,
    clientId: client.clientId,
    endpoints: { ...GOOGLE_ENDPOINTS },
    dpop,
    ...retry,
  };
  if (client.clientType === 'ios') {
    return { ...base, clientType: 'ios', redirectScheme: reverseClientId(client.clientId) };
  }
  return { ...base, clientType: 'desktop', clientSecret: client.clientSecret };
}

/**
 * The custom URL scheme the app must register with the OS (packaging, `setAsDefaultProtocolClient`),
 * or null for a loopback (Desktop-type) client, which needs none.
 */
export function redirectSchemeFor(
  config: Pick<AuthConfig, 'clientType' | 'clientId' | 'redirectScheme'>,
): string | null {
  if (config.clientType !== 'ios') return null;
  return config.redirectScheme ?? reverseClientId(config.clientId);
}
