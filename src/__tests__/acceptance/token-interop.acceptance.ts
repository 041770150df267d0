import {expect} from '@loopback/testlab';
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
} from 'jose';
import {TokenSigningAlg} from '../../config';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {GOOD_PASSWORD, givenEmail} from '../fixtures/accounts';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {call} from '../fixtures/http';
import {
  givenJwksResourceServer,
  JwksResourceServer,
} from '../fixtures/jwks-resource-server';

const ISSUER = 'http://localhost:3000';

/**
 * The service's access tokens, obtained over HTTP as a client obtains them,
 * checked by verifiers that know nothing of this project: jwks-rsa +
 * jsonwebtoken (RS256, ES256; jsonwebtoken has no EdDSA) and jose's remote
 * JWK Set (EdDSA), each fetching /.well-known/jwks.json over HTTP.
 */
describe('access tokens verified by standard libraries (acceptance)', () => {
  let app: IdentityApplication;
  let dataDir: string;
  let baseUrl: string;

  async function givenService(alg: TokenSigningAlg): Promise<void> {
    dataDir = givenDataDir();
    ({app} = await givenRunningApp({
      DATA_DIR: dataDir,
      TOKEN_SIGNING_ALG: alg,
    }));
    baseUrl = app.restServer.url!;
  }
  afterEach(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  /** Sign up and log in over HTTP; the access token and the user's id. */
  async function signUpAndLogIn(): Promise<{token: string; userId: string}> {
    const email = givenEmail('interop');
    const body = {email, password: GOOD_PASSWORD};
    const signUp = await call(baseUrl, 'POST', '/users', {body});
    expect(signUp.status).to.equal(201);
    const login = await call(baseUrl, 'POST', '/auth/login', {
      body: {login: email, password: GOOD_PASSWORD},
    });
    expect(login.status).to.equal(200);
    return {token: login.body.access_token, userId: signUp.body.id};
  }

  /** The same token with another `sub`: its signature no longer matches. */
  function tampered(token: string): string {
    const [header, payload, signature] = token.split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(
      JSON.stringify({...claims, sub: 'someone-else'}),
    ).toString('base64url');
    return `${header}.${forged}.${signature}`;
  }

  for (const alg of ['RS256', 'ES256'] as const) {
    describe(`TOKEN_SIGNING_ALG=${alg}: jwks-rsa + jsonwebtoken`, () => {
      let api: JwksResourceServer;
      beforeEach(async () => {
        await givenService(alg);
        api = await givenJwksResourceServer({
          jwksUri: `${baseUrl}/.well-known/jwks.json`,
          issuer: ISSUER,
          audience: 'web',
        });
      });
      afterEach(() => api.close());

      it('accepts the access token of a real sign-in, refuses a tampered one', async () => {
        const {token, userId} = await signUpAndLogIn();
        expect(decodeProtectedHeader(token).alg).to.equal(alg);
        expect(await api.call(token)).to.eql({
          status: 200,
          body: {sub: userId, client_id: 'web'},
        });
        const refused = await api.call(tampered(token));
        expect(refused.status).to.equal(401);
        expect(refused.body.error).to.equal('invalid signature');
      });

      it('follows a key rotation: a token naming the new kid verifies', async () => {
        const before = await signUpAndLogIn();
        expect((await api.call(before.token)).status).to.equal(200);
        const rotation = app.getSync(IdentityBindings.KEY_ROTATION_SERVICE);
        const {kid} = await rotation.rotate();
        const after = await signUpAndLogIn();
        expect(decodeProtectedHeader(after.token).kid).to.equal(kid);
        expect((await api.call(after.token)).status).to.equal(200);
        expect((await api.call(before.token)).status).to.equal(200);
      });
    });
  }

  describe('TOKEN_SIGNING_ALG=EdDSA: jose createRemoteJWKSet', () => {
    beforeEach(() => givenService('EdDSA'));

    it('accepts the access token of a real sign-in, refuses a tampered one', async () => {
      const {token, userId} = await signUpAndLogIn();
      const jwks = createRemoteJWKSet(
        new URL(`${baseUrl}/.well-known/jwks.json`),
      );
      const options = {
        issuer: ISSUER,
        audience: 'web',
        typ: 'at+jwt',
        algorithms: ['EdDSA'],
      };
      const {payload, protectedHeader} = await jwtVerify(token, jwks, options);
      expect(protectedHeader.alg).to.equal('EdDSA');
      expect(payload).to.containDeep({sub: userId, client_id: 'web'});
      const err = await jwtVerify(tampered(token), jwks, options).then(
        () => undefined,
        e => e,
      );
      expect(err).to.be.instanceOf(errors.JWSSignatureVerificationFailed);
    });
  });
});
