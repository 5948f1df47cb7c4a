/**
 * `npm run preview` (and `npm start` where Electron's runtime is missing): the browser preview.
 *
 *   node preview/cli.ts [--port <n>] [--no-open]
 *
 * Never prints nor passes on a command line the page's URL (it carries the per-launch secret):
 * writes it into a launcher file readable only by this user, in the data folder, and prints and
 * opens that file's path (as Jupyter does; see announce.ts). Prints every sign-in URL it asks the
 * system browser to open (so a person on a headless machine can copy it), and in demo mode runs
 * the local Google emulator too. LATCHKEY_DATA_DIR sets the data folder (default .latchkey-dev/).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../main/app/log.ts';
import { announcePreview, announceSignIn } from './announce.ts';
import type { AnnounceOptions } from './announce.ts';
import { removeLauncher } from './launcher.ts';
import { startPreview } from './server.ts';

const USAGE = 'usage: node preview/cli.ts [--port <n>] [--no-open]';

function parse(): { port: number; open: boolean } {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535 (${USAGE})`);
  }
  return { port, open: !values['no-open'] };
}

async function main(): Promise<void> {
  const { port, open } = parse();
  const dataDir = resolve(
    process.env.LATCHKEY_DATA_DIR || resolve(import.meta.dirname, '../.latchkey-dev'),
  );
  const announce: AnnounceOptions = { dataDir, open, print: (line) => console.log(line) };
  const launchers = new Set<string>();
  const preview = await startPreview({
    port,
    dataDir,
    logger: createLogger({ stream: process.stderr, base: { process: 'preview' } }),
    onAuthorizationUrl: (url) => {
      announceSignIn(url, announce).then(
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
  launchers.add(await announcePreview(preview.url, announce));

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

main().catch((error: unknown) => {
  console.error(
    `Latchkey preview could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
