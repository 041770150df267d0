import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {randomUUID} from 'node:crypto';
import {decodeProtectedHeader, errors, JWTPayload, jwtVerify} from 'jose';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Clock} from '../platform/clock';
import {RevocationService} from './revocation.service';
import {amrOf} from './authentication-methods';
import {SigningKeyService, VerificationKey} from './signing-key.service';
import {VerifiedTokenCache} from './verified-token-cache';

/** The claims of an access token this service issued and still honours (RFC 9068). */
export interface AccessTokenClaims {
  iss: string;
  /** The user id. */
  sub: string;
  /** The audience: the client id, until tokens name resources (RFC 8707). */
  aud: string;
  /** The client application the token was issued to. */
  client_id: string;
  /** The session: revoking it revokes the token. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  /** When the user signed in (absent from tokens issued before RFC 9068). */
  auth_time?: number;
  /** How the user signed in, RFC 8176 values (`pwd`, `fed`). */
  amr?: string[];
  /**
   * Granted scopes, space-separated: on tokens of the authorization
   * endpoint (empty when it granted none); absent on other sign-ins'.
   */
  scope?: string;
}

export interface TokenSubject {
  userId: string;
  sessionId: string;
  applicationId: string;
  /** When the session's user signed in. */
  authTime: Date | string | number;
  /** The session's `authMethod`: `password`, `basic`, or a provider's name. */
  authMethod: string;
  /** RFC 8176 methods, when the sign-in recorded them (else from authMethod). */
  amr?: readonly string[];
  /** Granted scopes (the authorization endpoint's); none for other sign-ins. */
  scope?: readonly string[];
}

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

  /** Signs an access token for a session; `expiresIn` is in seconds. */
  async issueAccessToken(
    subject: TokenSubject,
  ): Promise<{accessToken: string; expiresIn: number}> {
    const now = Math.floor(this.clock.now() / 1000);
    const expiresIn = this.config.accessTokenTtl;
    const scope = subject.scope?.join(' ');
    const accessToken = await this.keys.signJwt(
      {
        iss: this.config.baseUrl,
        sub: subject.userId,
        aud: subject.applicationId,
        exp: now + expiresIn,
        iat: now,
        jti: randomUUID(),
        client_id: subject.applicationId,
        // Present, even empty, on every token of the authorization endpoint:
        // a scope claim is what holds such a token to its scopes
        // (FirstPartyPolicyService), so granting nothing must not free it.
        ...(scope !== undefined ? {scope} : {}),
        auth_time: Math.floor(new Date(subject.authTime).getTime() / 1000),
        amr: subject.amr?.length ? [...subject.amr] : amrOf(subject.authMethod),
        sid: subject.sessionId,
      },
      {typ: ACCESS_TOKEN_TYP},
    );
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
        requiredClaims: ['sub', 'aud', 'exp', 'iat', 'jti', 'sid'],
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
 * issued before RFC 9068 claims, which stay valid until they expire.
 */
function accessTokenClaims(payload: JWTPayload): AccessTokenClaims {
  const clientId = payload.client_id ?? payload.aud;
  if (
    typeof payload.sid !== 'string' ||
    typeof payload.aud !== 'string' ||
    typeof clientId !== 'string'
  ) {
    throw invalidToken('The access token is malformed.');
  }
  return {...payload, client_id: clientId} as AccessTokenClaims;
}

function invalidToken(message: string): AppError {
  return new AppError('INVALID_TOKEN', message);
}
