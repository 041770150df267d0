import {BindingKey} from '@loopback/core';
import type {AccountDeletionService} from './account-deletion.service';
import type {AccountService} from './account.service';
import type {ApplicationOwnershipService} from './application-ownership.service';
import type {Authorizer} from '@loopback/authorization';
import type {EmailChangeService} from './email-change.service';
import type {EmailFlowService} from './email-flow.service';
import type {FirstAdminService} from './first-admin.service';
import type {LoginService} from './login.service';
import type {PasswordChangeService} from './password-change.service';
import type {PasswordLoginService} from './password-login.service';
import type {PasswordService} from './password.service';
import type {UserAdminService} from './user-admin.service';
import type {UserSessionsService} from './user-sessions.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of local accounts, passwords, administration; also in IdentityBindings. */
export namespace AccountBindings {
  export const PASSWORD_SERVICE = BindingKey.create<PasswordService>(
    'identity.services.password',
  );
  export const LOGIN_SERVICE = BindingKey.create<LoginService>(
    'identity.services.login',
  );
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
  export const EMAIL_FLOW_SERVICE = BindingKey.create<EmailFlowService>(
    'identity.services.email-flows',
  );
  export const EMAIL_CHANGE_SERVICE = BindingKey.create<EmailChangeService>(
    'identity.services.email-change',
  );
  export const USER_SESSIONS_SERVICE = BindingKey.create<UserSessionsService>(
    'identity.services.user-sessions',
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
  /** Removing applications, and their fate when their owner is deleted. */
  export const APPLICATION_OWNERSHIP_SERVICE =
    BindingKey.create<ApplicationOwnershipService>(
      'identity.services.application-ownership',
    );
}
