/**
 * `npm run preview` (and `npm start` where Electron's runtime is missing): the browser preview.
 *
 *   node preview/cli.ts [--port <n>] [--no-open]
 *
 * Prints its URL (with the per-launch secret), prints every sign-in URL it asks the system
 * browser to open (so a person on a headless machine can copy it), and in demo mode runs the
 * local Google emulator too. LATCHKEY_DATA_DIR sets the data folder (default .latchkey-dev/).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../main/app/log.ts';
import { openInBrowser } from './open-browser.ts';
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
  const preview = await startPreview({
    port,
    dataDir,
    logger: createLogger({ stream: process.stderr, base: { process: 'preview' } }),
    onAuthorizationUrl: (url) => {
      console.log(
        `Sign-in: opening this URL in the system browser (copy it if nothing opens):\n  ${url}`,
      );
      if (open) openInBrowser(url);
    },
  });
  const mode = preview.latchkey.demoIssuer
    ? `demo mode, local Google emulator at ${preview.latchkey.demoIssuer}`
    : 'your Google client';
  console.log(`Latchkey browser preview (${mode}), data in ${dataDir}`);
  console.log(`Open: ${preview.url}`);
  if (open) openInBrowser(preview.url);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    preview.close().then(
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
