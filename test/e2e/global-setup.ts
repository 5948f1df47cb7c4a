/**
 * Runs once before the end-to-end suite: finds Electron's runtime for the Electron project and
 * says — once — whether that project runs or why it is skipped. Where LATCHKEY_E2E_HOST asks
 * for Electron explicitly (`electron`, `both`: CI runners), a missing runtime fails the run
 * instead: there, skipping would hide that the real app was never tested.
 * Workers read the answer from LATCHKEY_E2E_ELECTRON_PATH / LATCHKEY_E2E_ELECTRON_MISSING.
 */
import type { FullConfig } from '@playwright/test';
import { electronBinary } from '../../scripts/start.ts';
import { electronRequired } from './hosts-config.ts';

export default function globalSetup(config: FullConfig): void {
  if (!config.projects.some((project) => project.name === 'electron')) return;
  const binary = electronBinary();
  if ('path' in binary) {
    process.env.LATCHKEY_E2E_ELECTRON_PATH = binary.path;
    console.log(`Electron host: runtime found (${binary.path}); every scenario runs in the app.`);
    return;
  }
  // The first sentence is the reason; the rest of electron's message is install advice.
  const reason = binary.missing.split('. ')[0]?.replace(/\.$/, '') ?? binary.missing;
  if (electronRequired()) {
    throw new Error(`LATCHKEY_E2E_HOST asks for Electron, but its runtime is missing: ${reason}`);
  }
  process.env.LATCHKEY_E2E_ELECTRON_MISSING = reason;
  console.log(
    `Electron host SKIPPED: no Electron runtime on this machine (${reason}). ` +
      'Its tests are reported as skipped, not passed; the preview host runs every scenario.',
  );
}
