/**
 * `npm start --port 5000` (without `--`) gives npm the option: npm sets `npm_config_port=true`
 * and passes only `5000` on. Spotted here from npm's environment, so the person is told how to
 * write it instead of seeing their option ignored.
 */

/** The app's options npm would swallow, by their npm_config_* name. */
const OPTIONS: Record<string, string> = { port: '--port', open: '--no-open' };

/**
 * One sentence explaining the missing `--`, or null. `script`: the npm script (`start`,
 * `preview`); `args`: what reached the program (a swallowed `--port 5000` leaves `5000`).
 */
export function swallowedByNpm(
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  script = env.npm_lifecycle_event ?? 'start',
): string | null {
  if (env.npm_lifecycle_event === undefined) return null;
  const taken = Object.keys(OPTIONS).filter((name) => env[`npm_config_${name}`] !== undefined);
  if (taken.length === 0) return null;
  const parts = taken.map((name) =>
    name === 'port' && args[0] && /^\d+$/.test(args[0]) ? `--port ${args[0]}` : OPTIONS[name],
  );
  const run = script === 'start' ? 'npm start' : `npm run ${script}`;
  return (
    `npm kept ${parts.join(' and ')} for itself (options before \`--\` are npm's): ` +
    `run \`${run} -- ${parts.join(' ')}\` instead.`
  );
}
