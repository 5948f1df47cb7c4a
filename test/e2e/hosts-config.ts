/**
 * Which hosts the end-to-end suite runs against, from LATCHKEY_E2E_HOST:
 * - unset: both projects; the Electron one is skipped (saying why) where its runtime is missing;
 * - `preview`: the browser preview only;
 * - `electron`: the Electron app only, and its runtime must be there;
 * - `both`: both, and the Electron runtime must be there (CI runners).
 */
import type { HostName } from '../helpers/hosts.ts';

const CHOICES = ['preview', 'electron', 'both'] as const;

function choice(): (typeof CHOICES)[number] | undefined {
  const value = process.env.LATCHKEY_E2E_HOST?.trim();
  if (!value) return undefined;
  if (!(CHOICES as readonly string[]).includes(value)) {
    throw new Error(`LATCHKEY_E2E_HOST must be one of ${CHOICES.join(', ')} (got "${value}")`);
  }
  return value as (typeof CHOICES)[number];
}

/** The hosts to run, as Playwright project names. */
export function selectedHosts(): HostName[] {
  const chosen = choice();
  if (chosen === 'preview') return ['preview'];
  if (chosen === 'electron') return ['electron'];
  return ['preview', 'electron'];
}

/** Whether the Electron runtime was asked for explicitly (then missing it is an error). */
export function electronRequired(): boolean {
  const chosen = choice();
  return chosen === 'electron' || chosen === 'both';
}
