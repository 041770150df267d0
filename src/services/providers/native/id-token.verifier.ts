import {createRemoteJWKSet, errors, JWTPayload, jwtVerify} from 'jose';
import {AppError} from '../../../errors';
import {constantTimeEqual} from '../../platform/token-digest';
import {invalidProviderToken, providerUnavailable} from './native-token';

/** What an ID token must satisfy to be accepted. */
export interface IdTokenRules {
  jwksUrl: URL;
  /** Accepted `iss` values. */
  issuers: readonly string[];
  /** The client id the token must be issued to (THE application's). */
  audience: string;
  /** The nonce the app sent, if it sent one. */
  nonce?: string;
  requireNonce: boolean;
  /**
   * OpenID Connect Core §3.1.3.7: with several audiences, `azp` must name
   * the client. Off for Google, whose Android tokens carry the Android
   * client in `azp` and the server's in `aud`.
   */
  checkAzp: boolean;
  /** Milliseconds since the epoch, from the service's clock. */
  now: number;
}

// Asymmetric only: an HMAC "signature" keyed with a public value, or
// `none`, would let anyone mint tokens.
const ALGORITHMS = [
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

/** Provider clocks drift a little from ours. */
const CLOCK_TOLERANCE_SEC = 30;

/**
 * Remote key sets by URL. jose refetches a set when a token names a key it
 * has not seen (key rotation), with a cool-down, so one set per URL lives
 * as long as the service.
 */
export class JwksCache {
  private sets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  /** The key set published at `url`. */
  keysAt(url: URL): ReturnType<typeof createRemoteJWKSet> {
    let set = this.sets.get(url.href);
    if (!set) {
      set = createRemoteJWKSet(url);
      this.sets.set(url.href, set);
    }
    return set;
  }
}

/**
 * Verifies an ID token's signature against the issuer's published keys,
 * then its issuer, audience, expiry and nonce. Returns the claims.
 */
export async function verifyIdToken(
  idToken: string,
  rules: IdTokenRules,
  jwks: JwksCache,
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({payload} = await jwtVerify(idToken, jwks.keysAt(rules.jwksUrl), {
      algorithms: ALGORITHMS,
      issuer: [...rules.issuers],
      audience: rules.audience,
      currentDate: new Date(rules.now),
      clockTolerance: CLOCK_TOLERANCE_SEC,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (err) {
    throw asRefusal(err);
  }
  checkAzp(payload, rules);
  checkNonce(payload, rules);
  return payload;
}

function checkAzp(payload: JWTPayload, rules: IdTokenRules): void {
  if (!rules.checkAzp || !Array.isArray(payload.aud)) return;
  if (payload.aud.length > 1 && payload.azp !== rules.audience) {
    throw invalidProviderToken('it was issued to another client (azp)');
  }
}

function checkNonce(payload: JWTPayload, rules: IdTokenRules): void {
  const claimed = typeof payload.nonce === 'string' ? payload.nonce : '';
  if (rules.nonce === undefined) {
    if (rules.requireNonce) {
      throw new AppError('INVALID_REQUEST', 'nonce is required.');
    }
    return;
  }
  // A token without the nonce the app chose could be a replayed one.
  if (!claimed || !constantTimeEqual(claimed, rules.nonce)) {
    throw invalidProviderToken('its nonce does not match');
  }
}

/** jose's errors as the service's: bad token 401, unreachable keys 502. */
function asRefusal(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof errors.JWTExpired) {
    return invalidProviderToken('it has expired');
  }
  if (err instanceof errors.JWTClaimValidationFailed) {
    return invalidProviderToken(claimReason(err.claim));
  }
  if (
    err instanceof errors.JWSSignatureVerificationFailed ||
    err instanceof errors.JWKSNoMatchingKey ||
    err instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return invalidProviderToken('its signature does not verify');
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
    return providerUnavailable('publish its signing keys');
  }
  if (
    err instanceof errors.JWSInvalid ||
    err instanceof errors.JWTInvalid ||
    err instanceof errors.JOSEAlgNotAllowed ||
    err instanceof errors.JOSENotSupported
  ) {
    return invalidProviderToken('it is not a well-formed, signed ID token');
  }
  // Anything else came from fetching the key set (refused, not 200).
  return providerUnavailable('publish its signing keys');
}

function claimReason(claim: string): string {
  switch (claim) {
    case 'aud':
      return 'it was issued to another client';
    case 'iss':
      return 'it was issued by another issuer';
    case 'nbf':
      return 'it is not valid yet';
    default:
      return `its "${claim}" claim is missing or wrong`;
  }
}
