import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  ApplicationRepository,
  AuditEventRepository,
  UserRepository,
} from '../../repositories';
import {
  basicHeader,
  codeOf,
  givenSignedUpUser,
  GOOD_PASSWORD,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenRunningApp, removeDataDir} from '../fixtures/app';

describe('POST /auth/login (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let user: SignedUpUser;

  before(async () => {
    ({app, client} = await givenRunningApp());
    user = await givenSignedUpUser(client);
  });
  after(async () => {
    await app.stop();
    removeDataDir(app.config.dataDir);
  });

  it('answers a token response for email and password, no-store', async () => {
    const res = await client
      .post('/auth/login')
      .send({login: user.email.toUpperCase(), password: user.password})
      .expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.containDeep({token_type: 'Bearer', user_id: user.id});
    expect(res.body.expires_in).to.equal(900);
    const tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    const claims = await tokens.verifyAccessToken(res.body.access_token);
    expect(claims).to.containDeep({sub: user.id, aud: 'web'});
    await client
      .get('/users/me')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(200);
  });

  it('accepts the username as login', async () => {
    const res = await client
      .post('/auth/login')
      .send({login: user.username, password: user.password})
      .expect(200);
    expect(res.body.user_id).to.equal(user.id);
  });

  it('accepts HTTP Basic with no body, as curl -u sends it', async () => {
    const res = await client
      .post('/auth/login')
      .set('Authorization', basicHeader(user.email, user.password))
      .expect(200);
    expect(res.body.user_id).to.equal(user.id);
    expect(res.body.refresh_token).to.be.a.String();
  });

  it('answers 401 INVALID_CREDENTIALS with a Basic challenge for wrong Basic', async () => {
    const res = await client
      .post('/auth/login')
      .set('Authorization', basicHeader(user.email, 'wrong password 123'))
      .expect(401);
    expect(codeOf(res)).to.equal('INVALID_CREDENTIALS');
    expect(res.headers['www-authenticate']).to.match(/^Basic /);
  });

  it('answers one identical 401 for unknown user, wrong password and disabled account', async () => {
    const disabled = await givenSignedUpUser(client);
    const users = await app.getRepository(UserRepository);
    await users.updateById(disabled.id, {disabled: true});
    const attempts = [
      {login: 'nobody@example.com', password: GOOD_PASSWORD},
      {login: user.email, password: 'not the password 42'},
      {login: disabled.email, password: disabled.password},
    ];
    const bodies: string[] = [];
    for (const attempt of attempts) {
      const res = await client.post('/auth/login').send(attempt).expect(401);
      expect(codeOf(res)).to.equal('INVALID_CREDENTIALS');
      bodies.push(res.text);
    }
    expect(bodies[1]).to.equal(bodies[0]);
    expect(bodies[2]).to.equal(bodies[0]);
  });

  it('records login.succeeded and login.failed audit events', async () => {
    const audited = await givenSignedUpUser(client);
    await client
      .post('/auth/login')
      .send({login: audited.email, password: 'not the password 42'})
      .expect(401);
    await client
      .post('/auth/login')
      .send({login: audited.email, password: audited.password})
      .expect(200);
    const events = await app.getRepository(AuditEventRepository);
    const types = (await events.find({where: {userId: audited.id}})).map(
      e => e.type,
    );
    expect(types).to.containDeep(['login.failed', 'login.succeeded']);
  });

  it('opens the session for a registered client_id from the body or the query', async () => {
    const applications = await app.getRepository(ApplicationRepository);
    const mobile = await applications.create({
      name: 'Mobile',
      ownerId: user.id,
      type: 'public',
      redirectUris: [],
      allowedOrigins: [],
      disabled: false,
    });
    const tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    const fromBody = await client
      .post('/auth/login')
      .send({login: user.email, password: user.password, client_id: mobile.id})
      .expect(200);
    expect(
      (await tokens.verifyAccessToken(fromBody.body.access_token)).aud,
    ).to.equal(mobile.id);
    const fromQuery = await client
      .post(`/auth/login?client_id=${mobile.id}`)
      .set('Authorization', basicHeader(user.username, user.password))
      .expect(200);
    expect(
      (await tokens.verifyAccessToken(fromQuery.body.access_token)).aud,
    ).to.equal(mobile.id);
  });

  it('answers 400 INVALID_REQUEST for an unknown client_id', async () => {
    const res = await client
      .post('/auth/login')
      .send({login: user.email, password: user.password, client_id: 'nope'})
      .expect(400);
    expect(codeOf(res)).to.equal('INVALID_REQUEST');
  });

  it('answers 400 INVALID_REQUEST without any credentials', async () => {
    const res = await client.post('/auth/login').expect(400);
    expect(codeOf(res)).to.equal('INVALID_REQUEST');
  });

  it('refuses a where-operator payload with 422', async () => {
    const res = await client
      .post('/auth/login')
      .send({login: {neq: null}, password: {neq: null}})
      .expect(422);
    expect(codeOf(res)).to.equal('VALIDATION_FAILED');
  });

  it('refuses unknown properties with 422', async () => {
    const res = await client
      .post('/auth/login')
      .send({login: user.email, password: user.password, remember: true})
      .expect(422);
    expect(codeOf(res)).to.equal('VALIDATION_FAILED');
  });
});

describe('POST /auth/login with REQUIRE_EMAIL_VERIFICATION (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;

  before(async () => {
    ({app, client} = await givenRunningApp({
      REQUIRE_EMAIL_VERIFICATION: 'true',
    }));
  });
  after(async () => {
    await app.stop();
    removeDataDir(app.config.dataDir);
  });

  it('answers 403 EMAIL_NOT_VERIFIED for the right password, 401 for a wrong one', async () => {
    const user = await givenSignedUpUser(client);
    const right = await client
      .post('/auth/login')
      .send({login: user.email, password: user.password})
      .expect(403);
    expect(codeOf(right)).to.equal('EMAIL_NOT_VERIFIED');
    const wrong = await client
      .post('/auth/login')
      .send({login: user.email, password: 'not the password 42'})
      .expect(401);
    expect(codeOf(wrong)).to.equal('INVALID_CREDENTIALS');
  });

  it('lets a verified account in', async () => {
    const user = await givenSignedUpUser(client);
    const users = await app.getRepository(UserRepository);
    await users.updateById(user.id, {emailVerified: true});
    await client
      .post('/auth/login')
      .send({login: user.email, password: user.password})
      .expect(200);
  });
});
