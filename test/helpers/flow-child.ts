/**
 * A separate Latchkey process for fault tests: a real auth core (real keychain via keytar, a
 * `conf` metadata file) that starts a sign-in against the emulator and reports, one JSON object
 * per stdout line, what happens — so a test can kill it mid-flow (SIGKILL) and start a new core
 * on the same metadata and keychain, or run it without a Secret Service.
 *
 *   node test/helpers/flow-child.ts '<ChildOptions as JSON>'
 *
 * Lines: {"event":"ready",storage,notices} {"event":"open",url} {"event":"result",result,state,
 * metadata} — never a token: the result carries the code and message only.
 */
import Conf from 'conf';
import { createAuthCore } from '../../main/auth/core.ts';
import type { AuthConfig, MetadataStore } from '../../main/auth/types.ts';
import { createLogger } from '../../main/log/log.ts';
import { createVault } from '../../main/vault/vault.ts';

/** What the parent test passes. */
export interface ChildOptions {
  config: AuthConfig;
  /** The `conf` folder of the metadata (as the parent's `new Conf({ cwd, projectName })`). */
  metadataCwd: string;
  projectName: string;
  purpose?: 'sign-in' | 'add-account';
  httpTimeoutMs?: number;
  /** Kill this very process (SIGKILL) when the flow first writes the account metadata. */
  dieOnMetadataWrite?: boolean;
}

const print = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const logger = createLogger({ stream: process.stderr, base: { process: 'flow-child' } });
const conf = new Conf<Record<string, unknown>>({
  cwd: options.metadataCwd,
  projectName: options.projectName,
});
/** Armed once restore() is done (restore itself rewrites the record). */
let armed = false;
const metadata: MetadataStore = {
  get: (key) => conf.get(key),
  set: (key, value) => {
    // The worst moment to die: the refresh token is in the keychain, the account not yet listed.
    if (armed && options.dieOnMetadataWrite && key === 'auth') process.kill(process.pid, 'SIGKILL');
    conf.set(key, value);
  },
  delete: (key) => conf.delete(key),
};
const vault = await createVault({
  service: options.config.keychainService ?? options.config.appId,
  logger,
});
const core = createAuthCore({
  config: options.config,
  vault,
  metadata,
  logger,
  openExternal: async (url) => print({ event: 'open', url }),
  ...(options.httpTimeoutMs ? { httpTimeoutMs: options.httpTimeoutMs } : {}),
});
await core.restore();
armed = true;
print({ event: 'ready', storage: core.storage(), notices: core.state().notices });
const result = await core.signIn({ purpose: options.purpose ?? 'sign-in' });
print({
  event: 'result',
  result: result.ok
    ? { ok: true, email: result.account.email, id: result.account.id }
    : { ok: false, code: result.code, message: result.message },
  state: {
    accounts: core.accounts().map((account) => account.email),
    storage: core.storage(),
    notices: core.state().notices.map((notice) => notice.code),
  },
  metadata: conf.get('auth') ?? null,
});
await core.dispose();
process.exit(0);
