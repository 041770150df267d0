import type {TokenSigningAlg} from '../../config';
import {ClientCredentials} from '../tokens/client-authenticator.service';
import {GRANT_TYPES} from '../tokens/token-grant.service';
import {ACR_VALUES} from '../tokens/authentication-methods';
import {CLAIMS_SUPPORTED, OIDC_SCOPES} from './authorize-scopes';
import {idTokenAlgorithms} from './id-token-signer';

/** The routes of the OpenID Provider, relative to BASE_URL. */
export const OIDC_PATHS = {
  authorization: '/oauth/authorize',
  userinfo: '/oauth/userinfo',
  endSession: '/oauth/end-session',
  browserSession: '/oauth/browser-session',
  interactions: '/oauth/interactions',
  // Those of section 4, kept where clients already call them:
  token: '/auth/token',
  revocation: '/auth/revoke',
  introspection: '/auth/introspect',
  jwks: '/.well-known/jwks.json',
} as const;

/** How ClientAuthenticator lets clients prove themselves at the OAuth endpoints. */
const CLIENT_AUTH_METHODS: ClientCredentials['method'][] = [
  'client_secret_basic',
  'client_secret_post',
  'none',
];
/** Introspection answers resource servers: confidential clients only. */
const SECRET_AUTH_METHODS = CLIENT_AUTH_METHODS.filter(m => m !== 'none');

/**
 * The provider's metadata: OpenID Connect Discovery 1.0 §3 and RFC 8414
 * §2 (one document serves both). `issuer` is BASE_URL exactly: clients
 * compare it, and the `iss` of every token and authorization response,
 * character for character.
 */
export function providerMetadata(
  baseUrl: string,
  signingAlg: TokenSigningAlg,
): Record<string, unknown> {
  const at = (path: string) => `${baseUrl}${path}`;
  return {
    issuer: baseUrl,
    authorization_endpoint: at(OIDC_PATHS.authorization),
    token_endpoint: at(OIDC_PATHS.token),
    jwks_uri: at(OIDC_PATHS.jwks),
    userinfo_endpoint: at(OIDC_PATHS.userinfo),
    end_session_endpoint: at(OIDC_PATHS.endSession),
    revocation_endpoint: at(OIDC_PATHS.revocation),
    introspection_endpoint: at(OIDC_PATHS.introspection),
    scopes_supported: [...OIDC_SCOPES],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: [...GRANT_TYPES],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    introspection_endpoint_auth_methods_supported: SECRET_AUTH_METHODS,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: idTokenAlgorithms(signingAlg),
    claims_supported: CLAIMS_SUPPORTED,
    claim_types_supported: ['normal'],
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    prompt_values_supported: ['none', 'login', 'consent'],
    acr_values_supported: [...ACR_VALUES],
    authorization_response_iss_parameter_supported: true,
    service_documentation: at('/explorer'),
  };
}

/**
 * RFC 9728 protected resource metadata of the service's own API: tokens
 * for it come from this same issuer and travel in the Authorization header.
 */
export function protectedResourceMetadata(
  baseUrl: string,
): Record<string, unknown> {
  return {
    resource: baseUrl,
    authorization_servers: [baseUrl],
    bearer_methods_supported: ['header'],
    scopes_supported: [...OIDC_SCOPES],
    resource_name: 'Identity service API',
    resource_documentation: `${baseUrl}/explorer`,
  };
}
