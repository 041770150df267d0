/**
 * The cost of signing and verifying one access token with each
 * TOKEN_SIGNING_ALG, in process with jose (what TokenService does, without
 * HTTP or the database). Part of `npm run bench`; also runs alone
 * (`node dist/bench-signing`). Figures are printed, never asserted.
 */
import {randomUUID} from 'node:crypto';
import {importJWK, jwtVerify, SignJWT} from 'jose';
import {TOKEN_SIGNING_ALGS, TokenSigningAlg} from './config';
import {generateSigningKeyPair} from './services/tokens/signing-key-material';

const SIGN_OPS = Number(process.env.BENCH_SIGN_OPS ?? 2000);

export interface SigningFigures {
  alg: TokenSigningAlg;
  signUs: number;
  verifyUs: number;
  tokenBytes: number;
}

/** Signs and verifies `ops` RFC 9068 access tokens with `alg`; µs per op. */
export async function measureSigning(
  alg: TokenSigningAlg,
  ops = SIGN_OPS,
): Promise<SigningFigures> {
  // Keys made and imported as SigningKeyService makes and imports them.
  const pair = await generateSigningKeyPair(alg, randomUUID());
  const privateKey = await importJWK(pair.privateJwk, alg);
  const publicKey = await importJWK(pair.publicJwk, alg);
  const kid = pair.kid;
  const sign = () => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      client_id: 'web',
      auth_time: now,
      amr: ['pwd'],
      sid: randomUUID(),
    })
      .setProtectedHeader({alg, kid, typ: 'at+jwt'})
      .setIssuer('http://localhost:3000')
      .setSubject(randomUUID())
      .setAudience('web')
      .setIssuedAt(now)
      .setExpirationTime(now + 900)
      .setJti(randomUUID())
      .sign(privateKey);
  };
  const verify = (token: string) =>
    jwtVerify(token, publicKey, {algorithms: [alg], typ: 'at+jwt'});
  // Warm-up: JIT and the key's first use.
  for (let i = 0; i < 50; i++) await verify(await sign());

  const tokens: string[] = [];
  let started = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) tokens.push(await sign());
  const signUs = Number(process.hrtime.bigint() - started) / 1000 / ops;
  started = process.hrtime.bigint();
  for (const token of tokens) await verify(token);
  const verifyUs = Number(process.hrtime.bigint() - started) / 1000 / ops;
  return {alg, signUs, verifyUs, tokenBytes: tokens[0]!.length};
}

/** Prints the signing figures of every algorithm. */
export async function printSigningBench(): Promise<void> {
  console.log(
    `\naccess-token signing in process (jose), ${SIGN_OPS} tokens per algorithm, one at a time`,
  );
  for (const alg of TOKEN_SIGNING_ALGS) {
    const f = await measureSigning(alg);
    console.log(
      `${alg.padEnd(6)} sign ${f.signUs.toFixed(0).padStart(6)} µs/op   verify ${f.verifyUs.toFixed(0).padStart(6)} µs/op   token ${f.tokenBytes} bytes`,
    );
  }
}

if (require.main === module) {
  printSigningBench().catch(err => {
    console.error(err);
    process.exit(1);
  });
}
