import {Client, expect} from '@loopback/testlab';
import {decodeProtectedHeader, JWK} from 'jose';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {callWithToken, givenSession, givenUser} from '../fixtures/oauth';

/**
 * A service that signed with EdDSA, restarted with TOKEN_SIGNING_ALG=RS256
 * on the same database: what its clients and resource servers see.
 */
describe('changing TOKEN_SIGNING_ALG, and rotation across algorithms (acceptance)', () => {
  let dataDir: string;
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let userId: string;
  /** Issued by the EdDSA service before the change. */
  let edToken: string;

  beforeEach(async () => {
    dataDir = givenDataDir();
    const before = await givenRunningApp(
      {DATA_DIR: dataDir, TOKEN_SIGNING_ALG: 'EdDSA'},
      {clock: new ManualClock()},
    );
    userId = (await givenUser(before.app)).id;
    edToken = (await givenSession(before.app, userId)).access_token;
    await before.app.stop();

    clock = new ManualClock();
    // The newest key signs; a frozen clock would give both keys one date.
    clock.advance(1000);
    ({app, client} = await givenRunningApp(
      {DATA_DIR: dataDir, TOKEN_SIGNING_ALG: 'RS256'},
      {clock},
    ));
  });
  afterEach(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  async function publishedKeys(): Promise<JWK[]> {
    return (await client.get('/.well-known/jwks.json').expect(200)).body.keys;
  }

  it('signs new tokens with RS256 and keeps accepting EdDSA tokens until they expire', async () => {
    expect(decodeProtectedHeader(edToken).alg).to.equal('EdDSA');
    const rsToken = (await givenSession(app, userId)).access_token;
    expect(decodeProtectedHeader(rsToken).alg).to.equal('RS256');
    await callWithToken(client, edToken).expect(200);
    await callWithToken(client, rsToken).expect(200);

    const keys = await publishedKeys();
    expect(keys.map(k => k.alg)).to.eql(['RS256', 'EdDSA']);
    for (const key of keys) {
      expect(key.kid).to.be.a.String();
      expect(key.use).to.equal('sig');
    }
    expect(keys.map(k => k.kid)).to.containEql(
      decodeProtectedHeader(edToken).kid,
    );

    clock.advance(900_000 + 5_000);
    await callWithToken(client, edToken).expect(401);
  });

  it('rotates every algorithm in use, and retires every previous key once its tokens expired', async () => {
    const rsToken = (await givenSession(app, userId)).access_token;
    const rotation = app.getSync(IdentityBindings.KEY_ROTATION_SERVICE);
    clock.advance(1000);
    const result = await rotation.rotate({retirePrevious: true});
    expect(result.created.map(c => c.alg).sort()).to.eql(['EdDSA', 'RS256']);
    expect(result.retiring.map(r => r.alg).sort()).to.eql(['EdDSA', 'RS256']);
    const newRs = result.created.find(c => c.alg === 'RS256')!.kid;
    expect(result.kid).to.equal(newRs);

    // A node still configured with EdDSA moves to the new EdDSA key too.
    const keys = app.getSync(IdentityBindings.SIGNING_KEY_SERVICE);
    expect((await keys.signingKey('EdDSA')).kid).to.equal(
      result.created.find(c => c.alg === 'EdDSA')!.kid,
    );
    const fresh = (await givenSession(app, userId)).access_token;
    expect(decodeProtectedHeader(fresh).kid).to.equal(newRs);

    // Until every token they signed has expired, old keys stay published.
    await callWithToken(client, edToken).expect(200);
    await callWithToken(client, rsToken).expect(200);
    expect(await publishedKeys()).to.have.length(4);
    clock.advance(900_000 + 120_000 + 1);
    const left = await publishedKeys();
    expect(left.map(k => k.kid).sort()).to.eql(
      result.created.map(c => c.kid).sort(),
    );
  });

  it('stops keeping keys for an algorithm left out of a retiring rotation', async () => {
    const rotation = app.getSync(IdentityBindings.KEY_ROTATION_SERVICE);
    clock.advance(1000);
    const result = await rotation.rotate({
      retirePrevious: true,
      algs: ['RS256'],
    });
    expect(result.created.map(c => c.alg)).to.eql(['RS256']);
    const edKid = decodeProtectedHeader(edToken).kid;
    expect(result.retiring.map(r => r.kid)).to.containEql(edKid);

    await callWithToken(client, edToken).expect(200);
    expect((await publishedKeys()).map(k => k.kid)).to.containEql(edKid);
    clock.advance(900_000 + 120_000 + 1);
    expect((await publishedKeys()).map(k => k.alg)).to.eql(['RS256']);
  });
});
