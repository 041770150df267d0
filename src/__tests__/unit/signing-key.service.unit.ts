import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  JWK,
  jwtVerify,
} from 'jose';
import {TokenSigningAlg} from '../../config';
import {SigningKeyRepository} from '../../repositories';
import {SecretBox} from '../../services/platform/secret-box.service';
import {SigningKeyService} from '../../services/tokens/signing-key.service';
import {givenConfig, TEST_APP_SECRET} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {givenRepositories} from '../fixtures/repositories';

describe('SigningKeyService (unit)', () => {
  let clock: ManualClock;
  let repo: SigningKeyRepository;

  beforeEach(async () => {
    clock = new ManualClock();
    const dataSource = new juggler.DataSource({connector: 'memory'});
    ({signingKeys: repo} = await givenRepositories(dataSource, clock));
  });

  function givenService(alg: TokenSigningAlg): SigningKeyService {
    const config = givenConfig({TOKEN_SIGNING_ALG: alg});
    return new SigningKeyService(
      repo,
      new SecretBox(TEST_APP_SECRET),
      clock,
      config,
    );
  }

  const KEY_SHAPES: [TokenSigningAlg, object][] = [
    ['RS256', {kty: 'RSA', e: 'AQAB'}],
    ['ES256', {kty: 'EC', crv: 'P-256'}],
    ['EdDSA', {kty: 'OKP', crv: 'Ed25519'}],
  ];
  for (const [alg, shape] of KEY_SHAPES) {
    it(`makes a ${alg} key on first use and publishes it with kid, alg, use`, async () => {
      const keys = givenService(alg);
      const {keys: published} = await keys.jwks();
      expect(published).to.have.length(1);
      const [jwk] = published as [JWK];
      expect(jwk).to.containDeep({...shape, alg, use: 'sig'});
      expect(jwk.kid).to.be.a.String();
      expect(jwk).to.not.have.property('d');
      if (alg === 'RS256') {
        // 2048-bit modulus: 256 bytes.
        expect(Buffer.from(jwk.n!, 'base64url')).to.have.length(256);
      }
      const [row] = await repo.find();
      expect(row).to.containDeep({kid: jwk.kid, alg});
      // The private half is sealed: no JWK member is readable in the row.
      expect(row!.privateJwk).to.match(/^v1\./);
      expect(row!.privateJwk).to.not.match(/"d"|"kty"/);
    });
  }

  it('signs any JWT with the current key: alg, kid and the typ asked for', async () => {
    const keys = givenService('ES256');
    const claims = {iss: 'https://id.example', sub: 'u1', nonce: 'n-1'};
    const jwt = await keys.signJwt(claims, {typ: 'JWT'});
    const header = decodeProtectedHeader(jwt);
    const {kid} = await keys.signingKey();
    expect(header).to.eql({alg: 'ES256', kid, typ: 'JWT'});
    expect(decodeJwt(jwt)).to.eql(claims);
    const [published] = (await keys.jwks()).keys as [JWK];
    const {payload} = await jwtVerify(jwt, await importJWK(published), {
      algorithms: ['ES256'],
      typ: 'JWT',
    });
    expect(payload.nonce).to.equal('n-1');
  });

  it('creates one key, not one per caller, when many sign at once on first use', async () => {
    const keys = givenService('RS256');
    const signers = await Promise.all(
      Array.from({length: 5}, () => keys.signingKey()),
    );
    expect(new Set(signers.map(s => s.kid)).size).to.equal(1);
    expect(await repo.count()).to.eql({count: 1});
  });

  it('keeps a key per algorithm; each verifies with its own algorithm only', async () => {
    await givenService('EdDSA').signingKey();
    clock.advance(1000);
    const keys = givenService('RS256');
    const rs = await keys.signingKey();
    const ed = (await repo.findOne({where: {alg: 'EdDSA'}}))!;
    expect(await keys.verificationKey(ed.kid)).to.containDeep({alg: 'EdDSA'});
    expect(await keys.verificationKey(rs.kid)).to.containDeep({alg: 'RS256'});
    expect(await keys.verificationKey('unknown-kid')).to.be.undefined();
    const algs = (await keys.jwks()).keys.map(k => k.alg);
    expect(algs).to.eql(['RS256', 'EdDSA']);
  });

  it('never signs with a key scheduled for retirement, and drops it from the JWKS once retired', async () => {
    const keys = givenService('EdDSA');
    const first = await keys.signingKey();
    await keys.retire(first.kid, new Date(clock.now() + 60_000));
    const second = await keys.signingKey();
    expect(second.kid).to.not.equal(first.kid);
    expect(await keys.verificationKey(first.kid)).to.be.ok();
    clock.advance(60_001);
    expect(await keys.verificationKey(first.kid)).to.be.undefined();
    expect((await keys.jwks()).keys.map(k => k.kid)).to.eql([second.kid]);
  });

  it('ignores a stored row whose public key carries private material or another alg', async () => {
    const keys = givenService('EdDSA');
    const good = await keys.signingKey();
    const [row] = await repo.find();
    const jwk = row!.publicJwk as JWK;
    await repo.create({
      kid: 'leaky',
      alg: 'EdDSA',
      publicJwk: {...jwk, kid: 'leaky', d: jwk.x},
      privateJwk: row!.privateJwk,
    });
    await repo.create({
      kid: 'mislabelled',
      alg: 'RS256',
      publicJwk: {...jwk, kid: 'mislabelled'},
      privateJwk: row!.privateJwk,
    });
    expect(await keys.verificationKey('leaky')).to.be.undefined();
    expect(await keys.verificationKey('mislabelled')).to.be.undefined();
    expect((await keys.jwks()).keys.map(k => k.kid)).to.eql([good.kid]);
  });
});
