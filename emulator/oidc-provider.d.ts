/**
 * The small part of oidc-provider 9's API the emulator uses. The package ships no types and the
 * community ones lag behind version 9, so these are written from its source (lib/provider.js,
 * lib/models/*) and cover only what emulator/ calls.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What an adapter stores: the model's payload, plus the indexes the memory adapter keeps. */
  export interface AdapterPayload {
    [key: string]: unknown;
    jti?: string;
    grantId?: string;
    uid?: string;
    userCode?: string;
    consumed?: number;
  }

  /** Storage for one model (AccessToken, Grant, Session, …). */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface Client {
    clientId: string;
    clientName?: string;
    applicationType: string;
    redirectUriAllowed(value: string): boolean;
    grantTypeAllowed(type: string): boolean;
  }

  export interface BaseToken {
    jti: string;
    clientId: string;
    accountId?: string;
    grantId?: string;
    scope?: string;
    exp?: number;
    readonly scopes: Set<string>;
    destroy(): Promise<void>;
  }

  export interface Grant {
    jti: string;
    accountId: string;
    clientId: string;
    rejected?: unknown;
    addOIDCScope(scope: string | string[]): void;
    rejectOIDCScope(scope: string | string[]): void;
    getOIDCScope(): string;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface TokenModel<T> {
    find(value: string, options?: { ignoreExpiration?: boolean }): Promise<T | undefined>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Session {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  export interface InteractionResults {
    select_account?: Record<string, never>;
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
  }

  export interface Interaction {
    uid: string;
    returnTo: string;
    prompt: {
      name: string;
      reasons: string[];
      details: {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        login_hint?: string;
        [key: string]: unknown;
      };
    };
    params: Record<string, unknown>;
    session?: { accountId?: string; uid?: string };
    grantId?: string;
    lastSubmission?: InteractionResults;
  }

  /** The `ctx.oidc` object oidc-provider puts on its Koa context. */
  export interface OIDCContext {
    route?: string;
    issuer: string;
    provider: Provider;
    params?: Record<string, unknown>;
    client?: Client;
    account?: Account;
    session?: Session;
    result?: InteractionResults;
    entities?: { AuthorizationCode?: BaseToken };
  }

  /** The parts of Koa's context the emulator's middleware touches. */
  export interface KoaContextWithOIDC {
    path: string;
    method: string;
    status: number;
    body: unknown;
    type: string;
    oidc: OIDCContext;
    response: { get(field: string): string };
    set(field: string, value: string): void;
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    /** Koa: don't print errors to stderr (oidc-provider reports them as events). */
    silent: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: never[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    readonly AccessToken: TokenModel<BaseToken>;
    readonly RefreshToken: TokenModel<BaseToken>;
    readonly AuthorizationCode: TokenModel<BaseToken>;
    readonly Grant: {
      new (init: { accountId: string; clientId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    readonly Client: { prototype: Client; find(id: string): Promise<Client | undefined> };
  }

  /** oidc-provider's interaction policy: an ordered list of prompts. */
  export interface InteractionPolicy {
    add(prompt: unknown, index?: number): void;
  }
  export const interactionPolicy: {
    base(): InteractionPolicy;
    Prompt: new (options: { name: string; requestable: boolean }) => unknown;
  };

  export const errors: {
    InvalidRequest: new (description?: string) => Error;
    InvalidDpopProof: new (description?: string) => Error;
  };

  export default Provider;
}

declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** oidc-provider's internal state of a provider (its nonce source among it). */
  export default function instance(provider: unknown): Record<string, unknown>;
}
