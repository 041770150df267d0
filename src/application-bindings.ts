import {Application, Constructor, createBindingFromClass} from '@loopback/core';
import {AppConfig} from './config';
import {CorsMiddlewareProvider} from './interceptors/cors.middleware';
import {IdentityBindings} from './keys';
import {ApplicationAccessService} from './services/applications/application-access.service';
import {ApplicationOwnershipService} from './services/accounts/application-ownership.service';
import {ApplicationCredentialService} from './services/applications/application-credential.service';
import {ApplicationService} from './services/applications/application.service';
import {ClientSecretHasher} from './services/tokens/client-secret-hasher';
import {CorsPolicyService} from './services/platform/cors-policy.service';
import {DestinationGuard} from './services/platform/destination-guard.service';
import {FirstPartyPolicyService} from './services/tokens/first-party-policy.service';

/** Client applications' service classes, each bound under its key tag. */
export const APPLICATION_SERVICES: Constructor<unknown>[] = [
  ApplicationService,
  ApplicationAccessService,
  ApplicationCredentialService,
  CorsPolicyService,
  DestinationGuard,
  FirstPartyPolicyService,
  ApplicationOwnershipService,
];

/**
 * Client applications (issue 5): the client secret hasher, and the CORS
 * middleware that admits their registered origins.
 */
export function bindClientApplications(
  app: Application,
  config: AppConfig,
): void {
  app
    .bind(IdentityBindings.CLIENT_SECRET_HASHER)
    .to(new ClientSecretHasher(config.appSecret));
  app.add(createBindingFromClass(CorsMiddlewareProvider));
}
