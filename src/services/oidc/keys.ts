import {BindingKey} from '@loopback/core';
import type {ConsentService} from './consent.service';
import type {ClientCredentialsGrantService} from './client-credentials-grant.service';
import type {ResourceService} from './resource.service';
import type {TokenAudienceService} from './token-audience.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of the OpenID Provider; also in IdentityBindings. */
export namespace OidcBindings {
  /** The APIs (RFC 8707 resources) tokens may be issued for, and their scopes. */
  export const RESOURCE_SERVICE = BindingKey.create<ResourceService>(
    'identity.services.oidc-resources',
  );
  /** The consents people gave third-party applications: stored, listed, revoked. */
  export const CONSENT_SERVICE = BindingKey.create<ConsentService>(
    'identity.services.oidc-consents',
  );
  /** Which API a token is for and its scope there (the tokens feature's AUDIENCE_RULE). */
  export const TOKEN_AUDIENCE_SERVICE = BindingKey.create<TokenAudienceService>(
    'identity.services.oidc.token-audience',
  );
  /** `grant_type=client_credentials` (the tokens feature's CLIENT_CREDENTIALS_GRANT). */
  export const CLIENT_CREDENTIALS_GRANT_SERVICE =
    BindingKey.create<ClientCredentialsGrantService>(
      'identity.services.oidc.client-credentials-grant',
    );
}
