import {
  AuthenticationComponent,
  registerAuthenticationStrategy,
} from '@loopback/authentication';
import {
  Application,
  Binding,
  Constructor,
  createBindingFromClass,
} from '@loopback/core';
import {ProviderCredentialsService} from './services/providers/provider-credentials.service';
import {NativeTokenExchangeService} from './services/providers/native/native-token-exchange.service';
import {NativeTokenVerifierService} from './services/providers/native/native-token-verifier.service';
import {AuditService} from './services/platform/audit.service';
import {MetricsService} from './services/platform/metrics.service';
import {FirstAdminService} from './services/accounts/first-admin.service';
import {LoginLockoutService} from './services/abuse/login-lockout.service';
import {DeviceTokenService} from './services/tokens/device-token.service';
import {AuthTokenService} from './services/tokens/auth-token.service';
import {LoginService} from './services/accounts/login.service';
import {MailService} from './services/mail/mail.service';
import {RateLimiterService} from './services/abuse/rate-limiter.service';
import {RevocationService} from './services/tokens/revocation.service';
import {RetentionService} from './services/tokens/retention.service';
import {StepUpService} from './services/tokens/step-up.service';
import {SessionService} from './services/tokens/session.service';
import {SigningKeyService} from './services/tokens/signing-key.service';
import {TokenService} from './services/tokens/token.service';
import {AccountDeletionService} from './services/accounts/account-deletion.service';
import {AccountService} from './services/accounts/account.service';
import {EmailChangeService} from './services/accounts/email-change.service';
import {EmailFlowService} from './services/accounts/email-flow.service';
import {EmailTokenService} from './services/tokens/email-token.service';
import {PasswordChangeService} from './services/accounts/password-change.service';
import {PasswordLoginService} from './services/accounts/password-login.service';
import {AuthorizationCodeService} from './services/tokens/authorization-code.service';
import {ClientAuthenticator} from './services/tokens/client-authenticator.service';
import {ClientRuleService} from './services/tokens/client-rule.service';
import {IssuedTokenService} from './services/tokens/issued-token.service';
import {KeyRotationService} from './services/tokens/key-rotation.service';
import {TokenGrantService} from './services/tokens/token-grant.service';
import {UserSessionsService} from './services/accounts/user-sessions.service';
import {UserAdminService} from './services/accounts/user-admin.service';
import {ProviderAccountWriter} from './services/providers/flows/provider-account-writer';
import {ProviderSignInService} from './services/providers/flows/provider-sign-in.service';
import {LinkedAccountsService} from './services/providers/linking/linked-accounts.service';
import {ProviderFlowStore} from './services/providers/flows/provider-flow-store';
import {ProviderFlowService} from './services/providers/flows/provider-flow.service';
import {ProviderTokenService} from './services/providers/provider-token.service';
import {ProviderTokenExchangeService} from './services/providers/provider-token-exchange.service';
import {PassportStrategyFactory} from './services/providers/passport/passport-strategy-factory';
import {ProviderStrategyRunner} from './services/providers/passport/provider-strategy-runner';
import {StoreLockService} from './services/store/store-lock.service';
import {LinkConfirmationService} from './services/providers/linking/link-confirmation.service';
import {PendingLinkStore} from './services/providers/linking/pending-link-store';
import {ProviderFlowCommitService} from './services/providers/flows/provider-flow-commit.service';
import {UnitOfWork} from './repositories/unit-of-work';
import {ConsentService} from './services/oidc/consent.service';
import {ResourceService} from './services/oidc/resource.service';
import {BasicAuthStrategy} from './strategies/basic-auth.strategy';
import {BearerTokenStrategy} from './strategies/bearer-token.strategy';

/**
 * The service classes of the identity core. Each carries its typed key as a
 * tag (`@injectable({tags: {[ContextTags.KEY]: ...}})`), so it is bound once,
 * under that key, and no booter binds a second copy under another name.
 */
export const IDENTITY_SERVICES: Constructor<unknown>[] = [
  UnitOfWork,
  MailService,
  SigningKeyService,
  RevocationService,
  RetentionService,
  TokenService,
  SessionService,
  StepUpService,
  LoginService,
  AuditService,
  MetricsService,
  // local accounts
  AccountService,
  AccountDeletionService,
  PasswordChangeService,
  PasswordLoginService,
  EmailTokenService,
  EmailFlowService,
  EmailChangeService,
  // OAuth endpoints and sessions API
  AuthorizationCodeService,
  ClientRuleService,
  ClientAuthenticator,
  TokenGrantService,
  IssuedTokenService,
  UserSessionsService,
  KeyRotationService,
  ProviderCredentialsService,
  NativeTokenVerifierService,
  NativeTokenExchangeService,
  // abuse resistance, roles and administration
  RateLimiterService,
  LoginLockoutService,
  DeviceTokenService,
  AuthTokenService,
  UserAdminService,
  FirstAdminService,
  // third-party login flows and linking
  ProviderAccountWriter,
  ProviderSignInService,
  ProviderFlowStore,
  PassportStrategyFactory,
  ProviderStrategyRunner,
  ProviderFlowService,
  LinkedAccountsService,
  ProviderTokenService,
  ProviderTokenExchangeService,
  // short locks across nodes
  StoreLockService,
  // link flows: browser binding and the confirmation fallback
  ProviderFlowCommitService,
  PendingLinkStore,
  LinkConfirmationService,
  // OpenID Provider: the APIs tokens are issued for, people's consents
  ResourceService,
  ConsentService,
];

/** One binding per class, keyed by the class's key tag. */
export function classBindings(classes: Constructor<unknown>[]): Binding[] {
  return classes.map(cls => createBindingFromClass(cls));
}

/** The authentication component and the bearer and Basic strategies. */
export function bindAuthentication(app: Application): void {
  app.component(AuthenticationComponent);
  registerAuthenticationStrategy(app, BearerTokenStrategy);
  registerAuthenticationStrategy(app, BasicAuthStrategy);
}
