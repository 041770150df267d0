import {createHash} from 'node:crypto';
import {JWTPayload, SignJWT} from 'jose';
import {TOKEN_SIGNING_ALGS, TokenSigningAlg} from '../../config';
import {SigningKeyService} from '../tokens/signing-key.service';

/**
 * The JWS algorithms ID tokens may be signed with, for discovery's
 * `id_token_signing_alg_values_supported`: TOKEN_SIGNING_ALG's first (the
 * default), then those an application may choose.
 */
export function idTokenAlgorithms(configured: TokenSigningAlg): string[] {
  return [configured, ...TOKEN_SIGNING_ALGS.filter(alg => alg !== configured)];
}

/**
 * The one place ID tokens are signed, with the current key of `requested`
 * (the client's `idTokenSignedResponseAlg`) or of TOKEN_SIGNING_ALG;
 * `build` learns that key's algorithm first, since `at_hash` depends on it.
 */
export async function signIdToken(
  keys: SigningKeyService,
  requested: TokenSigningAlg | undefined,
  build: (alg: string) => JWTPayload,
): Promise<string> {
  const {kid, alg, privateKey} = await keys.signingKey(requested);
  return new SignJWT(build(alg))
    .setProtectedHeader({alg, kid, typ: 'JWT'})
    .sign(privateKey);
}

/**
 * OpenID Connect Core §3.1.3.6 `at_hash` (and `c_hash`): the left half of
 * the hash of the token's ASCII, base64url. The hash is the one of the
 * JWS algorithm: SHA-256 for RS256/ES256/PS256, SHA-384 and SHA-512 for
 * their 384/512 kin, and SHA-512 for EdDSA with Ed25519 (as the OpenID
 * Foundation's libraries, oauth4webapi included, compute it).
 */
export function tokenHash(token: string, alg: string): string {
  const digest = createHash(hashOf(alg)).update(token, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

function hashOf(alg: string): 'sha256' | 'sha384' | 'sha512' {
  if (/^(RS|PS|ES)256$/.test(alg)) return 'sha256';
  if (/^(RS|PS|ES)384$/.test(alg)) return 'sha384';
  if (/^(RS|PS|ES)512$/.test(alg) || alg === 'EdDSA' || alg === 'Ed25519') {
    return 'sha512';
  }
  throw new Error(`no at_hash digest for JWS algorithm ${alg}`);
}
