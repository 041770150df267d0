import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {randomUUID} from 'node:crypto';
import {decodeProtectedHeader, errors, jwtVerify, SignJWT} from 'jose';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Clock} from '../platform/clock';
import {RevocationService} from './revocation.service';
import {SIGNING_ALG, SigningKeyService} from './signing-key.service';
import {VerifiedTokenCache} from './verified-token-cache';

/** The claims of an access token this service issued and still honours. */
export interface AccessTokenClaims {
  iss: string;
  /** The user id. */
  sub: string;
  /** The client application (client id) the token was issued to. */
  aud: string;
  /** The session: revoking it revokes the token. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface TokenSubject {
  userId: string;
  sessionId: string;
  applicationId: string;
}

/** Seconds of clock difference between nodes tolerated on `iat`/`exp`. */
const CLOCK_TOLERANCE_S = 5;

/**
 * Issues and verifies the EdDSA-signed JWT access tokens. Verification is
 * local (signature, issuer, expiry) plus one store lookup for revocation.
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

  /** Signs an access token for a session; `expiresIn` is in seconds. */
  async issueAccessToken(
    subject: TokenSubject,
  ): Promise<{accessToken: string; expiresIn: number}> {
    const {kid, privateKey} = await this.keys.signingKey();
    const now = Math.floor(this.clock.now() / 1000);
    const expiresIn = this.config.accessTokenTtl;
    const accessToken = await new SignJWT({sid: subject.sessionId})
      .setProtectedHeader({alg: SIGNING_ALG, kid, typ: 'at+jwt'})
      .setIssuer(this.config.baseUrl)
      .setSubject(subject.userId)
      .setAudience(subject.applicationId)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .setJti(randomUUID())
      .sign(privateKey);
    return {accessToken, expiresIn};
  }

  /**
   * The claims of a valid, unrevoked access token. Throws AppError
   * `INVALID_TOKEN` for anything else, without saying which check failed.
   */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims> {
    const claims = await this.verifySignature(token);
    if (await this.revocations.isSessionRevoked(claims.sid)) {
      throw invalidToken('The session of this token was revoked.');
    }
    return claims;
  }

  /**
   * Like verifyAccessToken but without the revocation check: for
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
    if (!key)
      throw invalidToken('The access token is not signed by a known key.');
    try {
      const {payload} = await jwtVerify(token, key, {
        algorithms: [SIGNING_ALG],
        issuer: this.config.baseUrl,
        typ: 'at+jwt',
        currentDate: new Date(this.clock.now()),
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['sub', 'aud', 'exp', 'iat', 'jti', 'sid'],
      });
      if (typeof payload.sid !== 'string' || typeof payload.aud !== 'string') {
        throw invalidToken('The access token is malformed.');
      }
      const claims = payload as unknown as AccessTokenClaims;
      this.verified.set(token, kid!, claims);
      return claims;
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired) {
        throw invalidToken('The access token has expired.');
      }
      throw invalidToken('The access token is invalid.');
    }
  }
}

function invalidToken(message: string): AppError {
  return new AppError('INVALID_TOKEN', message);
}
