/**
 * Logging, the floor every other room of main/ stands on (it imports none of them): the
 * {@link Logger} port, and a logger that redacts anything token-like before it is written —
 * JSON lines for machines (pipes, files, CI, `LATCHKEY_LOG=json`), one readable line per event
 * for a person at a terminal — plus {@link redactText} for any text that leaves the process.
 *
 * The auth core never hands a token, authorization code or PKCE verifier to the logger; this
 * redaction is defence in depth against a future mistake (an error message that embeds a URL, a
 * response body logged while debugging).
 */

/** Port: where log lines go. The core never passes a token, code or verifier to it. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Where lines go: anything with `write(string)` (process.stderr, a file stream, a test buffer). */
export interface LineSink {
  write(chunk: string): unknown;
  /** True for a terminal (as on `process.stderr`): lines are then written for a person. */
  isTTY?: boolean;
}

/** `json`: one JSON object per line. `text`: `12:04:31 WARN  message  key=value`. */
export type LogFormat = 'json' | 'text';

export interface LoggerOptions {
  /** Lines are written here, one JSON object per line. */
  stream: LineSink;
  /** Extra fields on every line (e.g. `{ component: 'auth' }`). */
  base?: Record<string, unknown>;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** Forces a format; by default {@link logFormat} decides from the stream and the environment. */
  format?: LogFormat;
  /** The environment read for `LATCHKEY_LOG` (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The format for a stream: `LATCHKEY_LOG=json` (or `text`) wins; otherwise text on a terminal
 * and JSON anywhere else, so logs captured by tests, CI or a file stay machine-readable.
 */
export function logFormat(
  stream: LineSink,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LogFormat {
  const asked = env.LATCHKEY_LOG?.trim().toLowerCase();
  if (asked === 'json') return 'json';
  if (asked === 'text' || asked === 'pretty') return 'text';
  return stream.isTTY === true ? 'text' : 'json';
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

type Level = 'info' | 'warn' | 'error';

/** A field value for a text line: bare when it is one plain word, JSON otherwise. */
function textValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * One text line: local time, level, message, then the fields as `key=value`. Everything in it
 * has already been through {@link redact}; control characters are escaped so a value cannot
 * forge a second line or move the cursor.
 */
function textLine(time: Date, level: Level, message: string, fields: Record<string, unknown>) {
  const clock = time.toTimeString().slice(0, 8);
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${textValue(value)}`);
  const text = [`${clock} ${level.toUpperCase().padEnd(5)} ${message}`, ...pairs].join('  ');
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}

/** Creates a {@link Logger} writing redacted lines (JSON or text, see {@link logFormat}). */
export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const base = options.base ?? {};
  const format = options.format ?? logFormat(options.stream, options.env);
  const write = (level: Level, message: string, fields?: object): void => {
    const time = new Date(now());
    const msg = redactText(message);
    const redactedBase = redact(base) as Record<string, unknown>;
    const redactedFields = fields ? (redact(fields) as Record<string, unknown>) : {};
    const line =
      format === 'text'
        ? textLine(time, level, msg, { ...redactedBase, ...redactedFields })
        : JSON.stringify({
            time: time.toISOString(),
            level,
            ...redactedBase,
            msg,
            ...redactedFields,
          });
    try {
      options.stream.write(`${line}\n`);
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
