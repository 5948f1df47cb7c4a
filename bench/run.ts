/**
 * `npm run bench`: Latchkey's performance figures, printed as a table (figures only — nothing
 * here passes or fails on a timing). Against the local Google emulator (its own process), the
 * real Secret Service, the real browser-preview WebSocket. See bench/RESULTS.md.
 *
 * Needs a Secret Service and `--expose-gc`: without them it runs itself again under
 * scripts/with-keyring.sh (a private D-Bus session + unlocked gnome-keyring on headless Linux;
 * the session's own keychain where one exists) with the flag.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import type { Row } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');

function relaunchIfNeeded(): void {
  const gc = typeof globalThis.gc === 'function';
  const keyring =
    process.platform !== 'linux' ||
    Boolean(process.env.DBUS_SESSION_BUS_ADDRESS) ||
    Boolean(process.env.LATCHKEY_KEYRING_STARTED);
  if (gc && keyring) return;
  const node = [process.execPath, '--expose-gc', import.meta.filename, ...process.argv.slice(2)];
  const [command, ...args] =
    process.platform === 'linux' ? ['bash', 'scripts/with-keyring.sh', ...node] : node;
  const child = spawnSync(command as string, args, { cwd: ROOT, stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

function osName(): string {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release)?.[1];
    if (pretty) return `${pretty} (${os.type()} ${os.release()})`;
  } catch {
    // Not Linux, or no os-release: the kernel's name is enough.
  }
  return `${os.type()} ${os.release()}`;
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} logical cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM`,
    `Node ${process.version} (${process.arch}), ${osName()}`,
    `Load average at start: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  ];
}

function keychainName(): string {
  if (process.env.LATCHKEY_KEYRING_STARTED) return 'gnome-keyring in a private D-Bus session';
  if (process.platform === 'linux') return 'the desktop session’s Secret Service';
  return process.platform === 'darwin' ? 'macOS Keychain' : 'Windows Credential Manager';
}

relaunchIfNeeded();

// Imported after the relaunch decision, so the parent process loads none of the app.
const { startRemoteEmulator } = await import('./emulator.ts');
const { signedInApp } = await import('./session.ts');
const { measureSignIn } = await import('./sign-in.ts');
const { measureDpopRefresh } = await import('./dpop.ts');
const { measureConcurrentRefresh } = await import('./concurrent.ts');
const { measureRestart } = await import('./restart.ts');
const { measureHeap } = await import('./heap.ts');
const { measureBridge } = await import('./bridge.ts');
const { measureRendererSize } = await import('./renderer-size.ts');

const started = Date.now();
const header = machine();
const rows: Row[] = [];
const step = async (name: string, run: () => Promise<Row[]> | Row[]): Promise<void> => {
  const t = Date.now();
  process.stderr.write(`bench: ${name} … `);
  rows.push(...(await run()));
  process.stderr.write(`${((Date.now() - t) / 1000).toFixed(1)} s\n`);
};

// `npm run bench -- --only=sign-in` measures one part (here: the sign-in rows) and skips the rest.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const wanted = (part: string): boolean => only === undefined || only === part;

if (wanted('renderer')) await step('renderer size', () => measureRendererSize());
if (wanted('sign-in') || wanted('session') || wanted('dpop')) {
  const emulator = await startRemoteEmulator();
  try {
    if (wanted('sign-in')) await step('sign-in', () => measureSignIn(emulator));
    if (wanted('dpop')) await step('DPoP refresh', () => measureDpopRefresh(emulator));
    if (wanted('session')) {
      const app = await signedInApp(emulator);
      try {
        await step('restart', () => measureRestart(emulator, app));
        await step('concurrent refresh', () => measureConcurrentRefresh(emulator, app));
        await step('heap', () => measureHeap(app));
      } finally {
        await app.close();
      }
    }
  } finally {
    await emulator.close();
  }
}
if (wanted('bridge')) await step('bridge', () => measureBridge());

const cell = (text: string): string => text.replaceAll('|', '\\|');
const widths = [0, 1, 2].map((i) =>
  Math.max(...rows.map((r) => cell([r.measurement, r.figure, r.detail][i] as string).length), 6),
);
const line = (cells: string[]): string =>
  `| ${cells.map((c, i) => cell(c).padEnd(widths[i] as number)).join(' | ')} |`;

console.log(`\nLatchkey benchmark, ${new Date().toISOString().slice(0, 10)}`);
for (const text of header) console.log(text);
console.log(
  `Emulator: emulator/ in a separate Node process on the same machine (loopback HTTP); ` +
    `keychain: ${keychainName()}\n`,
);
console.log(line(['Measurement', 'Figure', 'Detail']));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows) console.log(line([row.measurement, row.figure, row.detail]));
console.log(`\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s. Figures, not assertions.`);
