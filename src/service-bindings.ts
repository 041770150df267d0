import {
  AuthenticationComponent,
  registerAuthenticationStrategy,
} from '@loopback/authentication';
import {
  Application,
  BindingKey,
  BindingScope,
  Constructor,
} from '@loopback/core';
import {IdentityBindings} from './keys';
import {ProviderCredentialsService} from './services/provider-credentials.service';
import {NativeTokenExchangeService} from './services/native-token-exchange.service';
import {NativeTokenVerifierService} from './services/native-token-verifier.service';
import {AuditService} from './services/audit.service';
import {FirstAdminService} from './services/first-admin.service';
import {LoginLockoutService} from './services/login-lockout.service';
import {DeviceTokenService} from './services/device-token.service';
import {LoginService} from './services/login.service';
import {MailService} from './services/mail.service';
import {RateLimiterService} from './services/rate-limiter.service';
import {RevocationService} from './services/revocation.service';
import {SessionService} from './services/session.service';
import {SigningKeyService} from './services/signing-key.service';
import {TokenService} from './services/token.service';
import {AccountDeletionService} from './services/account-deletion.service';
import {AccountService} from './services/account.service';
import {EmailChangeService} from './services/email-change.service';
import {EmailFlowService} from './services/email-flow.service';
import {EmailTokenService} from './services/email-token.service';
import {PasswordChangeService} from './services/password-change.service';
import {PasswordLoginService} from './services/password-login.service';
import {AuthorizationCodeService} from './services/authorization-code.service';
import {ClientAuthenticator} from './services/client-authenticator.service';
import {IssuedTokenService} from './services/issued-token.service';
import {KeyRotationService} from './services/key-rotation.service';
import {TokenGrantService} from './services/token-grant.service';
import {UserSessionsService} from './services/user-sessions.service';
import {UserAdminService} from './services/user-admin.service';
import {ProviderAccountWriter} from './services/provider-account-writer';
import {ProviderSignInService} from './services/provider-sign-in.service';
import {FlowClientService} from './services/flow-client.service';
import {LinkedAccountsService} from './services/linked-accounts.service';
import {ProviderFlowStore} from './services/provider-flow-store';
import {ProviderFlowService} from './services/provider-flow.service';
import {ProviderTokenService} from './services/provider-token.service';
import {ProviderStrategyRunner} from './strategies/provider-strategy-runner';
import {StoreLockService} from './services/store-lock.service';
import {LinkConfirmationService} from './services/link-confirmation.service';
import {PendingLinkStore} from './services/pending-link-store';
import {ProviderFlowCommitService} from './services/provider-flow-commit.service';
import {UnitOfWork} from './repositories/unit-of-work';
import {BasicAuthStrategy} from './strategies/basic-auth.strategy';
import {BearerTokenStrategy} from './strategies/bearer-token.strategy';

/** Services bound as singletons under their typed keys. One line each. */
const SINGLETONS: [BindingKey<object>, Constructor<object>][] = [
  [IdentityBindings.UNIT_OF_WORK, UnitOfWork],
  [IdentityBindings.MAIL_SERVICE, MailService],
  [IdentityBindings.SIGNING_KEY_SERVICE, SigningKeyService],
  [IdentityBindings.REVOCATION_SERVICE, RevocationService],
  [IdentityBindings.TOKEN_SERVICE, TokenService],
  [IdentityBindings.SESSION_SERVICE, SessionService],
  [IdentityBindings.LOGIN_SERVICE, LoginService],
  [IdentityBindings.AUDIT_SERVICE, AuditService],
  // local accounts
  [IdentityBindings.ACCOUNT_SERVICE, AccountService],
  [IdentityBindings.ACCOUNT_DELETION_SERVICE, AccountDeletionService],
  [IdentityBindings.PASSWORD_CHANGE_SERVICE, PasswordChangeService],
  [IdentityBindings.PASSWORD_LOGIN_SERVICE, PasswordLoginService],
  [IdentityBindings.EMAIL_TOKEN_SERVICE, EmailTokenService],
  [IdentityBindings.EMAIL_FLOW_SERVICE, EmailFlowService],
  [IdentityBindings.EMAIL_CHANGE_SERVICE, EmailChangeService],
  // OAuth endpoints and sessions API
  [IdentityBindings.AUTHORIZATION_CODE_SERVICE, AuthorizationCodeService],
  [IdentityBindings.CLIENT_AUTHENTICATOR, ClientAuthenticator],
  [IdentityBindings.TOKEN_GRANT_SERVICE, TokenGrantService],
  [IdentityBindings.ISSUED_TOKEN_SERVICE, IssuedTokenService],
  [IdentityBindings.USER_SESSIONS_SERVICE, UserSessionsService],
  [IdentityBindings.KEY_ROTATION_SERVICE, KeyRotationService],
  [IdentityBindings.PROVIDER_CREDENTIALS_SERVICE, ProviderCredentialsService],
  [IdentityBindings.NATIVE_TOKEN_VERIFIER, NativeTokenVerifierService],
  [IdentityBindings.NATIVE_TOKEN_EXCHANGE_SERVICE, NativeTokenExchangeService],
  // abuse resistance, roles and administration
  [IdentityBindings.RATE_LIMITER_SERVICE, RateLimiterService],
  [IdentityBindings.LOGIN_LOCKOUT_SERVICE, LoginLockoutService],
  [IdentityBindings.DEVICE_TOKEN_SERVICE, DeviceTokenService],
  [IdentityBindings.USER_ADMIN_SERVICE, UserAdminService],
  [IdentityBindings.FIRST_ADMIN_SERVICE, FirstAdminService],
  // third-party login flows and linking
  [IdentityBindings.PROVIDER_ACCOUNT_WRITER, ProviderAccountWriter],
  [IdentityBindings.PROVIDER_SIGN_IN_SERVICE, ProviderSignInService],
  [IdentityBindings.FLOW_CLIENT_SERVICE, FlowClientService],
  [IdentityBindings.PROVIDER_FLOW_STORE, ProviderFlowStore],
  [IdentityBindings.PROVIDER_STRATEGY_RUNNER, ProviderStrategyRunner],
  [IdentityBindings.PROVIDER_FLOW_SERVICE, ProviderFlowService],
  [IdentityBindings.LINKED_ACCOUNTS_SERVICE, LinkedAccountsService],
  [IdentityBindings.PROVIDER_TOKEN_SERVICE, ProviderTokenService],
  // short locks across nodes
  [IdentityBindings.STORE_LOCK_SERVICE, StoreLockService],
  // link flows: browser binding and the confirmation fallback
  [IdentityBindings.PROVIDER_FLOW_COMMIT_SERVICE, ProviderFlowCommitService],
  [IdentityBindings.PENDING_LINK_STORE, PendingLinkStore],
  [IdentityBindings.LINK_CONFIRMATION_SERVICE, LinkConfirmationService],
];

/** Binds each class under its typed key, one instance per application. */
export function bindSingletons(
  app: Application,
  singletons: readonly [BindingKey<object>, Constructor<object>][],
): void {
  for (const [key, cls] of singletons) {
    app.bind(key).toClass(cls).inScope(BindingScope.SINGLETON);
  }
}

/** Binds the services and the authentication strategies. */
export function bindServices(app: Application): void {
  bindSingletons(app, SINGLETONS);
  app.component(AuthenticationComponent);
  registerAuthenticationStrategy(app, BearerTokenStrategy);
  registerAuthenticationStrategy(app, BasicAuthStrategy);
}
