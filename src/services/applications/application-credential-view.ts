import {X509Certificate} from 'node:crypto';
import {ApplicationCredential} from '../../models';
import {
  isStoredLdap,
  isStoredSaml,
  StoredLdapServer,
  StoredProviderCredentials,
} from './application-credential-store';

/** A certificate as an owner sees it: which one, not its blob. */
export interface CertificateView {
  subject: string;
  issuer: string;
  /** SHA-256 of the DER certificate, colon-separated hex. */
  fingerprint256: string;
  notAfter: string;
}

/** What an owner sees of an application's own LDAP server: never the password. */
export interface LdapServerView {
  url: string;
  bindDn?: string;
  hasBindCredentials: boolean;
  searchBase: string;
  searchFilter: string;
  searchScope: string;
  searchAttributes: string[];
  groupSearchBase?: string;
  groupSearchFilter?: string;
  starttls: boolean;
  tlsOptions: {ca?: CertificateView[]; servername?: string};
  connectTimeout: number;
  timeout: number;
}

/** What an owner sees of stored credentials: never a secret. */
export interface CredentialView {
  provider: string;
  authScheme: string;
  /** OAuth entries. */
  clientID?: string;
  /** oAuth 1 entries: the consumer key (same value as `clientID`). */
  consumerKey?: string;
  callbackURL?: string;
  hasClientSecret?: true;
  /** SAML entries: the application's IdP. */
  entryPoint?: string;
  idpIssuer?: string;
  certificates?: CertificateView[];
  /** LDAP entries: the application's server. */
  server?: LdapServerView;
  created: Date;
  modified: Date;
}

/** The row as its owner sees it. */
export function credentialView(row: ApplicationCredential): CredentialView {
  return {
    provider: row.provider,
    authScheme: row.authScheme,
    ...storedView(row),
    created: row.created,
    modified: row.modified,
  };
}

function storedView(row: ApplicationCredential): Partial<CredentialView> {
  const stored = row.credentials;
  if (isStoredSaml(stored)) {
    const {entryPoint, idpIssuer, idpCert} = stored.saml;
    return {
      entryPoint,
      ...(idpIssuer ? {idpIssuer} : {}),
      certificates: idpCert.map(certificateView),
    };
  }
  if (isStoredLdap(stored)) return {server: serverView(stored)};
  const oauth = stored as StoredProviderCredentials;
  return {
    clientID: oauth.clientID,
    ...(row.authScheme === 'oauth1' ? {consumerKey: oauth.clientID} : {}),
    ...(oauth.callbackURL ? {callbackURL: oauth.callbackURL} : {}),
    hasClientSecret: true,
  };
}

function serverView({server}: StoredLdapServer): LdapServerView {
  const {tls} = server;
  return {
    url: server.url,
    ...(server.bindDn ? {bindDn: server.bindDn} : {}),
    hasBindCredentials: !!server.bindCredentials,
    searchBase: server.searchBase,
    searchFilter: server.searchFilter,
    searchScope: server.searchScope,
    searchAttributes: [...server.searchAttributes],
    ...(server.groupSearchBase
      ? {
          groupSearchBase: server.groupSearchBase,
          groupSearchFilter: server.groupSearchFilter,
        }
      : {}),
    starttls: server.starttls,
    tlsOptions: {
      ...(tls.ca ? {ca: tls.ca.map(certificateView)} : {}),
      ...(tls.servername ? {servername: tls.servername} : {}),
    },
    connectTimeout: server.connectTimeout,
    timeout: server.timeout,
  };
}

/** The first certificate of `pem` (checked when it was stored). */
export function certificateView(pem: string): CertificateView {
  const cert = new X509Certificate(pem);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    fingerprint256: cert.fingerprint256,
    notAfter: new Date(cert.validTo).toISOString(),
  };
}
