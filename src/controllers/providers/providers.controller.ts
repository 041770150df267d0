import {inject} from '@loopback/core';
import {get} from '@loopback/rest';
import {AuthScheme, ProviderEntry} from '../../config/provider-entry';
import {IdentityBindings} from '../../keys';

/** A provider as clients see it: what to offer, never a credential. */
export interface ProviderSummary {
  name: string;
  provider: string;
  /** What to show people, e.g. "Continue with Google". */
  displayName: string;
  authScheme: AuthScheme;
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
    authScheme: {type: 'string', enum: ['oauth2', 'oauth1', 'oidc']},
    login: {type: 'boolean', description: 'Can sign in (false: link only)'},
    link: {
      type: 'boolean',
      description: 'Can be linked to a signed-in account (always true)',
    },
    tokenExchange: {
      type: 'boolean',
      description: 'Native apps may POST /auth/{name}/token',
    },
    authPath: {
      type: 'string',
      description: 'Where a sign-in starts: `/auth/{name}` or the entry’s own',
    },
  },
};

/** Lists the third-party providers a client can offer its users. */
export class ProvidersController {
  constructor(
    @inject(IdentityBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
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
    return this.providers.map(p => ({
      name: p.name,
      provider: p.provider,
      displayName: p.displayName,
      authScheme: p.authScheme,
      login: p.login,
      // Every entry can be linked; `"link": true` only makes it link-only.
      link: true,
      tokenExchange: p.tokenExchange,
      authPath: p.authPath,
    }));
  }
}
