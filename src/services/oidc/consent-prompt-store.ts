import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {OidcAuthorizeBindings} from './authorize-keys';
import {StoreBindings} from '../store/keys';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {EphemeralStore} from '../store/ephemeral-store';
import {Interaction, INTERACTION_TTL_MS} from './interaction-store';

/**
 * An authorization request waiting for the person's answer on the consent
 * page. Only its id travels through the browser (in the page's address);
 * the rest stays here. `token` is the one-time secret the page's form
 * posts back: it is shown only to the browser whose sign-in was asked.
 */
export interface PendingConsent {
  /** The request, to continue once allowed. */
  interaction: Interaction;
  userId: string;
  /** The browser sign-in the question was put to (the session id). */
  signInId: string;
  /** What the person is asked to allow. */
  scopes: string[];
  resources: string[];
  /** The registered redirect URI the answer goes to. */
  redirectUri: string;
  /** Whether its owner proved the redirect URI's origin (`verifiedOrigins`). */
  redirectVerified: boolean;
  token: string;
}

/**
 * Pending consents in the shared store, keyed by the digest of a random
 * id, apart from the hosted sign-in's interactions (neither id opens the
 * other's). `take` hands one out once: an answer is given once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.CONSENT_PROMPT_STORE},
})
export class ConsentPromptStore {
  constructor(@inject(StoreBindings.STORE) private store: EphemeralStore) {}

  /** Keeps a question with a new one-time token; returns its new id. */
  async save(pending: Omit<PendingConsent, 'token'>): Promise<string> {
    const id = randomToken(24);
    const stored: PendingConsent = {...pending, token: randomToken(32)};
    await this.store.set(
      consentKey(id),
      JSON.stringify(stored),
      INTERACTION_TTL_MS,
    );
    return id;
  }

  /** The pending consent, left in place; undefined when unknown or expired. */
  async peek(id: string): Promise<PendingConsent | undefined> {
    return parse(await this.store.get(consentKey(id)));
  }

  /** The pending consent, removed; undefined when unknown, used or expired. */
  async take(id: string): Promise<PendingConsent | undefined> {
    return parse(await this.store.take(consentKey(id)));
  }
}

function consentKey(id: string): string {
  return `oidc:consent:${sha256Digest(id)}`;
}

function parse(stored: string | undefined): PendingConsent | undefined {
  return stored ? (JSON.parse(stored) as PendingConsent) : undefined;
}
