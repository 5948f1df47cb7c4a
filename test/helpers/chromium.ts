/**
 * How tests launch Chromium: Playwright's own browser where it is installed, else the system
 * Chromium (Debian: /usr/bin/chromium). LATCHKEY_CHROMIUM overrides the path.
 */
import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';
import { chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Flags that keep Chromium off Google's hosts (this machine has no internet) and quiet. */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-gpu',
];

/** The executable to use, or undefined to let Playwright use its own download. */
export function chromiumExecutable(): string | undefined {
  const override = process.env.LATCHKEY_CHROMIUM;
  if (override) return override;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright's browser is not installed: fall through to the system one.
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path));
}

/** Launch options for Playwright's chromium.launch(). */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = chromiumExecutable();
  const args = [...QUIET_FLAGS];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return { headless: true, args, ...(executablePath ? { executablePath } : {}) };
}
