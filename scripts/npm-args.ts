/**
 * `npm start --port 5000` (without `--`) gives npm the option: npm sets `npm_config_port=true`
 * and passes only `5000` on. Spotted here from npm's environment, so the person is told how to
 * write it instead of seeing their option ignored.
 */
import { terminalTranslator, type Translator } from '../common/i18n/index.ts';

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
  say: Translator = terminalTranslator(env),
): string | null {
  if (env.npm_lifecycle_event === undefined) return null;
  const taken = Object.keys(OPTIONS).filter((name) => env[`npm_config_${name}`] !== undefined);
  if (taken.length === 0) return null;
  const parts = taken.map((name) =>
    name === 'port' && args[0] && /^\d+$/.test(args[0])
      ? `--port ${args[0]}`
      : (OPTIONS[name] ?? name),
  );
  // i18n-ignore: commands
  const run = script === 'start' ? 'npm start' : `npm run ${script}`;
  return say.t('terminal.npmKept', {
    options: say.list(parts),
    command: `${run} -- ${parts.join(' ')}`,
  });
}
