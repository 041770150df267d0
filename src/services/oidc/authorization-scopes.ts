import {Resource} from '../../models';
import {all, AuthorizationParams} from './authorization-params';
import {AuthorizeRedirectError} from './authorization-errors';
import {
  AuthorizationRequest,
  readAuthorizationRequest,
} from './authorization-request';
import type {AuthorizingClient} from './authorizing-client';
import {grantableScopes, ScopeClient} from './scopes';

/** Where the resources a request names are read (ResourceService fits). */
export interface ResourceLookup {
  findByIdentifiers(identifiers: readonly string[]): Promise<Resource[]>;
}

/**
 * Reads an authorization request (see readAuthorizationRequest) with what
 * it is granted: the resources it names (RFC 8707) must be APIs this
 * service issues tokens for, or BASE_URL, the service itself
 * (`invalid_target` otherwise); its scopes become those the application
 * may be granted (`grantableScopes`): a resource scope only when the
 * application lists it and a named resource defines it.
 */
export async function readGrantedRequest(
  params: AuthorizationParams,
  client: AuthorizingClient,
  resources: ResourceLookup,
  baseUrl: string,
): Promise<AuthorizationRequest> {
  const named = await resources.findByIdentifiers(all(params, 'resource'));
  const defined = new Set(named.flatMap(resource => resource.scopes ?? []));
  const request = readAuthorizationRequest(params, client, defined);
  const unknown = request.resource.find(
    id => id !== baseUrl && !named.some(r => r.identifier === id),
  );
  if (unknown !== undefined) {
    throw new AuthorizeRedirectError(
      'invalid_target',
      `${JSON.stringify(unknown.slice(0, 80))} is not an API this service issues tokens for.`,
    );
  }
  const grantee: ScopeClient = {...client, id: client.clientId};
  const {granted} = grantableScopes(grantee, request.scopes, named);
  // Never more than was asked: a first-party client holds `account`
  // anyway, checked on each request, so its grant need not say so.
  return {...request, scopes: granted.filter(s => request.scopes.includes(s))};
}
