/**
 * The Latchkey auth core, for the shell (main/electron/index.ts), the browser preview and other hosts.
 * See README.md in this folder.
 */
export { createAuthCore, type AuthCoreOptions } from './core.ts';
export { AuthError, isAuthError, MESSAGES } from './errors.ts';
export type { RedirectRejection, RedirectFailure } from './flow/redirect.ts';
export { LOOPBACK_PATH } from './flow/loopback.ts';
export type {
  AuthConfig,
  AuthCore,
  Clock,
  Endpoints,
  FlowResult,
  MetadataStore,
  OpenExternal,
} from './types.ts';
export type { Logger } from '../log/log.ts';
