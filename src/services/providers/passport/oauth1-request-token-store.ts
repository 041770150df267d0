import {createHash} from 'node:crypto';
import {EphemeralStore} from '../../store/ephemeral-store';

/** Long enough to sign in at the provider, short enough to be useless later. */
export const REQUEST_TOKEN_TTL_MS = 5 * 60 * 1000;

type Callback = (err?: Error | null, secret?: string, state?: unknown) => void;

interface RequestTokenMeta {
  consumerKey?: string;
}

/**
 * passport-oauth1's `requestTokenStore` without server sessions: the request
 * token's secret waits in the shared store (memory or Redis), so the callback
 * can land on any node. It is handed out once: a replayed callback fails.
 */
export class StoreRequestTokenStore {
  constructor(
    private store: EphemeralStore,
    private ttlMs = REQUEST_TOKEN_TTL_MS,
  ) {}

  // passport-oauth1 picks the call form by arity: keep these signatures.
  set(
    _req: unknown,
    token: string,
    tokenSecret: string,
    state: unknown,
    meta: RequestTokenMeta,
    cb: Callback,
  ): void {
    const value = JSON.stringify({tokenSecret, state});
    this.store
      .set(this.key(token, meta), value, this.ttlMs)
      .then(() => cb(), cb);
  }

  get(_req: unknown, token: string, meta: RequestTokenMeta, cb: Callback) {
    this.store.take(this.key(token, meta)).then(value => {
      if (!value)
        return cb(null, undefined, {message: 'Unknown or used request token'});
      const {tokenSecret, state} = JSON.parse(value) as {
        tokenSecret: string;
        state?: unknown;
      };
      cb(null, tokenSecret, state);
    }, cb);
  }

  // `get` already took the secret out of the store.
  destroy(
    _req: unknown,
    _token: string,
    _meta: RequestTokenMeta,
    cb: Callback,
  ) {
    cb();
  }

  private key(token: string, meta: RequestTokenMeta): string {
    const digest = createHash('sha256')
      .update(`${meta.consumerKey ?? ''}\0${token}`)
      .digest('base64url');
    return `oauth1-request-token:${digest}`;
  }
}
