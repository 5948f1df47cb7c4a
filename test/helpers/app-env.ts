/**
 * The one set-up of the app under test, for both end-to-end hosts (test/helpers/preview.ts and
 * test/helpers/hosts.ts) and anything else that starts the app as a child process: demo mode
 * (no Google client, whatever the developer's shell has), the test keyring presented as the
 * person's keychain, English terminal lines, the demo Google's /__emulator/* test routes on (the scenarios drive its switches and the leak scan reads its secrets there), and no
 * ELECTRON_RUN_AS_NODE. One function, so the two hosts cannot drift apart again.
 */
import { EMULATOR_TEST_ROUTES_ENV } from '../../emulator/options.ts';

/** Environment variables that would point the app at a real Google client. */
export const CLIENT_VARIABLES = [
  'LATCHKEY_GOOGLE_CLIENT_ID',
  'LATCHKEY_GOOGLE_CLIENT_SECRET',
  'LATCHKEY_GOOGLE_CLIENT_TYPE',
  'LATCHKEY_CONFIG',
] as const;

/**
 * The environment for the app under test: `base` (default: this process's) without a Google
 * client or ELECTRON_RUN_AS_NODE, with the test routes on, then `extra` (a value of undefined
 * removes that variable, e.g. DBUS_SESSION_BUS_ADDRESS for a memory-only run), then `host`
 * (each host's own folders), which nothing can override.
 */
export function appUnderTestEnv(
  host: Record<string, string>,
  extra: NodeJS.ProcessEnv = {},
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  // The test run's keyring stands in for the person's keychain: the app is not told it was
  // started for this run (LATCHKEY_KEYRING_STARTED), so it shows what a desktop shows.
  // Its terminal lines (which the harness reads) in English whatever the developer's shell says;
  // the window's language comes from the browser (the scenarios set it) or the setting.
  const merged: NodeJS.ProcessEnv = {
    ...base,
    [EMULATOR_TEST_ROUTES_ENV]: '1',
    LC_MESSAGES: 'C.UTF-8',
    ...extra,
  };
  for (const name of [
    ...CLIENT_VARIABLES,
    'ELECTRON_RUN_AS_NODE',
    'LATCHKEY_KEYRING_STARTED',
    'LC_ALL',
    'LANGUAGE',
  ]) {
    delete merged[name];
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) if (value !== undefined) env[name] = value;
  return { ...env, ...host };
}
