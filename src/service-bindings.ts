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
import {PassportStrategyFactory} from './strategies/passport-strategy-factory';
import {ProviderStrategyRunner} from './strategies/provider-strategy-runner';
import {StoreLockService} from './services/store-lock.service';
import {LinkConfirmationService} from './services/link-confirmation.service';
import {PendingLinkStore} from './services/pending-link-store';
import {ProviderFlowCommitService} from './services/provider-flow-commit.service';
import {UnitOfWork} from './repositories/unit-of-work';
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
  TokenService,
  SessionService,
  LoginService,
  AuditService,
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
  UserAdminService,
  FirstAdminService,
  // third-party login flows and linking
  ProviderAccountWriter,
  ProviderSignInService,
  FlowClientService,
  ProviderFlowStore,
  PassportStrategyFactory,
  ProviderStrategyRunner,
  ProviderFlowService,
  LinkedAccountsService,
  ProviderTokenService,
  // short locks across nodes
  StoreLockService,
  // link flows: browser binding and the confirmation fallback
  ProviderFlowCommitService,
  PendingLinkStore,
  LinkConfirmationService,
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
