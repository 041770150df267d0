import {exportJWK, generateKeyPair, importJWK, JWK} from 'jose';
import {TOKEN_SIGNING_ALGS, TokenSigningAlg} from '../../config';
import {AppError} from '../../errors';
import type {SecretBox} from '../platform/secret-box.service';

/** The SecretBox purpose private signing keys are sealed for. */
export const SIGNING_KEY_PURPOSE = 'signing-key';

export type JoseKey = Awaited<ReturnType<typeof importJWK>>;

/** A new key pair's JWKs, each carrying its `kid` and `alg`. */
export interface SigningKeyPair {
  kid: string;
  alg: TokenSigningAlg;
  /** Published in the JWKS: `kid`, `alg`, `use: "sig"`. */
  publicJwk: JWK;
  /** Never leaves the server; sealed before it is stored. */
  privateJwk: JWK;
}

/**
 * RSA 2048 for RS256 (RFC 7518 §3.3's minimum, and what every verifier
 * takes), P-256 for ES256, Ed25519 for EdDSA.
 */
const GENERATE_OPTIONS: Record<
  TokenSigningAlg,
  {crv?: string; modulusLength?: number}
> = {
  RS256: {modulusLength: 2048},
  ES256: {crv: 'P-256'},
  EdDSA: {crv: 'Ed25519'},
};

/** Generates a key pair for `alg`, named `kid`. */
export async function generateSigningKeyPair(
  alg: TokenSigningAlg,
  kid: string,
): Promise<SigningKeyPair> {
  const {publicKey, privateKey} = await generateKeyPair(alg, {
    ...GENERATE_OPTIONS[alg],
    extractable: true,
  });
  return {
    kid,
    alg,
    publicJwk: {...(await exportJWK(publicKey)), kid, alg, use: 'sig'},
    privateJwk: {...(await exportJWK(privateKey)), kid, alg},
  };
}

/** Whether a stored `alg` is one this service signs and verifies with. */
export function isTokenSigningAlg(alg: unknown): alg is TokenSigningAlg {
  return (TOKEN_SIGNING_ALGS as readonly unknown[]).includes(alg);
}

/**
 * The public key of a stored JWK, bound to the row's `alg`; undefined for a
 * row that holds no valid key of that algorithm (it must not stop every
 * other key from signing and verifying).
 */
export async function importPublicKey(
  jwk: JWK,
  alg: string,
): Promise<JoseKey | undefined> {
  if (!isTokenSigningAlg(alg) || (jwk.alg && jwk.alg !== alg)) return undefined;
  // A public half carrying private material is never published or trusted.
  if ('d' in jwk) return undefined;
  return importJWK(jwk, alg).catch(() => undefined);
}

/**
 * The private JWK of key `kid`, sealed as `sealed`. Throws
 * `DECRYPTION_FAILED` naming the key (never its value) when it cannot be
 * opened: no token can be signed with it until an operator restores the
 * APP_SECRET it was sealed under.
 */
export function openPrivateJwk(
  box: SecretBox,
  kid: string,
  sealed: string,
): JWK {
  try {
    return box.openJson<JWK>(sealed, SIGNING_KEY_PURPOSE);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    throw new AppError(
      'DECRYPTION_FAILED',
      `The signing key ${kid} cannot be opened (sealed under another APP_SECRET?): no token can be signed until an operator restores it.`,
      {details: {purpose: SIGNING_KEY_PURPOSE, kid}},
    );
  }
}
