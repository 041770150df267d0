import {BindingKey} from '@loopback/core';
import type {ConsentService} from './consent.service';
import type {ResourceService} from './resource.service';

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
}
