/**
 * `npm run preview` (and `npm start` where Electron's runtime is missing): the browser preview.
 *
 *   npm run preview -- [--port <n>] [--no-open]   (node preview/cli.ts underneath)
 *
 * Never prints nor passes on a command line the page's URL (it carries the per-launch secret):
 * writes it into a launcher file readable only by this user, in the data folder, and prints and
 * opens that file's path (as Jupyter does; see announce.ts). Prints every sign-in URL it asks the
 * system browser to open (so a person on a headless machine can copy it), and in demo mode runs
 * the local Google emulator too. LATCHKEY_DATA_DIR sets the data folder (default .latchkey-dev/).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../main/log/log.ts';
import { swallowedByNpm } from '../scripts/npm-args.ts';
import { FEATURE_INFO } from '../common/features.ts';
import { announcePreview, announceSignIn } from './announce.ts';
import type { AnnounceOptions } from './announce.ts';
import { alreadyRunning, removeLock, runningPreview, writeLock } from './instance-lock.ts';
import { removeLauncher } from './launcher.ts';
import { startPreview } from './server.ts';

const USAGE =
  'usage: npm start -- [--port <n>] [--no-open]   (npm run preview -- … starts the browser preview directly)';

/** A problem a person can fix from one sentence: printed without a stack trace. */
class UsageError extends Error {}

function parse(): { port: number; open: boolean } {
  const swallowed = swallowedByNpm(process.env, process.argv.slice(2));
  if (swallowed) throw new UsageError(swallowed);
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'no-open': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)} (${USAGE})`);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535 (${USAGE})`);
  }
  return { port, open: !values['no-open'] };
}

async function main(): Promise<void> {
  const { port, open } = parse();
  const dataDir = resolve(
    process.env.LATCHKEY_DATA_DIR || resolve(import.meta.dirname, '../.latchkey-dev'),
  );
  const running = runningPreview(dataDir);
  if (running) throw new UsageError(alreadyRunning(dataDir, running));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeLock(dataDir);
  process.on('exit', () => removeLock(dataDir));
  const announce: AnnounceOptions = { dataDir, open, print: (line) => console.log(line) };
  const launchers = new Set<string>();
  const preview = await startPreview({
    port,
    dataDir,
    logger: createLogger({ stream: process.stderr, base: { process: 'preview' } }),
    onAuthorizationUrl: (url) => {
      // The flow is listed before its page is opened: a connect flow is announced as connecting.
      const flow = preview.latchkey.core.state().flow;
      const connecting =
        flow?.purpose === 'connect' && flow.feature
          ? FEATURE_INFO[flow.feature].product
          : undefined;
      announceSignIn(url, announce, connecting).then(
        (path) => launchers.add(path),
        (error: unknown) =>
          console.error(
            `Could not write the sign-in launcher: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
    },
  });
  const mode = preview.latchkey.demoIssuer
    ? `demo mode, local Google emulator at ${preview.latchkey.demoIssuer}`
    : 'your Google client';
  console.log(`Latchkey browser preview (${mode}), data in ${dataDir}`);
  const launcher = await announcePreview(preview.url, announce);
  launchers.add(launcher);
  writeLock(dataDir, launcher);
  console.log(`Ready: Latchkey preview at ${preview.origin} (Ctrl+C stops it).`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // The launchers hold this launch's secret and state: they go with it.
    Promise.all([...launchers].map((path) => removeLauncher(path)))
      .then(() => preview.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** One sentence for why the preview could not start (no stack trace). */
function explain(error: unknown, port: number | null): string {
  if (error instanceof UsageError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE') {
    return (
      `Port ${port ?? '?'} on 127.0.0.1 is already in use (by another program, or another ` +
      'Latchkey): choose another with --port, or leave --port out to take a free one.'
    );
  }
  if (code === 'EACCES') {
    return `Port ${port ?? '?'} needs privileges this user does not have: choose one above 1023.`;
  }
  return `Latchkey preview could not start: ${error instanceof Error ? error.message : String(error)}`;
}

main().catch((error: unknown) => {
  const port = /--port[= ](\d+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? null;
  console.error(explain(error, port === null ? null : Number(port)));
  process.exit(1);
});
