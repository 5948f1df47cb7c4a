/**
 * The bridge under hostile arguments: every channel of the contract, through the one dispatch that
 * Electron IPC and the preview's WebSocket share, over the real service and a real signed-in core
 * (emulator, real keychain). Generated arguments of wrong types and shapes — near misses of the
 * valid ones included — are all answered INVALID_ARGUMENT; no handler runs, no promise is left
 * rejected unhandled, and the main process's state, metadata, keychain and Google traffic are
 * exactly as before.
 * Run: scripts/with-keyring.sh npx vitest run test/integration/hostile-bridge.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../main/bridge/dispatch.ts';
import { createService } from '../../main/app/service.ts';
import { methodList, type Handlers, type Namespace } from '../../common/contract.ts';
import { inputSchemas } from '../../main/bridge/schemas.ts';
import { keychainFingerprints } from '../helpers/keychain-entries.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('hostile-bridge');

const RUNS_PER_CHANNEL = 400;
const SEED = 0xb41d6e;

type Schema = { safeParse(value: unknown): { success: boolean } };
const schemaOf = (namespace: Namespace, method: string): Schema =>
  (inputSchemas[namespace] as Record<string, Schema>)[method] as Schema;

/** Values that are wrong for some field while looking almost right. */
const nearMissValues = fc.constantFrom<unknown>(
  '',
  'x'.repeat(256),
  'x'.repeat(321),
  'q'.repeat(201),
  42,
  0,
  -1,
  1.5,
  32,
  1e9,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '7',
  'true',
  'Calendar',
  'calendar ',
  'gmail',
  null,
  true,
  ['id'],
  { id: 'x' },
  10n,
  new Date(0),
  new Map([['accountId', 'x']]),
);
const FIELDS = [
  'accountId',
  'feature',
  'days',
  'query',
  'loginHint',
  'refresh',
  'extra',
  'constructor',
];

/** Objects with the contract's field names and wrong values, extra keys or polluting keys. */
const nearMissObjects = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), fc.oneof(nearMissValues, fc.anything()), {
    minKeys: 1,
    maxKeys: 4,
  }),
  fc.constantFrom(...FIELDS).map((field) => JSON.parse(`{"__proto__":{"${field}":"x"}}`)),
  fc.constant(JSON.parse('{"accountId":"1","__proto__":{"admin":true}}')),
  fc.constant(JSON.parse('{"feature":"calendar","constructor":{"prototype":{"x":1}}}')),
  fc.constant({ feature: 'calendar', accountId: '1', days: 7 }),
  fc.constant([{ accountId: '1' }]),
);

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  maxDepth: 3,
});

/** Arguments the method's schema refuses (the filter is the contract itself). */
const invalidFor = (schema: Schema) =>
  fc
    .oneof({ arbitrary: nearMissObjects, weight: 3 }, { arbitrary: anything, weight: 2 })
    .filter((value) => !schema.safeParse(value).success);

describe.runIf(hasKeychain)('hostile bridge arguments', () => {
  it('every channel: generated wrong arguments → INVALID_ARGUMENT, nothing runs, nothing changes', async () => {
    const vault = await h.vault();
    const metadata = h.metadata('bridge');
    const core = h.core('ios', { vault, metadata });
    await core.restore();
    const { result } = await h.signIn(core, { email: 'ada@example.com' });
    expect(result.ok).toBe(true);
    const service = createService(core, { metadata, logger: h.log.logger });

    // Every handler is the real one behind a recorder.
    const invoked: string[] = [];
    const handlers: Record<string, Record<string, (input: unknown) => unknown>> = {};
    for (const { namespace, method } of methodList()) {
      const real = (service.handlers[namespace] as Record<string, (input: unknown) => unknown>)[
        method
      ] as (input: unknown) => unknown;
      (handlers[namespace] ??= {})[method] = (input) => {
        invoked.push(`${namespace}.${method}`);
        return real(input);
      };
    }
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);

    const stateBefore = JSON.stringify(core.state());
    const metadataBefore = JSON.stringify(metadata.get('auth'));
    const entries = [core.activeId() as string, 'pending-revocations'];
    const keychainBefore = JSON.stringify(await keychainFingerprints(h.service, entries));
    expect(keychainBefore).toMatch(/^\["sha256:/);
    h.emulator.resetStats();
    const statsBefore = JSON.stringify(h.emulator.stats());

    const perChannel: Record<string, number> = {};
    try {
      for (const { namespace, method } of methodList()) {
        let n = 0;
        await fc.assert(
          fc.asyncProperty(invalidFor(schemaOf(namespace, method)), async (input) => {
            n += 1;
            const answer = await dispatch(handlers as unknown as Handlers, {
              namespace,
              method,
              input,
            });
            expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
            if (!answer.ok) {
              expect(answer.error.message).toBe(
                `The arguments of ${namespace}.${method} do not match the contract.`,
              );
            }
          }),
          { numRuns: RUNS_PER_CHANNEL, seed: SEED },
        );
        perChannel[`${namespace}.${method}`] = n;
      }
      // Let any stray promise surface before looking: Node reports unhandled rejections once the
      // microtasks run out, before the next event-loop phase.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
      service.dispose();
    }

    const total = Object.values(perChannel).reduce((a, b) => a + b, 0);
    console.log(
      `bridge: ${total} generated calls over ${Object.keys(perChannel).length} channels → INVALID_ARGUMENT`,
    );
    expect(Object.keys(perChannel).sort()).toEqual(
      methodList()
        .map(({ namespace, method }) => `${namespace}.${method}`)
        .sort(),
    );
    expect(invoked).toEqual([]);
    expect(unhandled).toEqual([]);
    expect(JSON.stringify(core.state())).toBe(stateBefore);
    expect(JSON.stringify(metadata.get('auth'))).toBe(metadataBefore);
    expect(JSON.stringify(await keychainFingerprints(h.service, entries))).toBe(keychainBefore);
    expect(JSON.stringify(h.emulator.stats())).toBe(statsBefore);

    // The same bridge still serves a valid call afterwards.
    const accounts = await dispatch(handlers as unknown as Handlers, {
      namespace: 'auth',
      method: 'accounts',
      input: undefined,
    });
    expect(accounts).toMatchObject({ ok: true, value: { activeId: core.activeId() } });
    expect(invoked).toEqual(['auth.accounts']);
  });
});
