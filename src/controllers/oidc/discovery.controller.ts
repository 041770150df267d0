import {inject} from '@loopback/core';
import {get, oas, Response, RestBindings} from '@loopback/rest';
import {AppConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {
  protectedResourceMetadata,
  providerMetadata,
} from '../../services/oidc/discovery';
import {ApiArea} from '../../services/platform/api-areas';

/** Clients cache metadata; a few minutes lets a change reach them soon. */
const MAX_AGE_S = 300;

const METADATA = {
  description: 'The metadata document',
  content: {'application/json': {schema: {type: 'object'}}},
};

/**
 * Where clients that know only the issuer URL find every endpoint:
 * OpenID Connect Discovery 1.0, RFC 8414 and RFC 9728.
 */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class DiscoveryController {
  constructor(
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/.well-known/openid-configuration', {
    summary: 'OpenID Provider metadata (OpenID Connect Discovery 1.0)',
    responses: {'200': METADATA},
  })
  openidConfiguration(): object {
    return this.publish(
      providerMetadata(this.config.baseUrl, this.config.tokenSigningAlg),
    );
  }

  @get('/.well-known/oauth-authorization-server', {
    summary: 'OAuth 2.0 authorization server metadata (RFC 8414)',
    responses: {'200': METADATA},
  })
  authorizationServer(): object {
    return this.publish(
      providerMetadata(this.config.baseUrl, this.config.tokenSigningAlg),
    );
  }

  @get('/.well-known/oauth-protected-resource', {
    summary: "The service's own API as a protected resource (RFC 9728)",
    responses: {'200': METADATA},
  })
  protectedResource(): object {
    return this.publish(protectedResourceMetadata(this.config.baseUrl));
  }

  /**
   * Public, and read by single-page apps on any origin before they are
   * registered anywhere: every origin may read it (no credentials).
   */
  private publish(document: object): object {
    this.response.setHeader('Access-Control-Allow-Origin', '*');
    this.response.setHeader('Cache-Control', `public, max-age=${MAX_AGE_S}`);
    return document;
  }
}
