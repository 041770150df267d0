import {Client, expect} from '@loopback/testlab';
import {Caller} from '../fixtures/applications';
import {
  basicClient,
  givenConfidentialClientScene,
  REDIRECT_URI,
} from '../fixtures/confidential-clients';
import {callWithToken, postForm} from '../fixtures/oauth';

describe('Confidential clients: their tokens and sessions (acceptance)', () => {
  const scene = givenConfidentialClientScene();
  const {givenCode, exchange} = scene;
  let client: Client;
  let owner: Caller;
  let confidential: {id: string; clientSecret: string};
  beforeEach(() => ({client, owner, confidential} = scene));

  it('authenticates at /auth/introspect and /auth/revoke', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const auth = basicClient(confidential.id, confidential.clientSecret);
    const active = await postForm(client, '/auth/introspect', {
      token: tokens.body.access_token,
    })
      .set('Authorization', auth)
      .expect(200);
    expect(active.body).to.containDeep({
      active: true,
      aud: confidential.id,
      client_id: confidential.id,
    });
    const wrong = await postForm(client, '/auth/introspect', {
      token: tokens.body.access_token,
    }).set('Authorization', basicClient(confidential.id, 'nope'));
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error).to.equal('invalid_client');
    await postForm(client, '/auth/revoke', {
      token: tokens.body.refresh_token,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    }).expect(200);
    await callWithToken(client, tokens.body.access_token).expect(401);
  });

  it('needs the secret to refresh a confidential client’s token', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const bare = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
    }).expect(401);
    expect(bare.body.error).to.equal('invalid_client');
    await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
    })
      .set(
        'Authorization',
        basicClient(confidential.id, confidential.clientSecret),
      )
      .expect(200);
  });

  it('disabling the application revokes its sessions and refuses the client at once', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const pending = await givenCode();
    await client
      .patch(`/applications/${confidential.id}`)
      .set('Authorization', owner.auth)
      .send({disabled: true})
      .expect(200);
    const refused = await callWithToken(client, tokens.body.access_token);
    expect(refused.status).to.equal(401);
    expect(refused.body.error.code).to.equal('INVALID_TOKEN');
    const refresh = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    });
    expect(refresh.status).to.equal(401);
    expect(refresh.body.error).to.equal('invalid_client');
    const code = await postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      code: pending.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pending.verifier,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    });
    expect(code.body.error).to.equal('invalid_client');
    const login = await client.post('/auth/login').send({
      login: 'x@example.com',
      password: 'y',
      client_id: confidential.id,
    });
    expect(login.body.error.code).to.equal('INVALID_REQUEST');
  });

  it('deleting the application revokes its sessions', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    await client
      .delete(`/applications/${confidential.id}`)
      .set('Authorization', owner.auth)
      .expect(204);
    await callWithToken(client, tokens.body.access_token).expect(401);
    const res = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      401,
    );
    expect(res.body.error).to.equal('invalid_client');
  });
});
