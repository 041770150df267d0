import {
  AuthorizationComponent,
  AuthorizationTags,
} from '@loopback/authorization';
import {
  Application,
  ContextBindings,
  createBindingFromClass,
} from '@loopback/core';
import {
  FIRST_PARTY_INTERCEPTOR_GROUP,
  FirstPartyInterceptor,
} from './interceptors/first-party.interceptor';
import {
  AccountRateLimitMiddlewareProvider,
  IpRateLimitMiddlewareProvider,
} from './interceptors/rate-limit.middleware';
import {TokenFailureLimitMiddlewareProvider} from './interceptors/token-failure-limit.middleware';
import {IdentityBindings} from './keys';
import {RoleAuthorizerProvider} from './services/accounts/role.authorizer';
import {ApiAreasEnhancer} from './services/platform/api-areas';
import {SecuritySchemesEnhancer} from './services/platform/security-schemes.enhancer';

/**
 * Abuse resistance and access control: the rate-limit middleware, the
 * first-party rule for tokens, roles through `@loopback/authorization`,
 * and the OpenAPI document's security schemes and areas (its tags).
 */
export function bindAccessControl(app: Application): void {
  app.component(AuthorizationComponent);
  // A third-party token is refused as such before any role is looked at.
  app.add(createBindingFromClass(FirstPartyInterceptor));
  app
    .bind(ContextBindings.GLOBAL_INTERCEPTOR_ORDERED_GROUPS)
    .to([FIRST_PARTY_INTERCEPTOR_GROUP, 'authorization']);
  app
    .bind(IdentityBindings.ROLE_AUTHORIZER)
    .toProvider(RoleAuthorizerProvider)
    .tag(AuthorizationTags.AUTHORIZER);
  app.add(createBindingFromClass(IpRateLimitMiddlewareProvider));
  app.add(createBindingFromClass(AccountRateLimitMiddlewareProvider));
  app.add(createBindingFromClass(TokenFailureLimitMiddlewareProvider));
  app.add(createBindingFromClass(SecuritySchemesEnhancer));
  app.add(createBindingFromClass(ApiAreasEnhancer));
}
