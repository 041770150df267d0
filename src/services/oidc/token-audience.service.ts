import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {OAuthError} from '../../errors';
import {Resource} from '../../models';
import {ResourceRepository} from '../../repositories';
import {OidcBindings} from './keys';
import {SharedBindings} from '../platform/keys';
import type {
  AudienceClient,
  AudienceRule,
  TokenAudience,
  UserTokenQuestion,
} from '../tokens/token-audience';
import {grantableScopes} from './scopes';

/**
 * THE AUDIENCE RULE of RFC 8707, bound as the tokens feature's
 * AUDIENCE_RULE. A user's access token is for one API: the resource the
 * token request names (one the authorization named), or the only one the
 * authorization named, or, without any, the client itself. BASE_URL names
 * the service's own API. The token carries the part of the grant that API
 * understands: a resource's own scopes only, or, for the service, the
 * user scopes (`openid`, `profile`, `email`, `offline_access`, `account`).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcBindings.TOKEN_AUDIENCE_SERVICE},
})
export class TokenAudienceService implements AudienceRule {
  constructor(
    @repository(ResourceRepository) private resources: ResourceRepository,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /** See the class comment; OAuthError `invalid_target` otherwise. */
  async forUser(question: UserTokenQuestion): Promise<TokenAudience> {
    const target = chooseTarget(question.authorized, question.requested);
    if (target === undefined || target === this.config.baseUrl) {
      return {
        aud: target ?? question.client.id,
        scope: allowed(question.client, question.scope, []),
      };
    }
    const resource = await this.resource(target);
    const granted = allowed(question.client, question.scope, [resource]);
    return forResource(resource, granted);
  }

  /**
   * The token of a client acting as itself (client credentials): for the
   * resource named (`invalid_target` for more than one, or an unknown one),
   * else for the client; the resource scopes the application may get
   * there, of those asked for (all of them when none is asked).
   */
  async forClient(
    client: AudienceClient,
    asked: readonly string[] | undefined,
    requested: readonly string[],
  ): Promise<TokenAudience> {
    if (requested.length > 1) throw oneResource();
    const [target] = requested;
    const resource =
      target === undefined ? undefined : await this.resource(target);
    const resources = resource ? [resource] : [];
    const {granted} = grantableScopes(
      client,
      asked ?? client.scopes,
      resources,
      'client',
    );
    return resource
      ? forResource(resource, granted)
      : {aud: client.id, scope: granted};
  }

  /** The Resource named `identifier`; `invalid_target` for none. */
  private async resource(identifier: string): Promise<Resource> {
    const found = await this.resources.findOne({where: {identifier}});
    if (!found) {
      throw new OAuthError(
        'invalid_target',
        'The resource is not an API this service issues tokens for.',
      );
    }
    return found;
  }
}

/**
 * The resource a user's token is for: the one asked (among those the
 * authorization named), or the only one named. Several named and none
 * asked is ambiguous: each token is for one API.
 */
function chooseTarget(
  authorized: readonly string[],
  requested: readonly string[],
): string | undefined {
  if (requested.length > 1) throw oneResource();
  const [asked] = requested;
  if (asked !== undefined) {
    if (!authorized.includes(asked)) {
      throw new OAuthError(
        'invalid_target',
        'The authorization did not name this resource.',
      );
    }
    return asked;
  }
  if (authorized.length > 1) {
    throw new OAuthError(
      'invalid_target',
      'Name one of the authorized resources with the resource parameter.',
    );
  }
  return authorized[0];
}

/**
 * What the application may be granted now, of what the grant holds: a
 * narrowed grant stays narrow (`account` included), and a scope the
 * application or the resource has dropped since is granted no more.
 */
function allowed(
  client: AudienceClient,
  scope: readonly string[],
  resources: readonly Resource[],
): string[] {
  const {granted} = grantableScopes(client, scope, resources, 'user');
  return granted.filter(s => scope.includes(s));
}

/** The token for `resource`: its identifier, its scopes, its lifetime. */
function forResource(resource: Resource, granted: string[]): TokenAudience {
  const own = resource.scopes ?? [];
  return {
    aud: resource.identifier,
    scope: granted.filter(s => own.includes(s)),
    ...(typeof resource.accessTokenTtl === 'number'
      ? {ttl: resource.accessTokenTtl}
      : {}),
  };
}

function oneResource(): OAuthError {
  return new OAuthError(
    'invalid_target',
    'Name one resource per token request: each token is for one API.',
  );
}
