import {BindingKey} from '@loopback/core';
import type {DirectoryPasswordService} from './directory-password.service';
import type {LdapLinkService} from './ldap-link.service';
import type {LdapDirectory} from './ldap-directory';
import type {LdapLoginService} from './ldap-login.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of enterprise sign-in (LDAP / Active Directory); also in IdentityBindings. */
export namespace EnterpriseBindings {
  /** Search-then-bind against an entry's directory. */
  export const LDAP_DIRECTORY = BindingKey.create<LdapDirectory>(
    'identity.services.ldap-directory',
  );
  /** `POST /auth/{name}/login` of an LDAP entry. */
  export const LDAP_LOGIN_SERVICE = BindingKey.create<LdapLoginService>(
    'identity.services.ldap-login',
  );
  /** A directory password checked under the limits and lock-out. */
  export const DIRECTORY_PASSWORD_SERVICE =
    BindingKey.create<DirectoryPasswordService>(
      'identity.services.directory-password',
    );
  /** `POST /link/{name}/login`: a signed-in user links a directory account. */
  export const LDAP_LINK_SERVICE = BindingKey.create<LdapLinkService>(
    'identity.services.ldap-link',
  );
}
