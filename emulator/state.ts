/**
 * What tests can switch and inspect: the current fault, the access-token lifetime, request
 * counters and every secret the emulator issued or received.
 */

import type { ApiErrorReason } from './api-errors.ts';
import { isApiErrorReason } from './api-errors.ts';

/** Names under which requests are counted in `stats().requests`. */
export type EndpointName =
  | 'discovery'
  | 'authorize'
  | 'token'
  | 'revoke'
  | 'userinfo'
  | 'certs'
  | 'calendar.events'
  | 'drive.files'
  | 'tasks.lists'
  | 'tasks.tasks';

/** Where a fault applies: 'api' covers the Calendar, Drive and Tasks stand-ins. */
export type FaultEndpoint = 'token' | 'revoke' | 'userinfo' | 'api';

/** A fault the emulator injects until cleared or until it has fired `times` times. */
export type Fault =
  | {
      endpoint: FaultEndpoint;
      kind: 'status';
      status: number;
      /** For `api` only: the reason in Google's error body (e.g. a 403 `rateLimitExceeded`). */
      reason?: ApiErrorReason;
      times?: number;
    }
  | { endpoint: FaultEndpoint; kind: 'slow'; delayMs: number; times?: number }
  | { endpoint: 'token'; kind: 'malformed'; times?: number }
  | { endpoint: 'token'; kind: 'invalid_grant'; times?: number }
  | { endpoint: 'revoke' | 'token' | 'api'; kind: 'down'; times?: number };

export interface EmulatorStats {
  requests: Record<EndpointName, number>;
  tokensIssued: { access: number; refresh: number; id: number };
  /** Tokens revoked through the revoke endpoint (known tokens only). */
  tokensRevoked: number;
}

const ENDPOINT_NAMES: EndpointName[] = [
  'discovery',
  'authorize',
  'token',
  'revoke',
  'userinfo',
  'certs',
  'calendar.events',
  'drive.files',
  'tasks.lists',
  'tasks.tasks',
];

function emptyStats(): EmulatorStats {
  return {
    requests: Object.fromEntries(ENDPOINT_NAMES.map((name) => [name, 0])) as Record<
      EndpointName,
      number
    >,
    tokensIssued: { access: 0, refresh: 0, id: 0 },
    tokensRevoked: 0,
  };
}

const FAULT_ENDPOINTS = new Set(['token', 'revoke', 'userinfo', 'api']);

/** Checks a fault that came over HTTP; returns a message when it is not one. */
export function faultProblem(value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof value !== 'object') return 'a fault is an object or null';
  const fault = value as Record<string, unknown>;
  if (!FAULT_ENDPOINTS.has(String(fault.endpoint))) return 'unknown endpoint';
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && Number(fault.times) > 0)) {
    return 'times must be a positive integer';
  }
  switch (fault.kind) {
    case 'status':
      if (!(Number.isInteger(fault.status) && Number(fault.status) >= 400)) return 'bad status';
      if (fault.reason === undefined) return undefined;
      if (fault.endpoint !== 'api') return 'reason applies to api only';
      return isApiErrorReason(fault.reason) ? undefined : 'unknown reason';
    case 'slow':
      return Number.isFinite(fault.delayMs) && Number(fault.delayMs) >= 0
        ? undefined
        : 'bad delayMs';
    case 'malformed':
    case 'invalid_grant':
      return fault.endpoint === 'token' ? undefined : `${fault.kind} applies to token only`;
    case 'down':
      return fault.endpoint === 'userinfo' ? 'down applies to revoke, token and api' : undefined;
    default:
      return 'unknown kind';
  }
}

/** How long the token endpoint took to answer, in ms, with a DPoP proof and without (newest last). */
export interface TokenTimings {
  withProof: number[];
  withoutProof: number[];
}

/** The most answer times kept per kind (enough for a benchmark's runs). */
const TIMINGS_KEPT = 1_000;

export class EmulatorState {
  #fault: Fault | null = null;
  #stats = emptyStats();
  #timings: TokenTimings = { withProof: [], withoutProof: [] };
  readonly #secrets = new Set<string>();
  /** Lifetime in seconds of access tokens issued from now on. */
  accessTokenTtl = 3600;

  setFault(fault: Fault | null): void {
    this.#fault = fault === null ? null : { ...fault };
  }

  /** The fault for this request, if one applies; counts it against `times`. */
  takeFault(endpoint: FaultEndpoint): Fault | undefined {
    const fault = this.#fault;
    if (!fault || fault.endpoint !== endpoint) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.#fault = null;
    }
    return fault;
  }

  countRequest(name: EndpointName): void {
    this.#stats.requests[name] += 1;
  }

  countIssued(kind: 'access' | 'refresh' | 'id'): void {
    this.#stats.tokensIssued[kind] += 1;
  }

  countRevoked(): void {
    this.#stats.tokensRevoked += 1;
  }

  stats(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  resetStats(): void {
    this.#stats = emptyStats();
    this.#timings = { withProof: [], withoutProof: [] };
  }

  /** Records how long one token endpoint request took (the server's side of a DPoP check). */
  noteTokenTime(withProof: boolean, ms: number): void {
    const list = withProof ? this.#timings.withProof : this.#timings.withoutProof;
    list.push(ms);
    if (list.length > TIMINGS_KEPT) list.shift();
  }

  timings(): TokenTimings {
    return structuredClone(this.#timings);
  }

  /** Remembers a token, code or verifier so leak scans can look for it. */
  sawSecret(value: unknown): void {
    if (typeof value === 'string' && value.length > 0) this.#secrets.add(value);
  }

  secretsSeen(): string[] {
    return [...this.#secrets];
  }
}
