import {BindingScope, ContextTags, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ConsentRepository} from '../../repositories';
import {OidcAuthorizeBindings} from './authorize-keys';
import type {Prompt} from './authorization-request';

/** What the consent check is asked about one authorization request. */
export interface ConsentQuestion {
  userId: string;
  clientId: string;
  /** First-party clients (`web`, those an admin marks) never ask. */
  firstParty: boolean;
  /** The scopes the code would carry. */
  scopes: readonly string[];
  /** The resource identifiers (RFC 8707) the code would carry. */
  resources: readonly string[];
  prompt: readonly Prompt[];
}

/**
 * `granted`: issue the code. `ask`: show the person the consent page.
 * Otherwise the authorization endpoint answers the client with that error
 * (`consent_required` when the person would have to be asked but
 * `prompt=none` forbids it; `interaction_required` for anything else the
 * person would have to do).
 */
export type ConsentAnswer =
  | {granted: true}
  | {granted: false; ask: true}
  | {granted: false; error: 'consent_required' | 'interaction_required'};

/**
 * THE CONSENT HOOK (DESIGN §8, "Consent"): whatever is bound under
 * OidcAuthorizeBindings.CONSENT_CHECK; the authorization endpoint calls
 * nothing else about consent.
 */
export interface ConsentCheck {
  /** Whether the person's grant covers the request. */
  check(question: ConsentQuestion): Promise<ConsentAnswer>;
}

/** What a person allowed an application so far (a `Consent` fits). */
export interface GrantedConsent {
  readonly scopes: readonly string[];
  readonly resources: readonly string[];
}

/**
 * The consent rule. First-party applications are never asked. A
 * third-party application is granted what the person's stored consent
 * covers (every scope and every resource it asks for), unless it asks
 * with `prompt=consent`; otherwise the person is asked, which
 * `prompt=none` forbids (`consent_required`). Even a request for no scope
 * is asked once: the code alone tells the application who the person is.
 */
export function consentAnswer(
  question: ConsentQuestion,
  stored: GrantedConsent | undefined,
): ConsentAnswer {
  if (question.firstParty) return {granted: true};
  const covered =
    !!stored &&
    question.scopes.every(scope => stored.scopes.includes(scope)) &&
    question.resources.every(resource => stored.resources.includes(resource));
  if (covered && !question.prompt.includes('consent')) return {granted: true};
  if (question.prompt.includes('none')) {
    return {granted: false, error: 'consent_required'};
  }
  return {granted: false, ask: true};
}

/**
 * The consent check of the service: `consentAnswer` over the `Consent` the
 * person stored for the application (read only for third-party clients).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.CONSENT_CHECK},
})
export class StoredConsentCheck implements ConsentCheck {
  constructor(
    @repository(ConsentRepository) private consents: ConsentRepository,
  ) {}

  /** See `consentAnswer`. */
  async check(question: ConsentQuestion): Promise<ConsentAnswer> {
    if (question.firstParty) return consentAnswer(question, undefined);
    const stored = await this.consents.findOne({
      where: {userId: question.userId, applicationId: question.clientId},
    });
    return consentAnswer(question, stored ?? undefined);
  }
}
