// How an entry's authentication scheme is read and what follows from it.

import {AuthScheme} from './provider-entry';
import {ProviderEntryReader} from './provider-entry-reader';
import {SAML_MODULES} from './saml-entry';

/** The entry's `authScheme`, in any LoopBack 3 spelling, checked against its module. */
export function readAuthScheme(
  read: ProviderEntryReader,
  module: string | undefined,
): AuthScheme {
  const raw = read.string('authScheme');
  const fallback: AuthScheme = module === 'openid-client' ? 'oidc' : 'oauth2';
  if (raw === undefined) return fallback;
  const scheme = normalizeAuthScheme(raw);
  if (!scheme) {
    read.problem(
      'authScheme',
      `"${raw}" is not supported: use "oAuth 2.0", "oAuth 1.0", "OpenID Connect", "ldap" or "saml"`,
    );
    return fallback;
  }
  if ((module === 'openid-client') !== (scheme === 'oidc')) {
    read.problem(
      'authScheme',
      `"${raw}" does not fit module "${module}": OpenID Connect entries use openid-client`,
    );
  }
  return scheme;
}

/**
 * The schemes served by the enterprise feature rather than a Passport
 * strategy, in any spelling (`LDAP`, `ldap`, `Active Directory`); an entry
 * naming LoopBack 3's `passport-ldapauth` is LDAP too, and one naming
 * `passport-saml` (or `"SAML 2.0"`) is SAML.
 */
export type EnterpriseScheme = 'ldap' | 'saml';

export function enterpriseSchemeOf(
  raw: Record<string, unknown>,
): EnterpriseScheme | undefined {
  const scheme = typeof raw.authScheme === 'string' ? raw.authScheme : '';
  const key = scheme.toLowerCase().replace(/[\s._-]/g, '');
  if (['ldap', 'ldaps', 'activedirectory'].includes(key)) return 'ldap';
  if (!scheme && raw.module === 'passport-ldapauth') return 'ldap';
  if (['saml', 'saml2', 'saml20'].includes(key)) return 'saml';
  if (
    !scheme &&
    typeof raw.module === 'string' &&
    SAML_MODULES.has(raw.module)
  ) {
    return 'saml';
  }
  return undefined;
}

/** `oAuth 2.0`, `OAuth2`, `oauth`, `oAuth 1.0a`, `openid connect`, `OIDC`… */
export function normalizeAuthScheme(raw: string): AuthScheme | undefined {
  const key = raw.toLowerCase().replace(/[\s._-]/g, '');
  if (['oauth2', 'oauth20'].includes(key)) return 'oauth2';
  if (['oauth', 'oauth1', 'oauth10', 'oauth10a', 'oauth1a'].includes(key)) {
    return 'oauth1';
  }
  if (['oidc', 'openid', 'openidconnect'].includes(key)) return 'oidc';
  return undefined;
}

/** LoopBack 3 spelled oAuth 1 keys consumerKey/consumerSecret. */
export function oauth1Key(
  read: ProviderEntryReader,
  part: 'Key' | 'Secret',
): string {
  const clientKey = part === 'Key' ? 'clientID' : 'clientSecret';
  return read.has(`consumer${part}`) || !read.has(clientKey)
    ? `consumer${part}`
    : clientKey;
}

/** An OpenID Connect issuer: https, or http on a loopback host (tests). */
export function readIssuer(read: ProviderEntryReader): string | undefined {
  const issuer = read.url('issuer', true);
  if (!issuer) return undefined;
  const {protocol, hostname} = new URL(issuer);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  if (protocol === 'http:' && !loopback) {
    read.problem('issuer', `must use https, got "${issuer}"`);
  }
  return issuer;
}

/** OpenID Connect needs `openid` in the scope, whatever the entry says. */
export function withOpenId(scope: string[], scheme: AuthScheme): string[] {
  if (scheme !== 'oidc' || scope.includes('openid')) return scope;
  return ['openid', ...scope];
}
