/**
 * An LDAP / Active Directory entry of providers.json, as LoopBack 3's
 * `passport-ldapauth` entries wrote it (DESIGN §5, §10). The service runs it
 * on its own client (`ldapts`), so `module` is optional.
 */
export interface LdapEntry {
  /** The entry's key in providers.json; the route is /auth/{name}/login. */
  readonly name: string;
  /**
   * Stored on UserIdentity: the entry's name, so two directories never
   * share identities (LoopBack 3's `"provider": "ldap"` is not unique).
   */
  readonly provider: string;
  readonly displayName: string;
  readonly authScheme: 'ldap';
  readonly server: LdapServer;
  /** The body's field names besides `username`/`password` (LoopBack 3). */
  readonly usernameField: string;
  readonly passwordField: string;
  /** Which directory attribute fills each profile field. */
  readonly profileAttributes: LdapProfileAttributes;
  /** Normalised group (DN, lower-case; or cn) → role. */
  readonly rolesFromGroups: Readonly<Record<string, string>>;
  /** Whether the directory's email counts as verified. */
  readonly trustEmail: boolean;
  readonly autoLinkByEmail: boolean;
  /** Always true: a directory entry signs in (and links: POST /link/{name}/login). */
  readonly login: true;
}

export interface LdapServer {
  /** `ldap://` or `ldaps://` host and port. */
  readonly url: string;
  /** The service account that searches; anonymous search without. */
  readonly bindDn?: string;
  readonly bindCredentials?: string;
  readonly searchBase: string;
  /** An RFC 4515 filter holding `{{username}}`, escaped when filled in. */
  readonly searchFilter: string;
  readonly searchScope: 'base' | 'one' | 'sub';
  /** The attributes read from the user's entry (the profile's and `memberOf`). */
  readonly searchAttributes: readonly string[];
  /** Optional group search (passport-ldapauth): `{{dn}}` is the user's DN. */
  readonly groupSearchBase?: string;
  readonly groupSearchFilter?: string;
  /** Upgrade an `ldap://` connection with StartTLS before any bind. */
  readonly starttls: boolean;
  readonly tls: LdapTls;
  /** Milliseconds for the TCP (and TLS) connection. */
  readonly connectTimeout: number;
  /** Milliseconds for each operation (bind, search). */
  readonly timeout: number;
  /**
   * Set on a server a client application brought (never on providers.json's):
   * its address is checked at each connection (DestinationGuard).
   */
  readonly applicationOwned?: true;
}

export interface LdapTls {
  /** PEM certificates of the CAs the server's certificate must chain to. */
  readonly ca?: readonly string[];
  /** False only when the entry says so (logged as a warning at start). */
  readonly rejectUnauthorized: boolean;
  readonly servername?: string;
}

/** Directory attribute of each profile field. */
export interface LdapProfileAttributes {
  /** The stable id: `entryUUID`/`objectGUID` when present, else the DN. */
  readonly id?: string;
  readonly username: string;
  readonly name: string;
  readonly email: string;
}

/** Group attributes read from the user entry (memberof overlay, AD). */
export const MEMBER_OF = 'memberOf';

/** Keys of an LDAP entry this service reads; the rest are refused by name. */
export const LDAP_KEYS = new Set([
  'provider',
  'displayName',
  'module',
  'strategy',
  'authScheme',
  'server',
  'usernameField',
  'passwordField',
  'profileAttributesFromLDAP',
  'LdapAttributeForUsername',
  'LdapAttributeForLogin',
  'LdapAttributeForMail',
  'rolesFromGroups',
  'trustEmail',
  'autoLinkByEmail',
  'enabled',
  'authPath',
  // LoopBack 3 session and redirect options: accepted and ignored.
  'successRedirect',
  'failureRedirect',
  'failureFlash',
  'successFlash',
  'session',
  'json',
  'setAccessToken',
  'callbackURL',
  'callbackPath',
]);

/** Keys of `server` this service reads (passport-ldapauth's names). */
export const LDAP_SERVER_KEYS = new Set([
  'url',
  'bindDn',
  'bindDN',
  'bindCredentials',
  'searchBase',
  'searchFilter',
  'searchScope',
  'searchAttributes',
  'groupSearchBase',
  'groupSearchFilter',
  'groupSearchAttributes',
  'groupDnProperty',
  'tlsOptions',
  'starttls',
  'timeout',
  'connectTimeout',
  'reconnect',
  'cache',
]);
