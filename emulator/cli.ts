/**
 * `npm run emulator [-- --port N]`: runs the local Google until Ctrl-C, for trying the app
 * against it by hand or pointing other tools at it.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    'testing-mode': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run emulator [-- --port N] [--testing-mode]\nRuns the local Google emulator on 127.0.0.1 until Ctrl-C.\n--testing-mode: as for an app in "Testing", refresh tokens with a scope beyond name, email and profile expire after 7 days.',
  );
  process.exit(0);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`emulator: --port must be a port number, not "${values.port}"`);
  process.exit(2);
}

// A developer's tool: the /__emulator/* switches are on (see README.md).
const emulator = await startEmulator({
  port,
  testRoutes: true,
  testingMode: values['testing-mode'] === true,
});
const { desktop, ios } = emulator.clients;
console.log(`Google emulator running at ${emulator.issuer}
  discovery     ${emulator.issuer}/.well-known/openid-configuration
  desktop app   client ID ${desktop.clientId}
                client secret ${desktop.clientSecret} (redirect: http://127.0.0.1:<any port>/<any path>)
  iOS           client ID ${ios.clientId}
                redirect ${ios.redirectUri}
  accounts      ${emulator.accounts.map((account) => account.email).join(', ')}
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the emulator`);
  await emulator.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
