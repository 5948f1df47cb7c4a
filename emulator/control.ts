/**
 * /__emulator/*: the test switches over HTTP, for tests that run the emulator in another process.
 * They exist only in the emulator (Google has nothing like them), and only when it was started
 * with `testRoutes: true` (tests, `npm run emulator`; never the app's demo mode).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http.ts';
import type { Emulator } from './index.ts';
import { faultProblem } from './state.ts';
import type { Fault } from './state.ts';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  return text.trim() === '' ? null : JSON.parse(text);
}

/** Serves /__emulator/*; returns false when the path is not one of its routes. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  emulator: Emulator,
): Promise<boolean> {
  const route = `${req.method ?? 'GET'} ${pathname}`;
  // A page in a browser can post a form (or text/plain) anywhere without asking; JSON needs a
  // CORS preflight, which this server never grants. So switches only flip for JSON requests.
  if (req.method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 415, { error: 'switches take application/json' });
    return true;
  }
  try {
    switch (route) {
      case 'GET /__emulator/stats':
        sendJson(res, 200, emulator.stats());
        return true;
      case 'GET /__emulator/token-timings':
        sendJson(res, 200, emulator.tokenTimings());
        return true;
      case 'POST /__emulator/reset-stats':
        emulator.resetStats();
        sendJson(res, 200, { ok: true });
        return true;
      case 'GET /__emulator/secrets':
        sendJson(res, 200, emulator.secretsSeen());
        return true;
      case 'POST /__emulator/fault': {
        const fault = await readJson(req);
        const problem = faultProblem(fault);
        if (problem) {
          sendJson(res, 400, { error: problem });
        } else {
          emulator.setFault(fault as Fault | null);
          sendJson(res, 200, { ok: true });
        }
        return true;
      }
      case 'POST /__emulator/token-ttl': {
        const { seconds } = ((await readJson(req)) ?? {}) as { seconds?: unknown };
        if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1) {
          sendJson(res, 400, { error: 'seconds must be a positive integer' });
        } else {
          emulator.setAccessTokenTtl(seconds);
          sendJson(res, 200, { ok: true });
        }
        return true;
      }
      case 'POST /__emulator/dpop': {
        const body = ((await readJson(req)) ?? {}) as Record<string, unknown>;
        const { nonce, strict, refuse } = body;
        const nonceOk =
          nonce === undefined ||
          typeof nonce === 'boolean' ||
          nonce === 'steady' ||
          nonce === 'rotating';
        const flagsOk = [strict, refuse].every((v) => v === undefined || typeof v === 'boolean');
        if (!nonceOk || !flagsOk) {
          sendJson(res, 400, { error: 'nonce: boolean|steady|rotating; strict, refuse: boolean' });
        } else {
          if (nonce !== undefined) emulator.setDpopNonce(nonce as boolean | 'steady' | 'rotating');
          emulator.setDpop({
            ...(strict !== undefined ? { strict: strict as boolean } : {}),
            ...(refuse !== undefined ? { refuse: refuse as boolean } : {}),
          });
          sendJson(res, 200, { ok: true });
        }
        return true;
      }
      case 'POST /__emulator/revoke-grants': {
        const { email } = ((await readJson(req)) ?? {}) as { email?: unknown };
        if (typeof email !== 'string') {
          sendJson(res, 400, { error: 'email must be a string' });
        } else {
          sendJson(res, 200, { ok: true, revoked: emulator.revokeGrantsFor(email) });
        }
        return true;
      }
      default:
        return false;
    }
  } catch (error) {
    sendJson(res, 400, { error: error instanceof Error ? error.message : 'bad request' });
    return true;
  }
}
