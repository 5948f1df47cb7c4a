/**
 * Token endpoint faults during sign-in (500, 503, an answer slower than the time limit, a body
 * that is not JSON), switched on in the emulator while a second account is added next to one
 * already signed in. For each: the FlowResult code and message the window shows, one token request
 * (no retry storm), the signed-in account untouched, and nothing left of the failed one — no
 * pending flow, the loopback port closed, no metadata or keychain entry. Then sign-in works again.
 * (auth-signin.test.ts covers the endpoint being down and an invalid_grant answer, by code only.)
 * Run: scripts/with-keyring.sh npx vitest run test/integration/faults-signin.test.ts
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../main/auth/errors.ts';
import type { Fault } from '../../emulator/index.ts';
import {
  expectNothingLeftBehind,
  expectNothingLost,
  loopbackPortOf,
  survivors,
} from '../helpers/fault-checks.ts';
import { useHarness } from './auth-harness.ts';

const { h, hasKeychain } = await useHarness('faults-signin');

const UNSTEADY = 'Google’s sign-in service did not answer properly. Try again in a moment.';
/** The core's time limit for one request to Google in this file. */
const HTTP_TIMEOUT_MS = 1_500;

/**
 * `maxTokenRequests`: a 5xx may be retried (bounded); a request that timed out must not be sent
 * again — the authorization code is single-use, and Google may already have redeemed it (a second
 * use is refused and may revoke what the first one issued, RFC 6749 §4.1.2) — and each retry would
 * make the person wait another full time limit.
 */
const CASES: Array<{
  name: string;
  fault: Fault;
  code: string;
  message: string;
  maxTokenRequests: number;
}> = [
  {
    name: 'HTTP 500',
    fault: { endpoint: 'token', kind: 'status', status: 500 },
    code: 'NETWORK',
    message: UNSTEADY,
    maxTokenRequests: 4,
  },
  {
    name: 'HTTP 503',
    fault: { endpoint: 'token', kind: 'status', status: 503 },
    code: 'NETWORK',
    message: UNSTEADY,
    maxTokenRequests: 4,
  },
  {
    name: 'an answer slower than the time limit',
    fault: { endpoint: 'token', kind: 'slow', delayMs: HTTP_TIMEOUT_MS * 2 },
    code: 'NETWORK',
    message: MESSAGES.network,
    maxTokenRequests: 1,
  },
  {
    name: 'a body that is not JSON',
    fault: { endpoint: 'token', kind: 'malformed' },
    code: 'SIGN_IN_FAILED',
    message: MESSAGES.failed,
    maxTokenRequests: 1,
  },
];

describe.runIf(hasKeychain)('token endpoint faults during sign-in', () => {
  it.each(CASES)(
    '$name → $code, the other account kept, nothing left behind',
    async ({ name, fault, code, message, maxTokenRequests }) => {
      const vault = await h.vault();
      const metadata = h.metadata(`signin-${fault.kind}-${'status' in fault ? fault.status : ''}`);
      const core = h.core('desktop', { vault, metadata, httpTimeoutMs: HTTP_TIMEOUT_MS });
      await core.restore();
      const grace = await h.signIn(core, { email: 'grace@example.com' });
      expect(grace.result.ok).toBe(true);
      const before = await survivors(core, metadata, h.service);
      const ada = h.emulator.accounts.find((a) => a.email === 'ada@example.com')?.sub as string;

      h.emulator.resetStats();
      h.emulator.setFault(fault);
      let result;
      try {
        ({ result } = await h.signIn(core, { email: 'ada@example.com' }, () =>
          core.signIn({ purpose: 'add-account' }),
        ));
      } finally {
        h.emulator.setFault(null);
      }
      expect(result).toEqual({ ok: false, code, message });
      const tokenRequests = h.emulator.stats().requests.token;
      console.log(`sign-in, token endpoint ${name}: ${tokenRequests} token request(s) → ${code}`);
      expect(tokenRequests).toBeGreaterThanOrEqual(1);
      expect(tokenRequests).toBeLessThanOrEqual(maxTokenRequests);
      expect(core.state().notices).toEqual([]);
      await expectNothingLost(core, metadata, h.service, before);
      await expectNothingLeftBehind(core, metadata, h.service, {
        loopbackPort: loopbackPortOf(h.opened.at(-1) as string),
        absentId: ada,
      });

      // Google answers again: the same core adds Ada, and Grace's session still works.
      const again = await h.signIn(core, { email: 'ada@example.com' }, () =>
        core.signIn({ purpose: 'add-account' }),
      );
      expect(again.result).toMatchObject({ ok: true, account: { email: 'ada@example.com' } });
      const client = await core.clientFor(before.ids[0] as string);
      const info = await client.request<{ email: string }>({ url: h.emulator.endpoints.userinfo });
      expect(info.data.email).toBe('grace@example.com');
      for (const id of core.accounts().map((a) => a.id)) await core.signOut(id);
    },
  );
});
