import {model, property} from '@loopback/repository';
import {modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** One API per identifier: it is the `aud` of the tokens issued for it. */
export const RESOURCE_IDENTIFIER_INDEX = 'resource_identifier_uq';

/** Longest scope token a resource may define (and an application list). */
export const MAX_SCOPE_LENGTH = 128;

/**
 * Longest lifetime, in seconds, a resource may give its access tokens: a
 * token longer than a day outlives every reasonable revocation check of a
 * resource server that does not introspect. Revocations are remembered
 * that long.
 */
export const ACCESS_TOKEN_TTL_MAX = 86_400;

/**
 * An API that accepts this service's access tokens (RFC 8707 resource
 * server). A client names it with the `resource` parameter; the token it
 * gets has the identifier as `aud` and only scopes the resource defines.
 */
@model({
  settings: modelSettings(
    uniqueIndex(RESOURCE_IDENTIFIER_INDEX, ['identifier']),
  ),
})
export class Resource extends TimestampedEntity {
  /**
   * The API's absolute URI, compared exactly. Never changed once created:
   * tokens already issued carry it as their audience, and consents name it.
   */
  @property({type: 'string', required: true})
  identifier: string;

  @property({type: 'string', required: true})
  name: string;

  /** The scopes the API understands (RFC 6749 §3.3 tokens). */
  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  scopes: string[];

  /** Seconds an access token for this API lives; the service's default when absent. */
  @property({type: 'number', postgresql: {dataType: 'integer'}})
  accessTokenTtl?: number;

  /**
   * The confidential application the API authenticates as at the
   * introspection endpoint (RFC 7662): it learns about the tokens whose
   * `aud` is this resource.
   */
  @property({type: 'string'})
  applicationId?: string;

  constructor(data?: Partial<Resource>) {
    super(data);
  }
}
