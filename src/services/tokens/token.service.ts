import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {randomUUID} from 'node:crypto';
import {decodeProtectedHeader, errors, JWTPayload, jwtVerify} from 'jose';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Clock} from '../platform/clock';
import {RevocationService} from './revocation.service';
import {acrOf, amrOf} from './authentication-methods';
import {SigningKeyService, VerificationKey} from './signing-key.service';
import {VerifiedTokenCache} from './verified-token-cache';
import type {
  AccessTokenClaims,
  ClientTokenSubject,
  TokenSubject,
  UserTokenClaims,
} from './access-token-claims';

export type {
  AccessTokenClaims,
  ClientTokenSubject,
  TokenSubject,
  UserTokenClaims,
} from './access-token-claims';

/** RFC 9068 §2.1: the media type that tells an access token from an ID token. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/** Seconds of clock difference between nodes tolerated on `iat`/`exp`. */
const CLOCK_TOLERANCE_S = 5;

/**
 * Issues and verifies the JWT access tokens (RFC 9068), signed with
 * TOKEN_SIGNING_ALG. Verification is local (signature with the key its
 * `kid` names, in that key's algorithm only; `typ`, issuer, expiry) plus one
 * store lookup for revocation.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.TOKEN_SERVICE},
})
export class TokenService {
  private readonly verified = new VerifiedTokenCache<AccessTokenClaims>();

  constructor(
    @inject(TokenBindings.SIGNING_KEY_SERVICE)
    private keys: SigningKeyService,
    @inject(TokenBindings.REVOCATION_SERVICE)
    private revocations: RevocationService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Resolves when access tokens can be signed now; throws as signing would
   * (`DECRYPTION_FAILED` for a key this node cannot open). Called before a
   * session is written or rotated, so a failure leaves nothing half-done.
   */
  async assertCanSign(): Promise<void> {
    await this.keys.signingKey();
  }

  /** Signs an access token for a session; `expiresIn` is in seconds. */
  async issueAccessToken(
    subject: TokenSubject,
  ): Promise<{accessToken: string; expiresIn: number}> {
    const now = Math.floor(this.clock.now() / 1000);
    const expiresIn = subject.ttl ?? this.config.accessTokenTtl;
    const scope = subject.scope?.join(' ');
    const accessToken = await this.keys.signJwt(
      {
        iss: this.config.baseUrl,
        sub: subject.userId,
        aud: subject.audience ?? subject.applicationId,
        exp: now + expiresIn,
        iat: now,
        jti: randomUUID(),
        client_id: subject.applicationId,
        // Present, even empty, on every token of the authorization endpoint:
        // a scope claim is what holds such a token to its scopes
        // (FirstPartyPolicyService), so granting nothing must not free it.
        ...(scope !== undefined ? {scope} : {}),
        auth_time: Math.floor(new Date(subject.authTime).getTime() / 1000),
        ...methodClaims(subject),
        sid: subject.sessionId,
      },
      {typ: ACCESS_TOKEN_TYP},
    );
    return {accessToken, expiresIn};
  }

  /**
   * Signs the token of a client acting as itself (RFC 9068 §2.2 client
   * credentials: `sub` is the client id, no session, no user claims).
   */
  async issueClientToken(
    subject: ClientTokenSubject,
  ): Promise<{accessToken: string; expiresIn: number}> {
    const now = Math.floor(this.clock.now() / 1000);
    const expiresIn = subject.ttl ?? this.config.accessTokenTtl;
    const scope = subject.scope.join(' ');
    const accessToken = await this.keys.signJwt(
      {
        iss: this.config.baseUrl,
        sub: subject.clientId,
        aud: subject.audience,
        exp: now + expiresIn,
        iat: now,
        jti: randomUUID(),
        client_id: subject.clientId,
        ...(scope ? {scope} : {}),
      },
      {typ: ACCESS_TOKEN_TYP},
    );
    return {accessToken, expiresIn};
  }

  /**
   * The claims of a valid, unrevoked access token, a user's or an
   * application's own. Throws AppError `INVALID_TOKEN` for anything else,
   * without saying which check failed.
   */
  async verifyIssuedToken(token: string): Promise<AccessTokenClaims> {
    const claims = await this.verifySignature(token);
    if (claims.sid && (await this.revocations.isSessionRevoked(claims.sid))) {
      throw invalidToken('The session of this token was revoked.');
    }
    return claims;
  }

  /**
   * verifyIssuedToken for a user's token, whatever its audience: an
   * application's own token (client credentials) is `INVALID_TOKEN` here,
   * as for every caller that needs a session.
   */
  async verifyAccessToken(token: string): Promise<UserTokenClaims> {
    const claims = await this.verifyIssuedToken(token);
    if (!claims.sid) throw invalidToken('This token is for no user.');
    return {...claims, sid: claims.sid};
  }

  /**
   * The claims of a token the service's own API accepts: its `aud` is the
   * client it was issued to or BASE_URL (a token for another resource is
   * `INVALID_TOKEN`: an Orders API token cannot manage the account), and
   * it is a user's (else `USER_TOKEN_REQUIRED`).
   */
  async verifyOwnApiToken(token: string): Promise<UserTokenClaims> {
    const claims = await this.verifyIssuedToken(token);
    if (claims.aud !== claims.client_id && claims.aud !== this.config.baseUrl) {
      throw invalidToken('This access token is for another API.');
    }
    return userToken(claims);
  }

  /**
   * Like verifyIssuedToken but without the revocation check: for
   * introspection and revocation, which must read a token's session.
   */
  async verifySignature(token: string): Promise<AccessTokenClaims> {
    const cached = this.verified.get(
      token,
      Math.floor(this.clock.now() / 1000),
    );
    if (cached && (await this.keys.verificationKey(cached.kid))) {
      return cached.claims;
    }
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw invalidToken('The access token is malformed.');
    }
    const key = kid ? await this.keys.verificationKey(kid) : undefined;
    if (!kid || !key) {
      throw invalidToken('The access token is not signed by a known key.');
    }
    const claims = await this.verifyWith(token, key);
    this.verified.set(token, kid, claims);
    return claims;
  }

  private async verifyWith(
    token: string,
    {alg, key}: VerificationKey,
  ): Promise<AccessTokenClaims> {
    try {
      // The key's own algorithm only: never `none`, never HS256 keyed with
      // a public key, never another algorithm's key under a borrowed kid.
      const {payload} = await jwtVerify(token, key, {
        algorithms: [alg],
        issuer: this.config.baseUrl,
        typ: ACCESS_TOKEN_TYP,
        currentDate: new Date(this.clock.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['sub', 'aud', 'exp', 'iat', 'jti'],
      });
      return accessTokenClaims(payload);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired) {
        throw invalidToken('The access token has expired.');
      }
      throw invalidToken('The access token is invalid.');
    }
  }
}

/**
 * The verified payload's claims; `client_id` falls back to `aud` for tokens
 * issued before RFC 9068 claims, which stay valid until they expire. A
 * token without `sid` is a client's own, whose `sub` is its client id.
 */
function accessTokenClaims(payload: JWTPayload): AccessTokenClaims {
  const clientId = payload.client_id ?? payload.aud;
  const sid = payload.sid;
  if (
    typeof payload.aud !== 'string' ||
    typeof clientId !== 'string' ||
    (sid === undefined ? payload.sub !== clientId : typeof sid !== 'string')
  ) {
    throw invalidToken('The access token is malformed.');
  }
  return {...payload, client_id: clientId} as AccessTokenClaims;
}

/** RFC 9068 §2.2.1 `amr` and `acr`: how the person signed in. */
function methodClaims(subject: TokenSubject): {amr: string[]; acr: string} {
  const amr = subject.amr?.length
    ? [...subject.amr]
    : amrOf(subject.authMethod);
  return {amr, acr: acrOf(amr)};
}

function userToken(claims: AccessTokenClaims): UserTokenClaims {
  if (!claims.sid) {
    throw new AppError(
      'USER_TOKEN_REQUIRED',
      'This token is an application’s own (client credentials): it acts for no user.',
    );
  }
  return {...claims, sid: claims.sid};
}

function invalidToken(message: string): AppError {
  return new AppError('INVALID_TOKEN', message);
}
