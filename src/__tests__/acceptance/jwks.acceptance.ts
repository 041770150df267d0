import {Client, expect} from '@loopback/testlab';
import {createLocalJWKSet, decodeProtectedHeader, jwtVerify} from 'jose';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {ManualClock} from '../fixtures/manual-clock';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {callWithToken, givenSession, givenUser} from '../fixtures/oauth';

describe('JWKS and signing-key rotation (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;
  let userId: string;

  beforeEach(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}, {clock}));
    userId = (await givenUser(app)).id;
  });
  afterEach(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  async function jwks() {
    const res = await client.get('/.well-known/jwks.json').expect(200);
    return res;
  }

  it('publishes public keys that verify an access token', async () => {
    const tokens = await givenSession(app, userId);
    const res = await jwks();
    expect(res.headers['cache-control']).to.equal('public, max-age=300');
    for (const key of res.body.keys) {
      expect(key).to.not.have.property('d');
    }
    const {payload} = await jwtVerify(
      tokens.access_token,
      createLocalJWKSet(res.body),
      {
        issuer: 'http://localhost:3000',
        audience: 'web',
        currentDate: new Date(clock.now()),
      },
    );
    expect(payload.sub).to.equal(userId);
  });

  it('keeps old tokens valid after a rotation; new tokens use the new kid', async () => {
    const before = await givenSession(app, userId);
    const rotation = app.getSync(IdentityBindings.KEY_ROTATION_SERVICE);
    // The newest key signs; a frozen clock would give both keys one date.
    clock.advance(1000);
    const {kid, retiring} = await rotation.rotate();
    expect(retiring).to.eql([]);

    const after = await givenSession(app, userId);
    expect(decodeProtectedHeader(after.access_token).kid).to.equal(kid);
    expect(decodeProtectedHeader(before.access_token).kid).to.not.equal(kid);
    await callWithToken(client, before.access_token).expect(200);
    await callWithToken(client, after.access_token).expect(200);

    const published = (await jwks()).body.keys.map((k: {kid: string}) => k.kid);
    expect(published).to.have.length(2);
    expect(published[0]).to.equal(kid);
  });

  it('retires previous keys only after one access-token lifetime', async () => {
    const before = await givenSession(app, userId);
    const rotation = app.getSync(IdentityBindings.KEY_ROTATION_SERVICE);
    clock.advance(1000);
    const {retiring} = await rotation.rotate({retirePrevious: true});
    expect(retiring).to.have.length(1);

    await callWithToken(client, before.access_token).expect(200);
    // The old key's last token expires at 900 s; the key goes at 1020 s.
    clock.advance(1021_000);
    const published = (await jwks()).body.keys;
    expect(published).to.have.length(1);
    expect(published[0].kid).to.not.equal(
      decodeProtectedHeader(before.access_token).kid,
    );
  });
});
