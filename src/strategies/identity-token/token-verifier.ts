import {
  createRemoteJWKSet,
  errors,
  JWSHeaderParameters,
  JWTPayload,
  jwtVerify,
} from 'jose';
import {AppError} from '../../errors/app-error';
import {cannotCheck, insufficientScope, invalidToken} from './errors';
import {
  IntrospectionCheck,
  NO_REVOCATION_CHECK,
  RevocationCheck,
} from './introspection-check';
import {IssuerMetadataSource} from './issuer-metadata';
import {ResolvedOptions} from './options';
import {StoreCheck} from './store-check';

/**
 * The signature algorithms a token may use; the key its `kid` names narrows
 * them to that key's own. `none` and the HMACs (whose "key" would be the
 * public key, known to anyone) are never among them.
 */
const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** A token that passed every check: what the strategy makes a user of. */
export interface VerifiedAccessToken {
  claims: JWTPayload & {sub: string; client_id: string; jti: string};
  scope: string[];
  aud: string[];
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * Verifies the service's RFC 9068 access tokens for one API: signature by a
 * key of the service's JWKS (found through discovery, fetched again when a
 * token names an unknown key), `typ` at+jwt, `iss` exactly, `aud`, `exp`
 * and `nbf`, the RFC 9068 claims, then revocation. One per application.
 */
export class IdentityTokenVerifier {
  private readonly metadata: IssuerMetadataSource;
  private readonly revocation: RevocationCheck;
  private keySet?: KeySet;

  constructor(readonly options: ResolvedOptions) {
    this.metadata = new IssuerMetadataSource(options.issuer);
    this.revocation = revocationCheck(options, this.metadata);
  }

  /**
   * The token's claims, scopes and audiences. Throws a 401 `INVALID_TOKEN`
   * AppError for a token this API must refuse, a 503 one while it cannot be
   * checked.
   */
  async verify(token: string): Promise<VerifiedAccessToken> {
    const claims = await this.verifyJwt(token);
    if (await this.revocation.isRevoked(token, claims)) {
      throw invalidToken('revoked', this.options.realm);
    }
    return {
      claims,
      scope:
        typeof claims.scope === 'string'
          ? claims.scope.split(' ').filter(Boolean)
          : [],
      aud: [claims.aud ?? []].flat(),
    };
  }

  /** Throws a 403 `INSUFFICIENT_SCOPE` AppError unless the token holds every scope. */
  requireScopes(token: VerifiedAccessToken, required: string[]): void {
    if (required.every(scope => token.scope.includes(scope))) return;
    throw insufficientScope(required, this.options.realm);
  }

  /** Disconnects from the shared store, when the API stops. */
  async close(): Promise<void> {
    await this.revocation.close();
  }

  private async verifyJwt(
    token: string,
  ): Promise<VerifiedAccessToken['claims']> {
    const {issuer, audience, clockToleranceSec} = this.options;
    try {
      const {payload} = await jwtVerify(
        token,
        (header, jws) => this.key(header, jws),
        {
          issuer,
          audience,
          typ: 'at+jwt',
          algorithms: ASYMMETRIC_ALGS,
          clockTolerance: clockToleranceSec,
          requiredClaims: [
            'iss',
            'sub',
            'aud',
            'exp',
            'iat',
            'jti',
            'client_id',
          ],
        },
      );
      const {sub, client_id: clientId, jti} = payload;
      if (![sub, clientId, jti].every(v => typeof v === 'string' && v)) {
        throw invalidToken(
          'not an access token of this issuer',
          this.options.realm,
        );
      }
      return payload as VerifiedAccessToken['claims'];
    } catch (err) {
      throw this.refusal(err);
    }
  }

  private async key(header: JWSHeaderParameters, jws: Parameters<KeySet>[1]) {
    if (!this.keySet) {
      const {jwks_uri: jwksUri} = await this.metadata.get();
      this.keySet ??= createRemoteJWKSet(new URL(jwksUri), {
        cooldownDuration: this.options.jwksCooldownMs,
      });
    }
    return this.keySet(header, jws);
  }

  /** Why a token fails, in the words of the challenge; 503 for our own faults. */
  private refusal(err: unknown): AppError {
    if (err instanceof AppError) return err;
    const realm = this.options.realm;
    if (err instanceof errors.JWTExpired) return invalidToken('expired', realm);
    if (err instanceof errors.JWTClaimValidationFailed) {
      return invalidToken(`not valid here (${err.claim})`, realm);
    }
    if (
      err instanceof errors.JWKSTimeout ||
      !(err instanceof errors.JOSEError)
    ) {
      return cannotCheck(`the issuer's key set: ${(err as Error).message}`);
    }
    if (err instanceof errors.JWKSInvalid || err.code === 'ERR_JOSE_GENERIC') {
      // The key set's answer itself was wrong: not the token's fault.
      return cannotCheck(`the issuer's key set: ${err.message}`);
    }
    return invalidToken('malformed or not signed by the issuer', realm);
  }
}

function revocationCheck(
  options: ResolvedOptions,
  metadata: IssuerMetadataSource,
): RevocationCheck {
  const revocation = options.revocation;
  switch (revocation.kind) {
    case 'introspection':
      return new IntrospectionCheck(metadata, revocation);
    case 'store':
      return new StoreCheck(revocation);
    case 'none':
      return NO_REVOCATION_CHECK;
  }
}
