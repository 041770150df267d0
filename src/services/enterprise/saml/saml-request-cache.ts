import type {CacheItem, CacheProvider} from '@node-saml/node-saml';
import {EphemeralStore} from '../../store/ephemeral-store';

const PREFIX = 'saml:request:';

/**
 * node-saml's cache of the AuthnRequest ids it sent, in the shared store
 * rather than one process's memory: a response may come back to any node.
 * node-saml removes an id once a response answering it was checked, so an
 * id answers one response; the flow that sent it is taken once too.
 */
export class StoreSamlRequestCache implements CacheProvider {
  constructor(
    private store: EphemeralStore,
    private ttlMs: number,
    private now: () => number,
  ) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await this.store.set(PREFIX + key, value, this.ttlMs);
    return {value, createdAt: this.now()};
  }

  async getAsync(key: string): Promise<string | null> {
    return (await this.store.get(PREFIX + key)) ?? null;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (key) await this.store.delete(PREFIX + key);
    return key;
  }
}
