import {injectable} from '@loopback/core';
import {
  asSpecEnhancer,
  OASEnhancer,
  OpenApiSpec,
  TagObject,
} from '@loopback/rest';

/**
 * The explorer's sections: every operation carries exactly one of these
 * tags (a controller with `@oas.tags(ApiArea.X)`, a route added at start in
 * its spec), named as the README's parts are.
 */
export const ApiArea = {
  LOCAL_ACCOUNTS: 'Local accounts',
  TOKENS_AND_SESSIONS: 'Tokens and sessions',
  THIRD_PARTY: 'Third-party login and linking',
  CLIENT_APPLICATIONS: 'Client applications',
  ADMINISTRATION: 'Administration',
  OPERATIONS: 'Operations',
} as const;

export type ApiArea = (typeof ApiArea)[keyof typeof ApiArea];

/** The areas in the README's order, as the document's `tags` list. */
export const API_AREAS: readonly TagObject[] = [
  {
    name: ApiArea.LOCAL_ACCOUNTS,
    description:
      'Sign up, sign in with a password, the own account, mailed links (verify, reset, email change), second factors, passkeys and step-up.',
  },
  {
    name: ApiArea.TOKENS_AND_SESSIONS,
    description:
      'The token endpoint (refresh, code, client credentials, token exchange), revocation, introspection, signing keys, sessions and sign-out.',
  },
  {
    name: ApiArea.THIRD_PARTY,
    description:
      "Sign in with an entry of providers.json (OAuth, OpenID Connect, SAML, LDAP / Active Directory), link and unlink accounts, native apps' provider tokens.",
  },
  {
    name: ApiArea.CLIENT_APPLICATIONS,
    description:
      'Applications and their credentials, the APIs (resources) they call, and the OpenID Provider they sign people in through: authorization, consent, userinfo, discovery, sign-out.',
  },
  {
    name: ApiArea.ADMINISTRATION,
    description: 'Admins only: users, their roles and second factors.',
  },
  {
    name: ApiArea.OPERATIONS,
    description:
      'Probes for load balancers and orchestrators, and what a developer needs to run the service.',
  },
];

/**
 * Puts the areas first in the document's `tags`, in order, so the explorer
 * shows its sections as the README does (swagger-ui follows that list);
 * a host application's own tags follow.
 */
@injectable(asSpecEnhancer)
export class ApiAreasEnhancer implements OASEnhancer {
  name = 'api-areas';

  modifySpec(spec: OpenApiSpec): OpenApiSpec {
    const areas = new Set<string>(Object.values(ApiArea));
    const others = (spec.tags ?? []).filter(tag => !areas.has(tag.name));
    return {...spec, tags: [...API_AREAS, ...others]};
  }
}
