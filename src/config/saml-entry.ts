/**
 * A SAML 2.0 entry of providers.json, as LoopBack 3's `passport-saml`
 * entries wrote it (DESIGN §5, §10). It is a ProviderEntry whose
 * authScheme is `saml`: it runs through the same browser flow as OAuth
 * entries (state, the client's code + PKCE landing), on the service's own
 * SAML module, so `module` is optional.
 */

/** The identity provider's side: what an application may bring its own of. */
export interface SamlIdp {
  /** The IdP's single sign-on URL; the AuthnRequest goes there (HTTP-Redirect). */
  readonly entryPoint: string;
  /** PEM certificates a response or assertion must be signed by (one of). */
  readonly idpCert: readonly string[];
  /** When set, the Issuer every response must name. */
  readonly idpIssuer?: string;
}

/** The service's side and the checks, fixed by the operator. */
export interface SamlSettings extends SamlIdp {
  /** This service's entity ID (LoopBack 3's `issuer`). */
  readonly spEntityId: string;
  /** The AudienceRestriction a response must name; the entity ID by default. */
  readonly audience: string;
  /**
   * NameID format asked for, and the only one taken as an id; persistent by
   * default. null (LoopBack 3's way of not asking) takes persistent or
   * unspecified.
   */
  readonly identifierFormat: string | null;
  /** Clock skew accepted on NotBefore / NotOnOrAfter, at most 5 minutes. */
  readonly acceptedClockSkewMs: number;
  /** Require the assertion itself to be signed (a signed response is enough otherwise). */
  readonly wantAssertionsSigned: boolean;
  /** Require the whole response to be signed. */
  readonly wantAuthnResponseSigned: boolean;
  /** Key signing this service's AuthnRequests, and its certificate (metadata). */
  readonly privateKey?: string;
  readonly publicCert?: string;
  readonly signatureAlgorithm: 'sha1' | 'sha256' | 'sha512';
  /** Key decrypting EncryptedAssertions, and its certificate (metadata). */
  readonly decryptionPvk?: string;
  readonly decryptionCert?: string;
  /** Which attributes fill the profile; the first present wins. */
  readonly attributes: SamlAttributeNames;
  /** Extra AuthnRequest options passed to node-saml as they are. */
  readonly requestOptions: Readonly<Record<string, unknown>>;
}

export interface SamlAttributeNames {
  /** An attribute to use as the stable id instead of the NameID. */
  readonly id?: string;
  readonly email: readonly string[];
  readonly name: readonly string[];
  readonly groups: readonly string[];
}

export const NAMEID_PERSISTENT =
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const NAMEID_TRANSIENT =
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
/** What a NameID without a Format is (SAML 2.0 core §2.2.2). */
export const NAMEID_UNSPECIFIED =
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** The largest clock skew an entry may accept. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const DEFAULT_CLOCK_SKEW_MS = 60_000;

/** Modules a SAML entry may name: LoopBack 3's runs on the service's own. */
export const SAML_MODULES = new Set([
  'passport-saml',
  '@node-saml/passport-saml',
]);

/** The module the service runs every SAML entry on. */
export const SAML_MODULE = '@node-saml/passport-saml';

export const DEFAULT_SAML_ATTRIBUTES: SamlAttributeNames = {
  email: [
    'email',
    'mail',
    'urn:oid:0.9.2342.19200300.100.1.3',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
  ],
  name: [
    'displayName',
    'cn',
    'urn:oid:2.16.840.1.113730.3.1.241',
    'urn:oid:2.5.4.3',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  ],
  groups: [
    'groups',
    'memberOf',
    'eduPersonAffiliation',
    'urn:oid:1.3.6.1.4.1.5923.1.5.1.1',
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
  ],
};

/** Keys of a SAML entry this service reads; unknown ones are warned about. */
export const SAML_KEYS = new Set([
  'provider',
  'displayName',
  'module',
  'strategy',
  'authScheme',
  'entryPoint',
  'issuer',
  'cert',
  'idpCert',
  'certPath',
  'idpCertPath',
  'idpIssuer',
  'callbackURL',
  'callbackPath',
  'authPath',
  'audience',
  'identifierFormat',
  'acceptedClockSkewMs',
  'wantAssertionsSigned',
  'wantAuthnResponseSigned',
  'privateCert',
  'privateKey',
  'privateCertPath',
  'privateKeyPath',
  'publicCert',
  'publicCertPath',
  'signatureAlgorithm',
  'decryptionPvk',
  'decryptionPvkPath',
  'decryptionCert',
  'decryptionCertPath',
  'profileAttributes',
  'forceAuthn',
  'authnContext',
  'disableRequestedAuthnContext',
  'racComparison',
  'providerName',
  'rolesFromGroups',
  'trustEmail',
  'autoLinkByEmail',
  'link',
  'enabled',
  // LoopBack 3 session and redirect options: accepted and ignored.
  'successRedirect',
  'failureRedirect',
  'failureFlash',
  'successFlash',
  'session',
  'json',
  'setAccessToken',
  'passReqToCallback',
]);

/** AuthnRequest options passed through to node-saml when an entry sets them. */
export const SAML_REQUEST_OPTION_KEYS = [
  'forceAuthn',
  'authnContext',
  'disableRequestedAuthnContext',
  'racComparison',
  'providerName',
] as const;
