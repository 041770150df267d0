import {
  AuthorizationComponent,
  AuthorizationTags,
} from '@loopback/authorization';
import {Application, createBindingFromClass} from '@loopback/core';
import {
  AccountRateLimitMiddlewareProvider,
  IpRateLimitMiddlewareProvider,
} from './interceptors/rate-limit.middleware';
import {TokenFailureLimitMiddlewareProvider} from './interceptors/token-failure-limit.middleware';
import {IdentityBindings} from './keys';
import {RoleAuthorizerProvider} from './services/role.authorizer';
import {SecuritySchemesEnhancer} from './services/security-schemes.enhancer';

/**
 * Abuse resistance and access control: the rate-limit middleware, roles
 * through `@loopback/authorization`, and the OpenAPI security schemes.
 */
export function bindAccessControl(app: Application): void {
  app.component(AuthorizationComponent);
  app
    .bind(IdentityBindings.ROLE_AUTHORIZER)
    .toProvider(RoleAuthorizerProvider)
    .tag(AuthorizationTags.AUTHORIZER);
  app.add(createBindingFromClass(IpRateLimitMiddlewareProvider));
  app.add(createBindingFromClass(AccountRateLimitMiddlewareProvider));
  app.add(createBindingFromClass(TokenFailureLimitMiddlewareProvider));
  app.add(createBindingFromClass(SecuritySchemesEnhancer));
}
