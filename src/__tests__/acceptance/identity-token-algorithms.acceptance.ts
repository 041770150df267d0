import {expect} from '@loopback/testlab';
import {decodeProtectedHeader} from 'jose';
import {TokenSigningAlg} from '../../config';
import {IdentityBindings} from '../../keys';
import {ExpressJwtApi, givenExpressJwtApi} from '../fixtures/express-jwt-api';
import {givenResourceApi, ResourceApi} from '../fixtures/resource-api';
import {
  givenTokenIssuer,
  TokenIssuer,
  ConfidentialApp,
} from '../fixtures/token-issuer';

/** Tampered: another `sub` under the genuine signature. */
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

/**
 * The service's access tokens under each TOKEN_SIGNING_ALG, verified by the
 * exported strategy in a LoopBack API and by Auth0's unmodified
 * express-oauth2-jwt-bearer in strict mode (RFC 9068: `typ` at+jwt, `iss`,
 * `aud`, `exp`, `iat`, `sub`, `client_id`, `jti`), each knowing only the
 * issuer URL and the audience.
 */
describe('access tokens of each algorithm in separate APIs (acceptance)', () => {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as TokenSigningAlg[]) {
    describe(`TOKEN_SIGNING_ALG=${alg}`, () => {
      let issuer: TokenIssuer;
      let api: ResourceApi;
      let express: ExpressJwtApi;
      let client: ConfidentialApp;

      before(async () => {
        issuer = await givenTokenIssuer({TOKEN_SIGNING_ALG: alg});
        api = await givenResourceApi({
          issuer: issuer.issuer,
          audience: 'web',
          revocation: 'none',
          // The rotation below follows at once.
          jwksCooldownMs: 0,
        });
        client = await issuer.givenConfidentialApp();
        express = await givenExpressJwtApi({
          issuerBaseURL: issuer.issuer,
          audience: ['web', client.audience],
          strict: true,
        });
      });
      after(async () => {
        await express?.close();
        await api?.stop();
        await issuer?.stop();
      });

      it('both APIs accept the token of a real sign-in and refuse it tampered', async () => {
        const person = await issuer.givenPerson();
        expect(decodeProtectedHeader(person.webToken)).to.containDeep({
          alg,
          typ: 'at+jwt',
        });
        const mine = await api.call('GET', '/whoami', person.webToken);
        expect({status: mine.status, sub: mine.body.sub}).to.eql({
          status: 200,
          sub: person.id,
        });
        expect(await express.call(person.webToken)).to.eql({
          status: 200,
          challenge: null,
          body: {sub: person.id, client_id: 'web'},
        });

        const forged = tampered(person.webToken);
        expect((await api.call('GET', '/whoami', forged)).status).to.equal(401);
        const refused = await express.call(forged);
        expect({status: refused.status, error: refused.body.error}).to.eql({
          status: 401,
          error: 'invalid_token',
        });
        expect(refused.challenge).to.match(/^Bearer .*error="invalid_token"/);
        // Its scope check reads the service's space-separated `scope`.
        const unscoped = await express.call(person.webToken, 'POST');
        expect({status: unscoped.status, error: unscoped.body.error}).to.eql({
          status: 403,
          error: 'insufficient_scope',
        });
        const writer = await issuer.givenAppTokens(
          client,
          person,
          'orders:read orders:write',
        );
        expect(await express.call(writer.accessToken, 'POST')).to.eql({
          status: 200,
          challenge: null,
          body: {sub: person.id},
        });
      });

      it('the strategy fetches the key set again for a key it has not seen', async () => {
        const before = await issuer.givenPerson();
        expect(
          (await api.call('GET', '/whoami', before.webToken)).status,
        ).to.equal(200);
        const rotation = issuer.app.getSync(
          IdentityBindings.KEY_ROTATION_SERVICE,
        );
        const {kid} = await rotation.rotate();
        const after = await issuer.givenPerson();
        expect(decodeProtectedHeader(after.webToken).kid).to.equal(kid);
        expect(
          (await api.call('GET', '/whoami', after.webToken)).status,
        ).to.equal(200);
        expect(
          (await api.call('GET', '/whoami', before.webToken)).status,
        ).to.equal(200);
      });
    });
  }
});
