import {Constructor} from '@loopback/core';
import {RestApplication} from '@loopback/rest';
import {OidcPagesMiddlewareProvider} from './interceptors/oidc-pages.middleware';
import {IdentityBindings} from './keys';
import {AuthorizationEndpointService} from './services/oidc/authorization-endpoint.service';
import {AuthorizingClientService} from './services/oidc/authorizing-client';
import {BrowserSessionService} from './services/oidc/browser-session.service';
import {AuthorizationGrantService} from './services/oidc/authorization-grant.service';
import {StoredConsentCheck} from './services/oidc/consent-check';
import {ConsentDecisionService} from './services/oidc/consent-decision.service';
import {ConsentPromptStore} from './services/oidc/consent-prompt-store';
import {EndSessionService} from './services/oidc/end-session.service';
import {IdTokenService} from './services/oidc/id-token.service';
import {InteractionStore} from './services/oidc/interaction-store';
import {UserinfoService} from './services/oidc/userinfo.service';
import {TokenAudienceService} from './services/oidc/token-audience.service';
import {ClientCredentialsGrantService} from './services/oidc/client-credentials-grant.service';

/**
 * The OpenID Provider's authorization side (issue 11): each class bound
 * once, under its key tag.
 */
export const OIDC_AUTHORIZE_SERVICES: Constructor<unknown>[] = [
  AuthorizingClientService,
  InteractionStore,
  BrowserSessionService,
  StoredConsentCheck,
  ConsentPromptStore,
  AuthorizationGrantService,
  AuthorizationEndpointService,
  ConsentDecisionService,
  IdTokenService,
  UserinfoService,
  EndSessionService,
  TokenAudienceService,
  ClientCredentialsGrantService,
];

/**
 * The HTML refusals of the browser endpoints; the ID token service as what
 * completes a code's token response, the audience rule (RFC 8707) and the
 * client credentials grant (the tokens feature asks its own keys, so it
 * imports nothing from up here).
 */
export function bindOidcAuthorize(app: RestApplication): void {
  app.middleware(OidcPagesMiddlewareProvider);
  app
    .bind(IdentityBindings.CODE_RESPONSE_COMPLETION)
    .toAlias(IdentityBindings.ID_TOKEN_SERVICE);
  app
    .bind(IdentityBindings.AUDIENCE_RULE)
    .toAlias(IdentityBindings.TOKEN_AUDIENCE_SERVICE);
  app
    .bind(IdentityBindings.CLIENT_CREDENTIALS_GRANT)
    .toAlias(IdentityBindings.CLIENT_CREDENTIALS_GRANT_SERVICE);
}
