import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {OidcAuthorizeBindings} from './authorize-keys';
import {StoreBindings} from '../store/keys';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {EphemeralStore} from '../store/ephemeral-store';

/** A person has this long on the hosted sign-in before the request lapses. */
export const INTERACTION_TTL_MS = 10 * 60_000;

/**
 * An authorization request waiting for the person to sign in on the
 * hosted page. Only its id travels through the browser; the request stays
 * here, as sent, and is checked again in full when it resumes.
 */
export interface Interaction {
  /** The request's parameters (AuthorizationParams as JSON entries). */
  params: [string, string[]][];
  clientId: string;
  clientName: string;
  /**
   * The sign-in must have happened at or after this moment (epoch ms):
   * `prompt=login` (the request's own time) or an exceeded `max_age`.
   */
  requireAuthAfter?: number;
  loginHint?: string;
  /**
   * The request's `acr_values`: the sign-in the page opens for it must
   * reach one, as far as the person's factors can (authorization-acr.ts).
   */
  acrValues?: string[];
  /**
   * The person has just allowed this request on the consent page: it is
   * not asked again, whatever its `prompt`.
   */
  consented?: boolean;
}

/**
 * Pending interactions in the shared store, keyed by the digest of a
 * random id, for INTERACTION_TTL_MS. `take` hands one out once: a resumed
 * request cannot be resumed again.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.INTERACTION_STORE},
})
export class InteractionStore {
  constructor(@inject(StoreBindings.STORE) private store: EphemeralStore) {}

  /** Keeps `interaction` and returns its new id. */
  async save(interaction: Interaction): Promise<string> {
    const id = randomToken(24);
    await this.store.set(
      interactionKey(id),
      JSON.stringify(interaction),
      INTERACTION_TTL_MS,
    );
    return id;
  }

  /** The interaction, left in place; undefined when unknown or expired. */
  async peek(id: string): Promise<Interaction | undefined> {
    return parse(await this.store.get(interactionKey(id)));
  }

  /** The interaction, removed; undefined when unknown, used or expired. */
  async take(id: string): Promise<Interaction | undefined> {
    return parse(await this.store.take(interactionKey(id)));
  }
}

function interactionKey(id: string): string {
  return `oidc:interaction:${sha256Digest(id)}`;
}

function parse(stored: string | undefined): Interaction | undefined {
  return stored ? (JSON.parse(stored) as Interaction) : undefined;
}
