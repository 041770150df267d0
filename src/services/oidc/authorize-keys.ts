import {BindingKey} from '@loopback/core';
import type {AuthorizationEndpointService} from './authorization-endpoint.service';
import type {AuthorizationGrantService} from './authorization-grant.service';
import type {AuthorizingClientService} from './authorizing-client';
import type {BrowserSessionService} from './browser-session.service';
import type {ConsentCheck} from './consent-check';
import type {ConsentDecisionService} from './consent-decision.service';
import type {ConsentPromptStore} from './consent-prompt-store';
import type {EndSessionService} from './end-session.service';
import type {IdTokenService} from './id-token.service';
import type {InteractionStore} from './interaction-store';
import type {UserinfoService} from './userinfo.service';

// Types only: the classes name these keys in their key tags.

/**
 * The binding keys of the OpenID Provider's authorization side: the
 * authorization endpoint, the browser sign-in, ID tokens, userinfo and
 * logout; also in IdentityBindings.
 */
export namespace OidcAuthorizeBindings {
  export const AUTHORIZATION_ENDPOINT_SERVICE =
    BindingKey.create<AuthorizationEndpointService>(
      'identity.services.oidc.authorization-endpoint',
    );
  /** The last step of an authorization: consent, then the code. */
  export const AUTHORIZATION_GRANT_SERVICE =
    BindingKey.create<AuthorizationGrantService>(
      'identity.services.oidc.authorization-grants',
    );
  /** Which client an authorization request answers to, checked first. */
  export const AUTHORIZING_CLIENT_SERVICE =
    BindingKey.create<AuthorizingClientService>(
      'identity.services.oidc.authorizing-client',
    );
  /** Authorization requests waiting for the hosted sign-in. */
  export const INTERACTION_STORE = BindingKey.create<InteractionStore>(
    'identity.services.oidc.interactions',
  );
  /** The service's own browser sign-in (the SSO cookie). */
  export const BROWSER_SESSION_SERVICE =
    BindingKey.create<BrowserSessionService>(
      'identity.services.oidc.browser-sessions',
    );
  /** Whether a signed-in person has granted a client what it asks. */
  export const CONSENT_CHECK = BindingKey.create<ConsentCheck>(
    'identity.services.oidc.consent-check',
  );
  /** Authorization requests waiting for the person on the consent page. */
  export const CONSENT_PROMPT_STORE = BindingKey.create<ConsentPromptStore>(
    'identity.services.oidc.consent-prompts',
  );
  /** The consent page: what it shows, and the person's answer. */
  export const CONSENT_DECISION_SERVICE =
    BindingKey.create<ConsentDecisionService>(
      'identity.services.oidc.consent-decisions',
    );
  export const ID_TOKEN_SERVICE = BindingKey.create<IdTokenService>(
    'identity.services.oidc.id-tokens',
  );
  export const USERINFO_SERVICE = BindingKey.create<UserinfoService>(
    'identity.services.oidc.userinfo',
  );
  /** RP-initiated logout. */
  export const END_SESSION_SERVICE = BindingKey.create<EndSessionService>(
    'identity.services.oidc.end-session',
  );
}
