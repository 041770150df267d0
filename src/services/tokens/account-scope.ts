/**
 * The right to manage the account. Never requested: every first-party
 * application holds it implicitly and no other application can be granted
 * it. Defined with the tokens, where FirstPartyPolicyService enforces it;
 * the OpenID Provider's scope catalogue (`services/oidc/scopes.ts`)
 * re-exports it.
 */
export const ACCOUNT_SCOPE = 'account';
