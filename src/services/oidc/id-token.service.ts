import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {decodeProtectedHeader, errors, jwtVerify, JWTPayload} from 'jose';
import {AppConfig} from '../../config';
import {OidcAuthorizeBindings} from './authorize-keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {UserRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {CodeGrant} from '../tokens/authorization-code.service';
import {
  CodeResponseCompletion,
  CodeTokenResponse,
} from '../tokens/code-response';
import {FirstPartyPolicyService} from '../tokens/first-party-policy.service';
import {TokenResponse} from '../tokens/session.service';
import {SigningKeyService} from '../tokens/signing-key.service';
import {acrOf} from '../tokens/authentication-methods';
import {userClaims} from './authorize-scopes';
import {signIdToken, tokenHash} from './id-token-signer';

/** What an `id_token_hint` tells, once its signature and issuer are checked. */
export interface IdTokenHint {
  sub: string;
  /** The client ids it was issued to. */
  aud: string[];
  sid?: string;
}

/**
 * ID tokens (OpenID Connect Core §2, §3.1.3.6) for codes of the
 * authorization endpoint, and the rest of such a code's token response:
 * the granted `scope`, and a refresh token only with `offline_access` or
 * for a first-party client. Bound as the tokens feature's
 * CODE_RESPONSE_COMPLETION.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.ID_TOKEN_SERVICE},
})
export class IdTokenService implements CodeResponseCompletion {
  constructor(
    @inject(TokenBindings.SIGNING_KEY_SERVICE)
    private keys: SigningKeyService,
    @repository(UserRepository) private users: UserRepository,
    @inject(TokenBindings.FIRST_PARTY_POLICY_SERVICE)
    private firstParty: FirstPartyPolicyService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * The token response of `grant`'s code. Codes of the provider flows
   * (no `scope`) are answered as before, refresh token included.
   */
  async complete(
    grant: CodeGrant,
    tokens: TokenResponse,
  ): Promise<CodeTokenResponse> {
    if (grant.scope === undefined) return tokens;
    const scopes = grant.scope.split(' ').filter(Boolean);
    const {refresh_token: refreshToken, ...response} = tokens;
    const offline =
      scopes.includes('offline_access') ||
      (await this.firstParty.isFirstParty(grant.clientId));
    // `response` carries the access token's scope (RFC 6749 §5.1): for a
    // resource (RFC 8707), that resource's part of the grant only.
    return {
      ...response,
      ...(offline ? {refresh_token: refreshToken} : {}),
      ...(scopes.includes('openid')
        ? {id_token: await this.issue(grant, scopes, tokens.access_token)}
        : {}),
    };
  }

  /**
   * The claims of an ID token this service issued, for `id_token_hint`:
   * signature and issuer checked, expiry not (OpenID Connect RP-Initiated
   * Logout §2: an expired ID token is still a fine hint). Undefined for
   * anything else.
   */
  async verifyHint(token: string): Promise<IdTokenHint | undefined> {
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return undefined;
    }
    const key = kid ? await this.keys.verificationKey(kid) : undefined;
    if (!key) return undefined;
    let payload: JWTPayload;
    try {
      ({payload} = await jwtVerify(token, key.key, {
        algorithms: [key.alg],
        issuer: this.config.baseUrl,
        typ: 'JWT',
        currentDate: new Date(this.clock.now()),
      }));
    } catch (err) {
      if (!(err instanceof errors.JWTExpired)) return undefined;
      payload = err.payload;
    }
    if (typeof payload.sub !== 'string' || payload.aud === undefined) {
      return undefined;
    }
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return {
      sub: payload.sub,
      aud,
      ...(typeof payload.sid === 'string' ? {sid: payload.sid} : {}),
    };
  }

  private async issue(
    grant: CodeGrant,
    scopes: string[],
    accessToken: string,
  ): Promise<string> {
    const user = await this.users.findById(grant.userId);
    const now = Math.floor(this.clock.now() / 1000);
    return signIdToken(this.keys, grant.idTokenAlg, alg => ({
      iss: this.config.baseUrl,
      sub: grant.userId,
      aud: grant.clientId,
      iat: now,
      exp: now + this.config.accessTokenTtl,
      ...(grant.authTime ? {auth_time: grant.authTime} : {}),
      ...(grant.nonce ? {nonce: grant.nonce} : {}),
      at_hash: tokenHash(accessToken, alg),
      ...(grant.sid ? {sid: grant.sid} : {}),
      ...(grant.amr ? {amr: grant.amr} : {}),
      acr: acrOf(grant.amr),
      ...userClaims(user, scopes),
    }));
  }
}
