/**
 * The runtime schemas of every bridge method's single argument. Main validates each call against
 * these before a handler runs (TypeScript types do not survive IPC or a WebSocket). They live in
 * main, not in the contract, so neither the sandboxed preload nor the renderer carries zod.
 *
 * The type at the bottom makes the compiler check both directions: every method of the contract
 * has a schema, no schema exists for a method the contract lacks, and each schema's parsed type
 * is exactly the contract's input type.
 */
import { z } from 'zod';
import { FEATURES } from '../../common/features.ts';
import { LANGUAGE_CHOICES } from '../../common/i18n/locales.ts';
import { type InputOf, type MethodOf, type Namespace } from '../../common/contract.ts';

const accountId = z.string().min(1).max(255);

/** A high surrogate without its low one, or a low one without its high one (code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string with no lone surrogate (text a person could have typed, which a URL can carry). */
function wellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
// i18n-ignore: zod's reason, for the log (the caller gets bridge.badArguments)
const NOT_TEXT = 'not well-formed text';
const feature = z.enum(FEATURES);
/** A proxy question's id (main makes them: 32 hex digits). */
const promptId = z.string().regex(/^[0-9a-f]{32}$/);
const noInput = z.undefined();

/** One schema per contract method, by namespace and method. */
export const inputSchemas = {
  auth: {
    signIn: z
      .object({ loginHint: z.string().max(320).refine(wellFormed, NOT_TEXT).optional() })
      .strict()
      .optional(),
    addAccount: noInput,
    cancel: noInput,
    reopen: noInput,
    signOut: z.object({ accountId }).strict(),
    accounts: noInput,
    setActive: z.object({ accountId }).strict(),
    dismissNotice: z.object({ noticeId: z.string().min(1).max(200) }).strict(),
  },
  profile: {
    get: z
      .object({ accountId: accountId.optional(), refresh: z.boolean().optional() })
      .strict()
      .optional(),
  },
  features: {
    connect: z.object({ feature, accountId: accountId.optional() }).strict(),
    disconnect: z.object({ feature, accountId: accountId.optional() }).strict(),
  },
  calendar: {
    upcoming: z
      .object({ accountId: accountId.optional(), days: z.number().int().min(1).max(31).optional() })
      .strict()
      .optional(),
  },
  drive: {
    recent: z
      .object({ accountId: accountId.optional(), query: z.string().max(200).optional() })
      .strict()
      .optional(),
  },
  tasks: {
    open: z.object({ accountId: accountId.optional() }).strict().optional(),
  },
  settings: {
    security: noInput,
    language: z
      .object({ preferred: z.array(z.string().min(1).max(64)).max(32).optional() })
      .strict()
      .optional(),
    setLanguage: z.object({ choice: z.enum(LANGUAGE_CHOICES) }).strict(),
  },
  updates: {
    status: noInput,
    check: noInput,
    restart: noInput,
    setAutomatic: z.object({ automatic: z.boolean() }).strict(),
  },
  proxy: {
    prompt: noInput,
    answer: z.union([
      z
        .object({
          id: promptId,
          username: z.string().min(1).max(256).refine(wellFormed, NOT_TEXT),
          password: z.string().min(1).max(1024).refine(wellFormed, NOT_TEXT),
          remember: z.boolean(),
        })
        .strict(),
      z.object({ id: promptId, cancel: z.literal(true) }).strict(),
    ]),
    saved: noInput,
    forget: z.object({ proxy: z.string().min(1).max(300), realm: z.string().max(200) }).strict(),
  },
} as const satisfies { [N in Namespace]: { [M in MethodOf<N>]: z.ZodType } };

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Schemas = typeof inputSchemas;
/** `true` only when the schemas and the contract agree exactly (see the file comment). */
type SchemasMatchContract = {
  [N in Namespace]: Equal<keyof Schemas[N], MethodOf<N>> extends true
    ? {
        [M in MethodOf<N>]: Equal<z.output<Schemas[N][M & keyof Schemas[N]]>, InputOf<N, M>>;
      }[MethodOf<N>]
    : false;
}[Namespace];
const schemasMatchContract: SchemasMatchContract = true;
void schemasMatchContract;

/** The schema of `namespace.method`, or undefined for anything that is not a contract method. */
export function schemaOf(
  namespace: Namespace,
  method: string,
): { safeParse(value: unknown): { success: boolean; data?: unknown } } | undefined {
  const methods = inputSchemas[namespace] as Record<string, z.ZodType>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}
