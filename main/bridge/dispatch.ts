/**
 * The one dispatch step every bridge transport shares (Electron IPC in main/electron/ipc.ts, the browser
 * preview's WebSocket in preview/server.ts): look the method up in the contract, validate the
 * argument against its schema, call the handler, and turn anything that goes wrong into a
 * {@link Result}. It is THE catch between a handler and the window: whatever a handler throws is
 * answered here, once — with its contract meaning when {@link ExplainError} knows one (an auth
 * error's code, a Google failure), else INTERNAL. It never throws and never imports Electron, so
 * it runs in plain Node too.
 */
import { err, type ApiError, type Result } from '../../common/result.ts';
import { methodList, type Handlers, type Namespace } from '../../common/contract.ts';
import { redactText } from '../log/log.ts';
import { schemaOf } from './schemas.ts';
import { t } from '../../common/i18n/current.ts';

/** What a transport knows about a call before it is validated: nothing is trusted. */
export interface RawCall {
  namespace: unknown;
  method: unknown;
  input: unknown;
}

/**
 * Where dispatch reports handler failures: the method and a short, redacted summary of the error
 * (never the error object itself — a Gaxios error carries the request, headers included).
 */
export type DispatchErrorReporter = (method: string, summary: string) => void;

/**
 * What a thrown error means to a person, when it has a contract meaning; null for a bug (answered
 * INTERNAL). The host-neutral app supplies it (main/app/start.ts: the Google error mapping).
 */
export type ExplainError = (error: unknown) => ApiError | null;

/** Known (namespace, method) pairs, so a lookup never walks the prototype chain. */
const KNOWN = new Set(methodList().map(({ namespace, method }) => `${namespace}.${method}`));

/** Whether `namespace.method` is a method of the contract. */
export function isContractMethod(namespace: unknown, method: unknown): boolean {
  return (
    typeof namespace === 'string' &&
    typeof method === 'string' &&
    KNOWN.has(`${namespace}.${method}`)
  );
}

/** The message INTERNAL errors carry: details stay in the main process log. */
export const internalMessage = (): string => t('bridge.internal');

/**
 * Validates and runs one call. Unknown methods and bad arguments are INVALID_ARGUMENT; a handler
 * that throws (or resolves to something that is not a Result) is INTERNAL with a safe message.
 */
export async function dispatch(
  handlers: Handlers,
  call: RawCall,
  report: DispatchErrorReporter = () => {},
  explain: ExplainError = () => null,
): Promise<Result<unknown>> {
  if (!isContractMethod(call.namespace, call.method)) {
    return err('INVALID_ARGUMENT', t('bridge.unknownMethod'));
  }
  const namespace = call.namespace as Namespace;
  const method = call.method as string;
  const name = `${namespace}.${method}`;
  const parsed = schemaOf(namespace, method)?.safeParse(call.input);
  if (!parsed?.success) {
    return err('INVALID_ARGUMENT', t('bridge.badArguments', { method: name }));
  }
  const handler = (
    handlers[namespace] as Record<string, ((input: unknown) => unknown) | undefined>
  )[method];
  if (typeof handler !== 'function') {
    report(name, 'no handler registered');
    return err('INTERNAL', internalMessage());
  }
  try {
    const result = await handler(parsed.data);
    if (isResult(result)) return result;
    report(name, 'handler did not return a Result');
    return err('INTERNAL', internalMessage());
  } catch (error) {
    report(name, summarizeError(error));
    const meaning = explainSafely(explain, error);
    return meaning ? { ok: false, error: meaning } : err('INTERNAL', internalMessage());
  }
}

/** {@link ExplainError}, which must not become a second way to throw. */
function explainSafely(explain: ExplainError, error: unknown): ApiError | null {
  try {
    return explain(error);
  } catch {
    return null;
  }
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: unknown };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok !== false) return false;
  const error = candidate.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/** `Name: message`, capped and redacted like every log line (redactText), safe for the log. */
export function summarizeError(error: unknown): string {
  const text =
    error instanceof Error
      ? `${error.name}: ${error.message}`
      : // i18n-ignore: a summary for the log
        `non-error thrown (${typeof error})`;
  return redactText(text).slice(0, 300);
}
