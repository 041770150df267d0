import {
  Application,
  BindingKey,
  Constructor,
  createBindingFromClass,
} from '@loopback/core';
import {AppConfig} from './config';
import {CorsMiddlewareProvider} from './interceptors/cors.middleware';
import {IdentityBindings} from './keys';
import {bindSingletons} from './service-bindings';
import {ApplicationAccessService} from './services/application-access.service';
import {ApplicationOwnershipService} from './services/application-ownership.service';
import {ApplicationCredentialService} from './services/application-credential.service';
import {ApplicationService} from './services/application.service';
import {ClientSecretHasher} from './services/client-secret-hasher';
import {CorsPolicyService} from './services/cors-policy.service';
import {FirstPartyPolicyService} from './services/first-party-policy.service';

const SINGLETONS: [BindingKey<object>, Constructor<object>][] = [
  [IdentityBindings.APPLICATION_SERVICE, ApplicationService],
  [IdentityBindings.APPLICATION_ACCESS_SERVICE, ApplicationAccessService],
  [
    IdentityBindings.APPLICATION_CREDENTIAL_SERVICE,
    ApplicationCredentialService,
  ],
  [IdentityBindings.CORS_POLICY_SERVICE, CorsPolicyService],
  [IdentityBindings.FIRST_PARTY_POLICY_SERVICE, FirstPartyPolicyService],
  [IdentityBindings.APPLICATION_OWNERSHIP_SERVICE, ApplicationOwnershipService],
];

/**
 * Client applications (issue 5): their services, the client secret
 * hasher, and the CORS middleware that admits their registered origins.
 */
export function bindClientApplications(
  app: Application,
  config: AppConfig,
): void {
  bindSingletons(app, SINGLETONS);
  app
    .bind(IdentityBindings.CLIENT_SECRET_HASHER)
    .to(new ClientSecretHasher(config.appSecret));
  app.add(createBindingFromClass(CorsMiddlewareProvider));
}
