import {Client, expect} from '@loopback/testlab';
import {createHmac, createPublicKey, JsonWebKey} from 'node:crypto';
import {decodeJwt, JWTPayload, SignJWT} from 'jose';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {SigningKeyService} from '../../services/tokens/signing-key.service';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {callWithToken, givenSession, givenUser} from '../fixtures/oauth';

/**
 * Tokens an attacker can make from what the service publishes, or that the
 * service signed for another purpose. Each is shown next to a control: the
 * same claims, honestly signed, are accepted, so the refusal is the header's.
 */
describe('access tokens: hostile headers (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let keys: SigningKeyService;
  /** The claims of a live RS256 access token. */
  let claims: JWTPayload;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      TOKEN_SIGNING_ALG: 'RS256',
    }));
    keys = app.getSync(IdentityBindings.SIGNING_KEY_SERVICE);
    const user = await givenUser(app);
    claims = decodeJwt((await givenSession(app, user.id)).access_token);
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  async function expectRefused(token: string): Promise<void> {
    const res = await callWithToken(client, token);
    expect({status: res.status, code: res.body.error?.code}).to.eql({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    expect(res.headers['www-authenticate']).to.equal(
      'Bearer realm="identity", error="invalid_token"',
    );
  }

  async function expectAccepted(token: string): Promise<void> {
    await callWithToken(client, token).expect(200);
  }

  /** A compact JWS with any header, signed by `sign` over its input. */
  function forge(
    header: object,
    sign: (input: string) => string = () => '',
  ): string {
    const input = [header, claims]
      .map(part => Buffer.from(JSON.stringify(part)).toString('base64url'))
      .join('.');
    return `${input}.${sign(input)}`;
  }

  async function signWith(
    alg: 'RS256' | 'ES256',
    header: {kid: string; typ?: string; alg?: string},
  ): Promise<string> {
    const {privateKey} = await keys.signingKey(alg);
    return new SignJWT(claims)
      .setProtectedHeader({alg, ...header})
      .sign(privateKey);
  }

  it('refuses alg none, even with the kid of a real key', async () => {
    const {kid} = await keys.signingKey();
    await expectRefused(forge({alg: 'none', kid, typ: 'at+jwt'}));
    await expectRefused(forge({alg: 'none', typ: 'at+jwt'}));
    await expectAccepted(await signWith('RS256', {kid, typ: 'at+jwt'}));
  });

  it('refuses HS256 keyed with the published RSA public key', async () => {
    const {kid} = await keys.signingKey();
    const jwks = (await client.get('/.well-known/jwks.json').expect(200)).body;
    const jwk = jwks.keys.find((k: {kid: string}) => k.kid === kid);
    expect(jwk.kty).to.equal('RSA');
    const pem = createPublicKey({key: jwk as JsonWebKey, format: 'jwk'})
      .export({type: 'spki', format: 'pem'})
      .toString();
    for (const secret of [pem, JSON.stringify(jwk), jwk.n]) {
      const hmac = (input: string) =>
        createHmac('sha256', secret).update(input).digest('base64url');
      await expectRefused(forge({alg: 'HS256', kid, typ: 'at+jwt'}, hmac));
    }
  });

  it('refuses a token whose kid names a key of another algorithm', async () => {
    const rs = await keys.signingKey('RS256');
    const es = await keys.signingKey('ES256');
    // Signed by the ES256 key, but naming the RS256 key, and the reverse.
    await expectRefused(await signWith('ES256', {kid: rs.kid, typ: 'at+jwt'}));
    await expectRefused(await signWith('RS256', {kid: es.kid, typ: 'at+jwt'}));
    // Honestly named, a key of an algorithm not configured still verifies
    // (a token issued before a change of TOKEN_SIGNING_ALG).
    await expectAccepted(await signWith('ES256', {kid: es.kid, typ: 'at+jwt'}));
  });

  it('refuses an unknown kid, and a token without one', async () => {
    const {privateKey} = await keys.signingKey();
    await expectRefused(
      await signWith('RS256', {kid: 'no-such-key', typ: 'at+jwt'}),
    );
    await expectRefused(
      await new SignJWT(claims)
        .setProtectedHeader({alg: 'RS256', typ: 'at+jwt'})
        .sign(privateKey),
    );
  });

  it('refuses a JWT signed by the service whose typ is not at+jwt (an ID token is no access token)', async () => {
    await expectRefused(await keys.signJwt(claims, {typ: 'JWT'}));
    await expectRefused(await keys.signJwt(claims, {typ: 'logout+jwt'}));
    const {kid} = await keys.signingKey();
    await expectRefused(await signWith('RS256', {kid}));
    await expectAccepted(await keys.signJwt(claims, {typ: 'at+jwt'}));
    // RFC 9068 §2.1: the full media type names the same thing.
    await expectAccepted(
      await keys.signJwt(claims, {typ: 'application/at+jwt'}),
    );
  });
});
