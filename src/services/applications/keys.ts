import {BindingKey} from '@loopback/core';
import type {ApplicationAccessService} from './application-access.service';
import type {ApplicationCredentialService} from './application-credential.service';
import type {ApplicationService} from './application.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of client applications; also in IdentityBindings. */
export namespace ApplicationBindings {
  export const APPLICATION_SERVICE = BindingKey.create<ApplicationService>(
    'identity.services.applications',
  );
  /** Owner-or-admin lookups; everyone else gets APPLICATION_NOT_FOUND. */
  export const APPLICATION_ACCESS_SERVICE =
    BindingKey.create<ApplicationAccessService>(
      'identity.services.application-access',
    );
  export const APPLICATION_CREDENTIAL_SERVICE =
    BindingKey.create<ApplicationCredentialService>(
      'identity.services.application-credentials',
    );
}
