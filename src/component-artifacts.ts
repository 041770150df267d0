import {ControllerClass, LifeCycleObserver, Constructor} from '@loopback/core';
import {Entity} from '@loopback/repository';
import {AccountController} from './controllers/accounts/account.controller';
import {AuthorizationController} from './controllers/oidc/authorization.controller';
import {BrowserSessionController} from './controllers/oidc/browser-session.controller';
import {ConsentController} from './controllers/oidc/consent.controller';
import {DiscoveryController} from './controllers/oidc/discovery.controller';
import {EndSessionController} from './controllers/oidc/end-session.controller';
import {UserConsentsController} from './controllers/oidc/user-consents.controller';
import {UserinfoController} from './controllers/oidc/userinfo.controller';
import {ApplicationCredentialsController} from './controllers/applications/application-credentials.controller';
import {ApplicationController} from './controllers/applications/application.controller';
import {EmailFlowController} from './controllers/accounts/email-flow.controller';
import {HealthController} from './controllers/platform/health.controller';
import {MetricsController} from './controllers/platform/metrics.controller';
import {JwksController} from './controllers/tokens/jwks.controller';
import {LdapLinkController} from './controllers/enterprise/ldap-link.controller';
import {LdapLoginController} from './controllers/enterprise/ldap-login.controller';
import {LinkConfirmationController} from './controllers/providers/link-confirmation.controller';
import {LinkedAccountsController} from './controllers/providers/linked-accounts.controller';
import {LoginController} from './controllers/accounts/login.controller';
import {MailOutboxController} from './controllers/mail/mail-outbox.controller';
import {FactorController} from './controllers/mfa/factor.controller';
import {TotpFactorController} from './controllers/mfa/factor-totp.controller';
import {MfaSignInController} from './controllers/mfa/mfa-sign-in.controller';
import {UserFactorsAdminController} from './controllers/mfa/user-factors-admin.controller';
import {RecoveryCodeController} from './controllers/mfa/recovery-code.controller';
import {PasskeyEnrolmentController} from './controllers/mfa/passkey-enrolment.controller';
import {PasskeySignInController} from './controllers/mfa/passkey-sign-in.controller';
import {NativeTokenController} from './controllers/providers/native-token.controller';
import {OwnAccountController} from './controllers/accounts/own-account.controller';
import {OwnPasswordController} from './controllers/accounts/own-password.controller';
import {PasswordStateController} from './controllers/accounts/password-state.controller';
import {ProviderFlowController} from './controllers/providers/provider-flow.controller';
import {ProviderLinkController} from './controllers/providers/provider-link.controller';
import {ProvidersController} from './controllers/providers/providers.controller';
import {ResourceController} from './controllers/oidc/resource.controller';
import {SessionsController} from './controllers/accounts/sessions.controller';
import {StepUpController} from './controllers/mfa/step-up.controller';
import {TokenController} from './controllers/tokens/token.controller';
import {UserAdminController} from './controllers/accounts/user-admin.controller';
import {UserRolesController} from './controllers/accounts/user-roles.controller';
import {
  Application,
  ApplicationCredential,
  AuditEvent,
  Consent,
  EmailToken,
  MfaFactor,
  PasswordCredential,
  ProviderAccount,
  RecoveryCode,
  Resource,
  Session,
  SigningKey,
  TimestampedEntity,
  User,
  UserCredential,
  UserIdentity,
} from './models';
import {FirstAdminObserver} from './observers/first-admin.observer';
import {FirstPartyApplicationObserver} from './observers/first-party-application.observer';
import {MailDrainObserver} from './observers/mail-drain.observer';
import {RevocationRestoreObserver} from './observers/revocation-restore.observer';
import {RetentionObserver} from './observers/retention.observer';
import {SigningKeyCheckObserver} from './observers/signing-key-check.observer';
import {StoreObserver} from './observers/store.observer';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
  AuditEventRepository,
  ConsentRepository,
  EmailTokenRepository,
  MfaFactorRepository,
  PasswordCredentialRepository,
  RecoveryCodeRepository,
  ResourceRepository,
  SessionRepository,
  SigningKeyRepository,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from './repositories';

/*
 * What the identity core contributes, listed rather than discovered: a host
 * application's booters scan the host's own folders, never a package's.
 */

export const IDENTITY_CONTROLLERS: ControllerClass[] = [
  AccountController,
  ApplicationController,
  ApplicationCredentialsController,
  EmailFlowController,
  HealthController,
  MetricsController,
  JwksController,
  LdapLoginController,
  LdapLinkController,
  LinkConfirmationController,
  LinkedAccountsController,
  LoginController,
  MailOutboxController,
  NativeTokenController,
  OwnAccountController,
  OwnPasswordController,
  PasswordStateController,
  ProviderFlowController,
  ProviderLinkController,
  ProvidersController,
  ResourceController,
  SessionsController,
  TokenController,
  UserAdminController,
  UserRolesController,
  // OpenID Provider (issue 11)
  AuthorizationController,
  BrowserSessionController,
  ConsentController,
  DiscoveryController,
  EndSessionController,
  UserConsentsController,
  UserinfoController,
  // second factors and step-up (issue 12)
  MfaSignInController,
  UserFactorsAdminController,
  FactorController,
  TotpFactorController,
  RecoveryCodeController,
  PasskeyEnrolmentController,
  PasskeySignInController,
  StepUpController,
];

export const IDENTITY_MODELS: Constructor<Entity>[] = [
  Application,
  ApplicationCredential,
  AuditEvent,
  Consent,
  EmailToken,
  MfaFactor,
  PasswordCredential,
  ProviderAccount,
  RecoveryCode,
  Resource,
  Session,
  SigningKey,
  TimestampedEntity,
  User,
  UserCredential,
  UserIdentity,
];

/** Repositories of the `db` datasource (IdentityBindings.DATASOURCE). */
export const IDENTITY_REPOSITORIES: Constructor<unknown>[] = [
  ApplicationCredentialRepository,
  ApplicationRepository,
  AuditEventRepository,
  ConsentRepository,
  EmailTokenRepository,
  MfaFactorRepository,
  PasswordCredentialRepository,
  RecoveryCodeRepository,
  ResourceRepository,
  SessionRepository,
  SigningKeyRepository,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
];

/** In the order the observer booter found them (file names). */
export const IDENTITY_OBSERVERS: Constructor<LifeCycleObserver>[] = [
  FirstAdminObserver,
  FirstPartyApplicationObserver,
  MailDrainObserver,
  RevocationRestoreObserver,
  RetentionObserver,
  SigningKeyCheckObserver,
  StoreObserver,
];
