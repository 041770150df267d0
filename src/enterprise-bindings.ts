import {Constructor} from '@loopback/core';
import {DirectoryPasswordService} from './services/enterprise/directory-password.service';
import {DirectoryRolesService} from './services/enterprise/directory-roles.service';
import {LdapDirectory} from './services/enterprise/ldap-directory';
import {LdapLinkService} from './services/enterprise/ldap-link.service';
import {LdapLoginService} from './services/enterprise/ldap-login.service';
import {SamlStrategyService} from './services/enterprise/saml/saml-strategy.service';

/**
 * Enterprise sign-in (issue 13, DESIGN §10): each class bound once, under
 * its key tag. The entries themselves are bound with providers.json's
 * (SharedBindings.LDAP_ENTRIES, in services/providers/provider-bindings.ts).
 */
export const ENTERPRISE_SERVICES: Constructor<unknown>[] = [
  LdapDirectory,
  DirectoryRolesService,
  DirectoryPasswordService,
  LdapLoginService,
  LdapLinkService,
  SamlStrategyService,
];
