import {BindingKey} from '@loopback/core';
import type {AuthorizationCodeService} from './authorization-code.service';
import type {ClientAuthenticator} from './client-authenticator.service';
import type {ClientRuleService} from './client-rule.service';
import type {ClientSecretHasher} from './client-secret-hasher';
import type {CodeResponseCompletion} from './code-response';
import type {AuthTokenService} from './auth-token.service';
import type {DeviceTokenService} from './device-token.service';
import type {EmailTokenService} from './email-token.service';
import type {FirstPartyPolicyService} from './first-party-policy.service';
import type {GrantHandler} from './grant-handler';
import type {IssuedTokenService} from './issued-token.service';
import type {KeyRotationService} from './key-rotation.service';
import type {RevocationService} from './revocation.service';
import type {RetentionService} from './retention.service';
import type {SecondFactorGate} from './second-factor-gate';
import type {SessionService} from './session.service';
import type {SigningKeyService} from './signing-key.service';
import type {StepUpService} from './step-up.service';
import type {TokenExchangeGrant} from './token-exchange';
import type {AudienceRule} from './token-audience';
import type {TokenGrantService} from './token-grant.service';
import type {TokenService} from './token.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of tokens, sessions, signing keys, codes and client authentication; also in IdentityBindings. */
export namespace TokenBindings {
  export const SIGNING_KEY_SERVICE = BindingKey.create<SigningKeyService>(
    'identity.services.signing-keys',
  );
  export const REVOCATION_SERVICE = BindingKey.create<RevocationService>(
    'identity.services.revocations',
  );
  export const RETENTION_SERVICE = BindingKey.create<RetentionService>(
    'identity.services.retention',
  );
  export const TOKEN_SERVICE = BindingKey.create<TokenService>(
    'identity.services.tokens',
  );
  export const SESSION_SERVICE = BindingKey.create<SessionService>(
    'identity.services.sessions',
  );
  export const EMAIL_TOKEN_SERVICE = BindingKey.create<EmailTokenService>(
    'identity.services.email-tokens',
  );
  /** One-time authorization codes with PKCE, issued by the login flows. */
  export const AUTHORIZATION_CODE_SERVICE =
    BindingKey.create<AuthorizationCodeService>(
      'identity.services.authorization-codes',
    );
  /** The one rule of whether a client id names a usable client (and for a flow, its redirect URI, PKCE and provider credentials). */
  export const CLIENT_RULE = BindingKey.create<ClientRuleService>(
    'identity.services.client-rule',
  );
  /**
   * Optional: what the OpenID Provider adds to a code's token response
   * (ID token, scope); bound by the feature above, never by `tokens`.
   */
  export const CODE_RESPONSE_COMPLETION =
    BindingKey.create<CodeResponseCompletion>(
      'identity.services.code-response-completion',
    );
  /** RFC 9470: whether a sensitive operation may go on, or needs a step-up. */
  export const STEP_UP_SERVICE = BindingKey.create<StepUpService>(
    'identity.services.step-up',
  );
  /**
   * Optional: what refuses a first factor alone for an account with a
   * second factor (MFA_REQUIRED); bound by the `mfa` feature above.
   */
  export const SECOND_FACTOR_GATE = BindingKey.create<SecondFactorGate>(
    'identity.services.second-factor-gate',
  );
  /**
   * Optional: the token exchange grant (RFC 8693) of `/auth/token`; bound by
   * the providers feature (a linked account's provider token), never by
   * `tokens`.
   */
  export const TOKEN_EXCHANGE_GRANT = BindingKey.create<TokenExchangeGrant>(
    'identity.services.token-exchange-grant',
  );
  /**
   * Optional: which API a user's access token is for (RFC 8707) and its
   * scope there; bound by the OpenID Provider, never by `tokens`.
   */
  export const AUDIENCE_RULE = BindingKey.create<AudienceRule>(
    'identity.services.audience-rule',
  );
  /**
   * Optional: `grant_type=client_credentials`, bound by the OpenID
   * Provider (whose scope catalogue it needs); unsupported without it.
   */
  export const CLIENT_CREDENTIALS_GRANT = BindingKey.create<GrantHandler>(
    'identity.services.grants.client-credentials',
  );
  /** Decides which client a request to an OAuth endpoint acts for. */
  export const CLIENT_AUTHENTICATOR = BindingKey.create<ClientAuthenticator>(
    'identity.services.client-authenticator',
  );
  export const TOKEN_GRANT_SERVICE = BindingKey.create<TokenGrantService>(
    'identity.services.token-grants',
  );
  export const ISSUED_TOKEN_SERVICE = BindingKey.create<IssuedTokenService>(
    'identity.services.issued-tokens',
  );
  export const KEY_ROTATION_SERVICE = BindingKey.create<KeyRotationService>(
    'identity.services.key-rotation',
  );
  /** HTTP Basic auth tokens (RESTHeart's Auth-Token), sessions of their own. */
  export const AUTH_TOKEN_SERVICE = BindingKey.create<AuthTokenService>(
    'identity.services.auth-token',
  );
  export const DEVICE_TOKEN_SERVICE = BindingKey.create<DeviceTokenService>(
    'identity.services.device-tokens',
  );
  /** Generates, hashes (HMAC under APP_SECRET) and verifies client secrets. */
  export const CLIENT_SECRET_HASHER = BindingKey.create<ClientSecretHasher>(
    'identity.services.client-secret-hasher',
  );
  /** Whether a token's application may manage the account (issue 9). */
  export const FIRST_PARTY_POLICY_SERVICE =
    BindingKey.create<FirstPartyPolicyService>(
      'identity.services.first-party-policy',
    );
}
