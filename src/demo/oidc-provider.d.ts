// oidc-provider ships no types; this declares the part the demo and the test
// fixtures use.
declare module 'oidc-provider' {
  import {IncomingMessage, ServerResponse} from 'node:http';

  export interface Grant {
    readonly accountId?: string;
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: {accountId: string; clientId: string}): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  /** The part of oidc-provider's Koa context `loadExistingGrant` reads. */
  export interface GrantContext {
    oidc: {
      provider: Provider;
      client?: {clientId: string};
      account?: {accountId: string};
      session?: {grantIdFor(clientId: string): string | undefined};
      result?: {consent?: {grantId?: string}};
    };
  }

  export default class Provider {
    constructor(issuer: string, configuration: object);
    readonly Grant: GrantConstructor;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: never[]) => void): this;
  }
}
