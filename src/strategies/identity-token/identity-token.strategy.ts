import {
  AuthenticationBindings,
  AuthenticationMetadata,
  AuthenticationStrategy,
  asAuthStrategy,
  getAuthenticationMetadataForStrategy,
} from '@loopback/authentication';
import {BindingScope, inject, injectable} from '@loopback/core';
import {Request} from '@loopback/rest';
import {securityId, UserProfile} from '@loopback/security';
import {JWTPayload} from 'jose';
import {authenticationRequired, invalidToken} from './errors';
import {IDENTITY_TOKEN_STRATEGY, IdentityTokenBindings} from './keys';
import {checkScopes} from './options';
import {IdentityTokenVerifier, VerifiedAccessToken} from './token-verifier';

/** Who called: the user (or, for a client's own token, the client) and the grant. */
export interface IdentityTokenUser extends UserProfile {
  /** The user id (`sub`). */
  sub: string;
  /** The client application the token was issued to. */
  client_id: string;
  /** The granted scopes. */
  scope: string[];
  /** The token's audiences, one of them this API's. */
  aud: string[];
  /** The service's session, which a revocation ends. */
  sid?: string;
  /** Every claim of the access token (RFC 9068: `auth_time`, `amr`, `jti`…). */
  claims: JWTPayload;
}

/**
 * `@authenticate('identity-token')`, or with the scopes a route needs:
 * `@authenticate({strategy: 'identity-token', options: {scopes: ['orders:read']}})`
 * (all of them; a route without `scopes` needs the `requiredScopes` option's).
 * Transient, so it reads the metadata of the route being served; the work
 * and the caches are the application's one IdentityTokenVerifier.
 */
@injectable(asAuthStrategy, {scope: BindingScope.TRANSIENT})
export class IdentityTokenStrategy implements AuthenticationStrategy {
  readonly name = IDENTITY_TOKEN_STRATEGY;

  constructor(
    @inject(IdentityTokenBindings.VERIFIER)
    private readonly verifier: IdentityTokenVerifier,
    @inject(AuthenticationBindings.METADATA, {optional: true})
    private readonly metadata: AuthenticationMetadata[] = [],
  ) {}

  async authenticate(request: Request): Promise<IdentityTokenUser> {
    const token = bearerToken(request, this.verifier.options.realm);
    const verified = await this.verifier.verify(token);
    this.verifier.requireScopes(verified, this.routeScopes());
    return userOf(verified);
  }

  private routeScopes(): string[] {
    const own = getAuthenticationMetadataForStrategy(
      this.metadata,
      IDENTITY_TOKEN_STRATEGY,
    )?.options?.scopes;
    if (own === undefined) return this.verifier.options.requiredScopes;
    return checkScopes('@authenticate options.scopes', own);
  }
}

/**
 * The token of `Authorization: Bearer …` (RFC 6750 §2.1; the scheme in any
 * letter case). No header, or another scheme, is "no token".
 */
function bearerToken(request: Request, realm?: string): string {
  const match = /^\s*bearer(?:\s+(.*?))?\s*$/i.exec(
    request.headers.authorization ?? '',
  );
  if (!match) throw authenticationRequired(realm);
  const token = match[1];
  if (!token) throw invalidToken('missing after Bearer', realm);
  return token;
}

function userOf({claims, scope, aud}: VerifiedAccessToken): IdentityTokenUser {
  return {
    [securityId]: claims.sub,
    sub: claims.sub,
    client_id: claims.client_id,
    scope,
    aud,
    ...(typeof claims.sid === 'string' ? {sid: claims.sid} : {}),
    claims,
  };
}
