import {inject} from '@loopback/core';
import {get, oas} from '@loopback/rest';
import {LdapEntry} from '../../config/ldap-entry';
import {AuthScheme, ProviderEntry} from '../../config/provider-entry';
import {IdentityBindings} from '../../keys';
import {ApiArea} from '../../services/platform/api-areas';

/** A provider as clients see it: what to offer, never a credential. */
export interface ProviderSummary {
  name: string;
  provider: string;
  /** What to show people, e.g. "Continue with Google". */
  displayName: string;
  authScheme: AuthScheme | 'ldap';
  /**
   * `redirect`: send the browser to authPath; `password`: POST
   * {username, password} to authPath (LDAP / Active Directory entries).
   */
  kind: 'redirect' | 'password';
  login: boolean;
  link: boolean;
  tokenExchange: boolean;
  /** Where a browser sign-in starts; LoopBack 3 entries name their own. */
  authPath: string;
}

const SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    name: {type: 'string', description: 'Use in /auth/{name} and /link/{name}'},
    provider: {type: 'string'},
    displayName: {
      type: 'string',
      description: 'What to show people, e.g. "Continue with {displayName}"',
    },
    authScheme: {
      type: 'string',
      enum: ['oauth2', 'oauth1', 'oidc', 'saml', 'ldap'],
    },
    kind: {
      type: 'string',
      enum: ['redirect', 'password'],
      description:
        'redirect: send the browser to authPath; password: POST {username, password} to authPath (directory entries)',
    },
    login: {type: 'boolean', description: 'Can sign in (false: link only)'},
    link: {
      type: 'boolean',
      description:
        'Can be linked to a signed-in account (always true): POST /link/{name}, or POST /link/{name}/login for directory entries',
    },
    tokenExchange: {
      type: 'boolean',
      description: 'Native apps may POST /auth/{name}/token',
    },
    authPath: {
      type: 'string',
      description:
        'Where a sign-in starts: `/auth/{name}` or the entry’s own; `/auth/{name}/login` for directory entries',
    },
  },
};

/** Lists the third-party providers a client can offer its users. */
@oas.tags(ApiArea.THIRD_PARTY)
export class ProvidersController {
  constructor(
    @inject(IdentityBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(IdentityBindings.LDAP_ENTRIES, {optional: true})
    private directories: readonly LdapEntry[] = [],
  ) {}

  @get('/auth/providers', {
    summary: 'The enabled third-party providers',
    responses: {
      '200': {
        description: 'One item per enabled providers.json entry',
        content: {
          'application/json': {schema: {type: 'array', items: SUMMARY_SCHEMA}},
        },
      },
    },
  })
  list(): ProviderSummary[] {
    const redirects = this.providers.map(p => ({
      name: p.name,
      provider: p.provider,
      displayName: p.displayName,
      authScheme: p.authScheme,
      kind: 'redirect' as const,
      login: p.login,
      // Every entry can be linked; `"link": true` only makes it link-only.
      link: true,
      tokenExchange: p.tokenExchange,
      authPath: p.authPath,
    }));
    const directories = this.directories.map(d => ({
      name: d.name,
      provider: d.provider,
      displayName: d.displayName,
      authScheme: d.authScheme,
      kind: 'password' as const,
      login: true,
      // Linked with its password: POST /link/{name}/login.
      link: true,
      tokenExchange: false,
      authPath: `/auth/${d.name}/login`,
    }));
    return [...redirects, ...directories];
  }
}
