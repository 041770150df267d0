import {LdapServer} from '../../config/ldap-entry';
import {ProviderCredentials, ProviderEntry} from '../../config/provider-entry';
import {SamlIdp} from '../../config/saml-entry';
import {SecretBox} from '../platform/secret-box.service';
import type {CarriedCredentials} from '../tokens/client-rule-types';

/** SecretBox purpose of applications' provider client secrets. */
export const APPLICATION_CREDENTIAL_PURPOSE = 'application-credential';

/** SecretBox purpose of an application's own LDAP service-account password. */
export const APPLICATION_BIND_PURPOSE = 'application-ldap-bind';

/**
 * `ApplicationCredential.credentials` of an OAuth entry as stored: the
 * secret sealed, the rest in clear. oAuth 1 keys are stored under the same
 * names, as the strategy factory takes them (`clientID` = consumer key).
 */
export interface StoredProviderCredentials {
  clientID: string;
  /** SecretBox-sealed. */
  clientSecret: string;
  callbackURL?: string;
}

/** Of a SAML entry: the application's own IdP (all of it public). */
export interface StoredSamlIdp {
  saml: SamlIdp;
}

/** Of an LDAP entry: the application's own server, its password sealed. */
export interface StoredLdapServer {
  /** `bindCredentials` SecretBox-sealed (APPLICATION_BIND_PURPOSE). */
  server: LdapServer;
}

export type StoredApplicationCredentials =
  StoredProviderCredentials | StoredSamlIdp | StoredLdapServer;

export function isStoredSaml(stored: object): stored is StoredSamlIdp {
  return typeof (stored as Partial<StoredSamlIdp>).saml === 'object';
}

export function isStoredLdap(stored: object): stored is StoredLdapServer {
  return typeof (stored as Partial<StoredLdapServer>).server === 'object';
}

function isStoredOAuth(stored: object): stored is StoredProviderCredentials {
  const {clientID, clientSecret} = stored as Partial<StoredProviderCredentials>;
  return typeof clientID === 'string' && typeof clientSecret === 'string';
}

/**
 * What a flow of `entry` runs with when the application brought `carried`:
 * its OAuth keys (secret opened, the entry's callback by default) or its
 * SAML IdP (with the entry's ACS), and always the application's id, which
 * keeps an application's own directory apart. A row whose shape does not
 * fit the entry (the operator changed the entry's kind since) counts as
 * none: the entry's own credentials.
 */
export function openCredentials(
  carried: CarriedCredentials,
  entry: ProviderEntry,
  box: SecretBox,
): ProviderCredentials {
  const {stored, applicationId} = carried;
  if (entry.authScheme === 'saml') {
    if (!isStoredSaml(stored)) return entry.credentials;
    return {...entry.credentials, saml: stored.saml, applicationId};
  }
  if (!isStoredOAuth(stored)) return entry.credentials;
  return {
    clientID: stored.clientID,
    clientSecret: box.open(stored.clientSecret, APPLICATION_CREDENTIAL_PURPOSE),
    callbackURL: stored.callbackURL ?? entry.credentials.callbackURL,
    applicationId,
  };
}

/**
 * The application's own LDAP server from `carried`, its password opened;
 * undefined when the row is not an LDAP server's.
 */
export function openLdapServer(
  carried: CarriedCredentials,
  box: SecretBox,
): LdapServer | undefined {
  const {stored} = carried;
  if (!isStoredLdap(stored)) return undefined;
  const {bindCredentials, ...server} = stored.server;
  return {
    ...server,
    applicationOwned: true,
    ...(bindCredentials
      ? {bindCredentials: box.open(bindCredentials, APPLICATION_BIND_PURPOSE)}
      : {}),
  };
}
