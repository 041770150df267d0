import {BindingScope, ContextTags, injectable} from '@loopback/core';
import {OidcAuthorizeBindings} from './authorize-keys';
import type {Prompt} from './authorization-request';

/** What the consent check is asked about one authorization request. */
export interface ConsentQuestion {
  userId: string;
  clientId: string;
  /** First-party clients (`web`, those an admin marks) never ask. */
  firstParty: boolean;
  scopes: readonly string[];
  resources: readonly string[];
  prompt: readonly Prompt[];
}

/**
 * `granted`: issue the code. Otherwise the authorization endpoint answers
 * the client with that error (`consent_required` when the person would have
 * to be asked but `prompt=none` forbids it; `interaction_required` for
 * anything else the person would have to do).
 */
export type ConsentAnswer =
  | {granted: true}
  | {granted: false; error: 'consent_required' | 'interaction_required'};

/**
 * THE CONSENT HOOK (DESIGN §8, "Consent"). The consent feature binds its
 * own implementation under OidcAuthorizeBindings.CONSENT_CHECK (remembered
 * `Consent` rows, a consent page for third-party clients); the
 * authorization endpoint calls nothing else about consent.
 */
export interface ConsentCheck {
  /** Whether the person's grant covers the request. */
  check(question: ConsentQuestion): Promise<ConsentAnswer>;
}

/**
 * The default until consent exists: first-party clients are granted;
 * third-party clients too (they hold the third-party rights only: read the
 * profile, sign out), except under `prompt=none`, where a consent page
 * could not be shown: `consent_required`, so a silent sign-in never
 * stands for a consent nobody gave.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.CONSENT_CHECK},
})
export class FirstPartyOnlyConsentCheck implements ConsentCheck {
  /** See the class comment. */
  async check(question: ConsentQuestion): Promise<ConsentAnswer> {
    if (question.firstParty) return {granted: true};
    if (question.prompt.includes('none')) {
      return {granted: false, error: 'consent_required'};
    }
    return {granted: true};
  }
}
