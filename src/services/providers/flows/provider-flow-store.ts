import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {ProviderBindings} from '../keys';
import {StoreBindings} from '../../store/keys';
import {RequestContext} from '../../../strategies/request-context';
import {EphemeralStore} from '../../store/ephemeral-store';
import {randomToken, sha256Digest} from '../../platform/token-digest';
import {FlowClient} from '../../tokens/client-rule.service';

/** A browser flow has this long between leaving for the provider and returning. */
export const FLOW_TTL_MS = 5 * 60_000;

/** A parked callback form waits this long for the browser's GET. */
export const PARKED_POST_TTL_MS = 60_000;

/**
 * Everything a callback needs from the request that started its flow: the
 * client as the client rule accepted it (so no later leg reads or checks
 * it again), and the flow's own facts.
 */
export interface ProviderFlow extends FlowClient {
  /** The providers.json entry's name. */
  entry: string;
  mode: 'login' | 'link';
  /** The signed-in user a link flow attaches the identity to. */
  linkUserId?: string;
  /**
   * The session whose (stepped-up) token started a link flow: when it has
   * ended by the callback (signed out, revoked), the link is not made.
   */
  linkSessionId?: string;
  /**
   * A link flow's browser binding: the SHA-256 digest of the cookie set on
   * the browser that started it. Only that browser commits the link
   * without the person confirming it.
   */
  browserBinding?: string;
  /**
   * What the strategy keeps between its two legs (PKCE verifier, nonce):
   * Passport strategies expect `req.session`; this object stands in for it.
   */
  session: Record<string, unknown>;
  context?: RequestContext;
}

/**
 * Pending provider flows, keyed by the state the provider sees. The state
 * is a random server-side handle, stored only as a digest; `take` makes
 * each flow single use, and the store's TTL makes it expire.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_FLOW_STORE},
})
export class ProviderFlowStore {
  constructor(@inject(StoreBindings.STORE) private store: EphemeralStore) {}

  /** Keeps `flow` under `handle` for FLOW_TTL_MS. */
  async save(handle: string, flow: ProviderFlow): Promise<void> {
    await this.store.set(flowKey(handle), JSON.stringify(flow), FLOW_TTL_MS);
  }

  /** The flow of `handle`, once; undefined when unknown, used or expired. */
  async take(handle: string): Promise<ProviderFlow | undefined> {
    const stored = await this.store.take(flowKey(handle));
    return stored ? (JSON.parse(stored) as ProviderFlow) : undefined;
  }

  /** The flow of `handle`, left in place (it stays single use). */
  async peek(handle: string): Promise<ProviderFlow | undefined> {
    const stored = await this.store.get(flowKey(handle));
    return stored ? (JSON.parse(stored) as ProviderFlow) : undefined;
  }

  /** Keeps a posted callback form briefly; the random key that takes it. */
  async parkPost(form: Record<string, string>): Promise<string> {
    const key = randomToken(32);
    await this.store.set(
      parkedKey(key),
      JSON.stringify(form),
      PARKED_POST_TTL_MS,
    );
    return key;
  }

  /** The form parked under `key`, once; undefined when unknown, used or expired. */
  async takePost(key: string): Promise<Record<string, string> | undefined> {
    const stored = await this.store.take(parkedKey(key));
    return stored ? (JSON.parse(stored) as Record<string, string>) : undefined;
  }
}

function parkedKey(key: string): string {
  return `flow-post:${sha256Digest(key)}`;
}

function flowKey(handle: string): string {
  return `flow:${sha256Digest(handle)}`;
}
