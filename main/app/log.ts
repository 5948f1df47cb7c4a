/**
 * A JSON-lines {@link Logger} that redacts anything token-like before it is written.
 *
 * The auth core never hands a token, authorization code or PKCE verifier to the logger; this
 * redaction is defence in depth against a future mistake (an error message that embeds a URL, a
 * response body logged while debugging).
 */
import type { Logger } from '../auth/types.ts';

/** Where lines go: anything with `write(string)` (process.stderr, a file stream, a test buffer). */
export interface LineSink {
  write(chunk: string): unknown;
}

export interface LoggerOptions {
  /** Lines are written here, one JSON object per line. */
  stream: LineSink;
  /** Extra fields on every line (e.g. `{ component: 'auth' }`). */
  base?: Record<string, unknown>;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

export const REDACTED = '[redacted]';

/** Keys whose values are secrets whatever they look like (compared without `_`, `-`, case). */
const SECRET_KEY_PARTS = [
  'token',
  'secret',
  'verifier',
  'password',
  'authorization',
  'cookie',
  'credential',
  'assertion',
  'apikey',
];
const SECRET_KEYS = new Set(['code', 'authcode', 'authorizationcode', 'state', 'nonce', 'rt']);

/** True when a field named `key` must never be logged. */
export function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS.has(normalized) || SECRET_KEY_PARTS.some((part) => normalized.includes(part));
}

/** Shapes of secrets inside free text, most specific first. */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // Secret-bearing query or form parameters: keep the name, drop the value.
  [
    /\b(code|state|nonce|token|access_token|refresh_token|id_token|code_verifier|code_challenge|client_secret|assertion)=[^&\s#"']*/gi,
    `$1=${REDACTED}`,
  ],
  // Authorization headers.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // JWTs (id_tokens): three base64url segments, the first a JSON header.
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // Google access tokens, refresh tokens, authorization codes, client secrets.
  [/ya29\.[A-Za-z0-9._-]+/g, REDACTED],
  [/1\/\/[A-Za-z0-9._-]+/g, REDACTED],
  [/\b4\/[A-Za-z0-9._-]{10,}/g, REDACTED],
  [/GOCSPX-[A-Za-z0-9_-]+/g, REDACTED],
  // Long opaque base64url runs: PKCE verifiers, opaque tokens and codes of other issuers.
  [/[A-Za-z0-9_-]{32,}/g, REDACTED],
];

/** Redacts token-shaped substrings of `text`. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 6;
const MAX_STRING = 2_000;

/** Deep copy of `value` with secret-named fields and token-shaped strings redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    const capped = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
    return redactText(capped);
  }
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol'
      ? String(value)
      : value;
  }
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    // Only the name and the (redacted) message: stacks, causes and attached request configs of
    // HTTP errors can carry request bodies.
    return { name: value.name, message: redact(value.message, depth + 1) };
  }
  if (value instanceof URL) return redactText(value.href);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item != null && item !== '' ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

/** Creates a {@link Logger} writing redacted JSON lines to `options.stream`. */
export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const base = options.base ?? {};
  const write = (level: 'info' | 'warn' | 'error', message: string, fields?: object): void => {
    const line = {
      time: new Date(now()).toISOString(),
      level,
      ...(redact(base) as object),
      msg: redactText(message),
      ...(fields ? (redact(fields) as object) : {}),
    };
    try {
      options.stream.write(`${JSON.stringify(line)}\n`);
    } catch {
      // A broken log sink must never break sign-in.
    }
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** A logger that drops everything (for callers that want silence). */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
