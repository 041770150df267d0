import type {Authorizer} from '@loopback/authorization';
import {BindingKey} from '@loopback/core';
import type {juggler} from '@loopback/repository';
import type {AppConfig} from './config';
import type {ProviderEntry} from './config/provider-entry';
import type {Clock} from './services/platform/clock';
import type {EphemeralStore} from './services/store/ephemeral-store';
import type {Logger} from './services/platform/logger';
import type {ProviderCredentialsService} from './services/providers/provider-credentials.service';
import type {AuditService} from './services/platform/audit.service';
import type {LoginLockoutService} from './services/abuse/login-lockout.service';
import type {DeviceTokenService} from './services/tokens/device-token.service';
import type {LoginService} from './services/accounts/login.service';
import type {MailService} from './services/mail/mail.service';
import type {FirstAdminService} from './services/accounts/first-admin.service';
import type {PasswordService} from './services/accounts/password.service';
import type {RateLimitSettings} from './services/abuse/rate-limit-settings';
import type {RateLimiterService} from './services/abuse/rate-limiter.service';
import type {RevocationService} from './services/tokens/revocation.service';
import type {SecretBox} from './services/platform/secret-box.service';
import type {SessionService} from './services/tokens/session.service';
import type {SigningKeyService} from './services/tokens/signing-key.service';
import type {TokenService} from './services/tokens/token.service';
import type {AccountDeletionService} from './services/accounts/account-deletion.service';
import type {AccountService} from './services/accounts/account.service';
import type {EmailFlowService} from './services/accounts/email-flow.service';
import type {EmailChangeService} from './services/accounts/email-change.service';
import type {EmailTokenService} from './services/tokens/email-token.service';
import type {PasswordChangeService} from './services/accounts/password-change.service';
import type {PasswordLoginService} from './services/accounts/password-login.service';
import type {AuthorizationCodeService} from './services/tokens/authorization-code.service';
import type {ClientAuthenticator} from './services/tokens/client-authenticator.service';
import type {IssuedTokenService} from './services/tokens/issued-token.service';
import type {KeyRotationService} from './services/tokens/key-rotation.service';
import type {TokenGrantService} from './services/tokens/token-grant.service';
import type {UserSessionsService} from './services/accounts/user-sessions.service';
import type {UserAdminService} from './services/accounts/user-admin.service';
import type {NativeTokenExchangeService} from './services/providers/native/native-token-exchange.service';
import type {NativeTokenVerifierService} from './services/providers/native/native-token-verifier.service';
import type {ModuleLoader} from './services/providers/passport/oidc-strategy-builder';
import type {PassportStrategyFactory} from './services/providers/passport/passport-strategy-factory';
import type {ApplicationAccessService} from './services/applications/application-access.service';
import type {ApplicationCredentialService} from './services/applications/application-credential.service';
import type {ApplicationService} from './services/applications/application.service';
import type {ClientSecretHasher} from './services/tokens/client-secret-hasher';
import type {CorsPolicyService} from './services/platform/cors-policy.service';
import type {FirstPartyPolicyService} from './services/tokens/first-party-policy.service';
import type {ApplicationOwnershipService} from './services/accounts/application-ownership.service';
import type {ProviderAccountWriter} from './services/providers/flows/provider-account-writer';
import type {ProviderSignInService} from './services/providers/flows/provider-sign-in.service';
import type {FlowClientService} from './services/applications/flow-client.service';
import type {LinkedAccountsService} from './services/providers/linking/linked-accounts.service';
import type {ProviderFlowStore} from './services/providers/flows/provider-flow-store';
import type {ProviderFlowService} from './services/providers/flows/provider-flow.service';
import type {ProviderTokenService} from './services/providers/provider-token.service';
import type {ProviderStrategyRunner} from './services/providers/passport/provider-strategy-runner';
import type {StoreLockService} from './services/store/store-lock.service';
import type {LinkConfirmationService} from './services/providers/linking/link-confirmation.service';
import type {PendingLinkStore} from './services/providers/linking/pending-link-store';
import type {ProviderFlowCommitService} from './services/providers/flows/provider-flow-commit.service';
import type {UnitOfWork} from './repositories/unit-of-work';

// Types only (`import type`): the classes name these keys in their
// `@injectable` key tags, so loading them from here would be a cycle.

/** Every binding key of the identity service, typed. */
export namespace IdentityBindings {
  export const CONFIG = BindingKey.create<AppConfig>('identity.config');
  export const CLOCK = BindingKey.create<Clock>('identity.clock');
  export const LOGGER = BindingKey.create<Logger>('identity.logger');
  export const STORE = BindingKey.create<EphemeralStore>('identity.store');
  /** The juggler datasource holding accounts (memory, PostgreSQL or MongoDB). */
  export const DATASOURCE_NAME = 'db';

  // outgoing mail
  /** Sends account mail over SMTP, or into the data directory's outbox. */
  export const MAIL_SERVICE = BindingKey.create<MailService>(
    'identity.services.mail',
  );
  // cryptographic building blocks
  export const PASSWORD_SERVICE = BindingKey.create<PasswordService>(
    'identity.services.password',
  );
  export const SECRET_BOX = BindingKey.create<SecretBox>(
    'identity.services.secret-box',
  );

  // tokens
  export const SIGNING_KEY_SERVICE = BindingKey.create<SigningKeyService>(
    'identity.services.signing-keys',
  );
  export const REVOCATION_SERVICE = BindingKey.create<RevocationService>(
    'identity.services.revocations',
  );
  export const TOKEN_SERVICE = BindingKey.create<TokenService>(
    'identity.services.tokens',
  );
  export const SESSION_SERVICE = BindingKey.create<SessionService>(
    'identity.services.sessions',
  );
  // accounts
  export const LOGIN_SERVICE = BindingKey.create<LoginService>(
    'identity.services.login',
  );
  export const AUDIT_SERVICE = BindingKey.create<AuditService>(
    'identity.services.audit',
  );
}

// Data layer: models, repositories and the datasource they store into.
export namespace IdentityBindings {
  /** The accounts datasource; repositories inject it. */
  export const DATASOURCE = BindingKey.create<juggler.DataSource>(
    `datasources.${IdentityBindings.DATASOURCE_NAME}`,
  );
  /** Runs writes that belong together as one unit (a transaction). */
  export const UNIT_OF_WORK = BindingKey.create<UnitOfWork>(
    'identity.repositories.unit-of-work',
  );
}

// Local accounts: sign-up, login, own account, email verification and reset.
export namespace IdentityBindings {
  export const ACCOUNT_SERVICE = BindingKey.create<AccountService>(
    'identity.services.accounts',
  );
  export const ACCOUNT_DELETION_SERVICE =
    BindingKey.create<AccountDeletionService>(
      'identity.services.account-deletion',
    );
  export const PASSWORD_CHANGE_SERVICE =
    BindingKey.create<PasswordChangeService>(
      'identity.services.password-change',
    );
  export const PASSWORD_LOGIN_SERVICE = BindingKey.create<PasswordLoginService>(
    'identity.services.password-login',
  );
  export const EMAIL_TOKEN_SERVICE = BindingKey.create<EmailTokenService>(
    'identity.services.email-tokens',
  );
  export const EMAIL_FLOW_SERVICE = BindingKey.create<EmailFlowService>(
    'identity.services.email-flows',
  );
  export const EMAIL_CHANGE_SERVICE = BindingKey.create<EmailChangeService>(
    'identity.services.email-change',
  );
}

// OAuth endpoints and sessions API: one-time codes, client authentication,
// the token endpoint's grants, introspection and revocation, own sessions.
export namespace IdentityBindings {
  /** One-time authorization codes with PKCE, issued by the login flows. */
  export const AUTHORIZATION_CODE_SERVICE =
    BindingKey.create<AuthorizationCodeService>(
      'identity.services.authorization-codes',
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
  export const USER_SESSIONS_SERVICE = BindingKey.create<UserSessionsService>(
    'identity.services.user-sessions',
  );
  export const KEY_ROTATION_SERVICE = BindingKey.create<KeyRotationService>(
    'identity.services.key-rotation',
  );
}

// Abuse resistance, roles and administration.
export namespace IdentityBindings {
  /** Rate limits and lock-out steps: the defaults plus the app's overrides. */
  export const RATE_LIMIT_SETTINGS = BindingKey.create<RateLimitSettings>(
    'identity.rate-limits',
  );
  export const RATE_LIMITER_SERVICE = BindingKey.create<RateLimiterService>(
    'identity.services.rate-limiter',
  );
  export const DEVICE_TOKEN_SERVICE = BindingKey.create<DeviceTokenService>(
    'identity.services.device-tokens',
  );
  export const LOGIN_LOCKOUT_SERVICE = BindingKey.create<LoginLockoutService>(
    'identity.services.login-lockout',
  );
  export const USER_ADMIN_SERVICE = BindingKey.create<UserAdminService>(
    'identity.services.user-admin',
  );
  export const FIRST_ADMIN_SERVICE = BindingKey.create<FirstAdminService>(
    'identity.services.first-admin',
  );
  /** Allows a caller whose stored roles include one the route allows. */
  export const ROLE_AUTHORIZER = BindingKey.create<Authorizer>(
    'identity.authorizers.roles',
  );
}

// Third-party providers: providers.json and the Passport strategy factory.
export namespace IdentityBindings {
  /** The enabled providers.json entries, validated and frozen at start. */
  export const PROVIDERS =
    BindingKey.create<readonly ProviderEntry[]>('identity.providers');
  /** Builds (and caches) the Passport strategy of an entry. */
  export const PROVIDER_STRATEGY_FACTORY =
    BindingKey.create<PassportStrategyFactory>(
      'identity.providers.strategy-factory',
    );
  /** Loads Passport modules by name; replaced in tests. */
  export const PASSPORT_MODULE_LOADER = BindingKey.create<ModuleLoader>(
    'identity.providers.module-loader',
  );
  /** passport-oauth2's `store` (OAuth state without sessions), when bound. */
  export const OAUTH2_STATE_STORE = BindingKey.create<object>(
    'identity.providers.oauth2-state-store',
  );
}

// Which credentials a provider flow runs with (global or the application's).
export namespace IdentityBindings {
  export const PROVIDER_CREDENTIALS_SERVICE =
    BindingKey.create<ProviderCredentialsService>(
      'identity.services.provider-credentials',
    );
}

// Client applications (issue 5): registration, their provider credentials,
// client secrets and the CORS origins they register.
export namespace IdentityBindings {
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
  /** Generates, hashes (HMAC under APP_SECRET) and verifies client secrets. */
  export const CLIENT_SECRET_HASHER = BindingKey.create<ClientSecretHasher>(
    'identity.services.client-secret-hasher',
  );
  /** The origins CORS allows, cached briefly. */
  export const CORS_POLICY_SERVICE = BindingKey.create<CorsPolicyService>(
    'identity.services.cors-policy',
  );
  /** Removing applications, and their fate when their owner is deleted. */
  export const APPLICATION_OWNERSHIP_SERVICE =
    BindingKey.create<ApplicationOwnershipService>(
      'identity.services.application-ownership',
    );
  /** Whether a token's application may manage the account (issue 9). */
  export const FIRST_PARTY_POLICY_SERVICE =
    BindingKey.create<FirstPartyPolicyService>(
      'identity.services.first-party-policy',
    );
}

// Third-party login flows and linking (issue 4 part B).
export namespace IdentityBindings {
  /** The linking rules: sign in or link with a provider account. */
  export const PROVIDER_SIGN_IN_SERVICE =
    BindingKey.create<ProviderSignInService>(
      'identity.services.provider-sign-in',
    );
  /** Stores identities and their sealed tokens. */
  export const PROVIDER_ACCOUNT_WRITER =
    BindingKey.create<ProviderAccountWriter>(
      'identity.services.provider-account-writer',
    );
  /** Browser flows: start (checks the client), finish (code redirect). */
  export const PROVIDER_FLOW_SERVICE = BindingKey.create<ProviderFlowService>(
    'identity.services.provider-flows',
  );
  /** Which client and redirect URI a flow may answer to. */
  export const FLOW_CLIENT_SERVICE = BindingKey.create<FlowClientService>(
    'identity.services.flow-clients',
  );
  /** Pending flows in the store, keyed by the state the provider sees. */
  export const PROVIDER_FLOW_STORE = BindingKey.create<ProviderFlowStore>(
    'identity.services.provider-flow-store',
  );
  /** Runs a strategy leg through StrategyAdapter. */
  export const PROVIDER_STRATEGY_RUNNER =
    BindingKey.create<ProviderStrategyRunner>(
      'identity.providers.strategy-runner',
    );
  /** Own identities and credentials: list, unlink. */
  export const LINKED_ACCOUNTS_SERVICE =
    BindingKey.create<LinkedAccountsService>(
      'identity.services.linked-accounts',
    );
  /** A linked account's provider access token, refreshed when expired. */
  export const PROVIDER_TOKEN_SERVICE = BindingKey.create<ProviderTokenService>(
    'identity.services.provider-tokens',
  );
}

// Native apps' token exchange (POST /auth/{name}/token).
export namespace IdentityBindings {
  /** Checks a provider SDK's token with the provider, for one application. */
  export const NATIVE_TOKEN_VERIFIER =
    BindingKey.create<NativeTokenVerifierService>(
      'identity.services.native-token-verifier',
    );
  /** Verify, sign in by the linking rules, open a session. */
  export const NATIVE_TOKEN_EXCHANGE_SERVICE =
    BindingKey.create<NativeTokenExchangeService>(
      'identity.services.native-token-exchange',
    );
}

// Short locks across nodes (issue 4 gaps): serialise unlinks per user and
// refreshes per stored provider token.
export namespace IdentityBindings {
  /** Mutual exclusion through the store's setIfAbsent with a TTL. */
  export const STORE_LOCK_SERVICE = BindingKey.create<StoreLockService>(
    'identity.services.store-lock',
  );
}

// Link flows bound to the browser that started them, or confirmed by the
// person (link CSRF): the shared commit step and the confirmation fallback.
export namespace IdentityBindings {
  /** Linking rules + one-time code: the last step of every browser flow. */
  export const PROVIDER_FLOW_COMMIT_SERVICE =
    BindingKey.create<ProviderFlowCommitService>(
      'identity.services.provider-flow-commit',
    );
  /** Links waiting for the person's confirmation, sealed, single use. */
  export const PENDING_LINK_STORE = BindingKey.create<PendingLinkStore>(
    'identity.services.pending-link-store',
  );
  /** Parks an unbound link and applies the person's answer. */
  export const LINK_CONFIRMATION_SERVICE =
    BindingKey.create<LinkConfirmationService>(
      'identity.services.link-confirmation',
    );
}
