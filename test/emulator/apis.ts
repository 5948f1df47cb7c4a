import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { EmulatorAccount } from './accounts.ts';
import type { EmulatorState } from './state.ts';

export interface ApiDeps {
  provider: Provider;
  accounts: EmulatorAccount[];
  state: EmulatorState;
}

export async function handleApi(
  _req: IncomingMessage,
  _res: ServerResponse,
  _url: URL,
  _deps: ApiDeps,
): Promise<boolean> {
  return false;
}
