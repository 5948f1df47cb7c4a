/** Plays a fault switched on by a test: an error status, a delay, a broken body, a dead socket. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { googleApiError, googleApiErrorHeaders } from './api-errors.ts';
import { sendJson } from './http.ts';
import type { Fault } from './state.ts';

/** Answers per the fault; returns true when the request is done, false to carry on normally. */
export async function playFault(
  fault: Fault,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  switch (fault.kind) {
    case 'slow':
      await delay(fault.delayMs);
      return false;
    case 'down':
      // No answer at all: what a dropped connection or a crashed server looks like.
      req.socket.destroy();
      return true;
    case 'malformed':
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return true;
    case 'invalid_grant':
      sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: 'Token has been expired or revoked.',
      });
      return true;
    case 'status': {
      if (fault.endpoint === 'api') {
        sendJson(
          res,
          fault.status,
          googleApiError(fault.status, {}, fault.reason),
          googleApiErrorHeaders(fault.status, fault.reason),
        );
        return true;
      }
      const error =
        fault.status === 401
          ? 'invalid_client'
          : fault.status >= 500
            ? 'internal_failure'
            : 'invalid_request';
      const headers: Record<string, string> =
        fault.status === 429 || fault.status === 503 ? { 'retry-after': '1' } : {};
      sendJson(
        res,
        fault.status,
        { error, error_description: `Injected fault: HTTP ${fault.status}` },
        headers,
      );
      return true;
    }
  }
}
