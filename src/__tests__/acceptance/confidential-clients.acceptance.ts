import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {SessionRepository} from '../../repositories';
import {Caller} from '../fixtures/applications';
import {
  basicClient,
  givenConfidentialClientScene,
} from '../fixtures/confidential-clients';

describe('Confidential clients at the OAuth endpoints (acceptance)', () => {
  const scene = givenConfidentialClientScene();
  const {exchange} = scene;
  let app: IdentityApplication;
  let client: Client;
  let owner: Caller;
  let confidential: {id: string; clientSecret: string};
  beforeEach(() => ({app, client, owner, confidential} = scene));

  it('accepts client_secret_basic, and the token names the application as aud', async () => {
    const res = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const claims = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(claims.aud).to.equal(confidential.id);
    const sessions = await app.getRepository(SessionRepository);
    const sessionId = res.body.refresh_token.split('.')[0];
    const session = await sessions.findById(sessionId);
    expect(session.applicationId).to.equal(confidential.id);
    expect(session.authMethod).to.equal('facebook-login');
    // A third-party application's token: it may read the profile.
    await client
      .get('/users/me')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(200);
  });

  it('accepts client_secret_post', async () => {
    await exchange(
      {
        clientId: confidential.id,
        secret: confidential.clientSecret,
      },
      200,
    );
  });

  it('refuses a wrong secret with invalid_client and a Basic challenge', async () => {
    const basic = await exchange(
      {
        basic: basicClient(confidential.id, 'wrong'),
      },
      401,
    );
    expect(basic.body.error).to.equal('invalid_client');
    expect(basic.headers['www-authenticate']).to.match(/^Basic realm="/);
    const post = await exchange(
      {
        clientId: confidential.id,
        secret: 'wrong',
      },
      401,
    );
    expect(post.body.error).to.equal('invalid_client');
    expect(post.headers['www-authenticate']).to.be.undefined();
  });

  it('refuses a confidential client that sends no secret', async () => {
    const res = await exchange({clientId: confidential.id}, 401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('refuses a public client that sends a secret', async () => {
    const res = await exchange(
      {clientId: 'web', secret: 'anything'},
      401,
      'web',
    );
    expect(res.body.error).to.equal('invalid_client');
  });

  it('stops accepting the old secret at once after rotation, both ways', async () => {
    const rotated = await client
      .post(`/applications/${confidential.id}/secret`)
      .set('Authorization', owner.auth)
      .expect(200);
    expect(rotated.headers['cache-control']).to.equal('no-store');
    const fresh: string = rotated.body.clientSecret;
    expect(fresh).to.not.equal(confidential.clientSecret);
    const old = confidential.clientSecret;
    await exchange({basic: basicClient(confidential.id, old)}, 401);
    await exchange({clientId: confidential.id, secret: old}, 401);
    await exchange({basic: basicClient(confidential.id, fresh)}, 200);
    await exchange({clientId: confidential.id, secret: fresh}, 200);
  });
});
