import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {juggler, RepositoryMixin} from '@loopback/repository';
import {get, RestApplication} from '@loopback/rest';
import {SecurityBindings, securityId, UserProfile} from '@loopback/security';
import {Client, createRestAppClient, expect} from '@loopback/testlab';
import {IdentityBindings, IdentityComponent} from '../..';
import {givenLogin, givenSignedUpUser} from '../fixtures/accounts';
import {givenConfig} from '../fixtures/app';

/** A route of the host's own, behind the component's bearer strategy. */
class GreetingController {
  @authenticate('bearer')
  @get('/host/greeting')
  greet(@inject(SecurityBindings.USER) user: UserProfile): object {
    return {hello: user[securityId]};
  }
}

/** An application of someone else's that mounts the identity core. */
class HostApplication extends RepositoryMixin(RestApplication) {}

describe('IdentityComponent mounted in a host application (acceptance)', () => {
  let app: HostApplication;
  let client: Client;

  before(async () => {
    app = new HostApplication({rest: {port: 0, host: '127.0.0.1'}});
    app.bind(IdentityBindings.CONFIG).to(givenConfig());
    app.dataSource(
      new juggler.DataSource({
        name: IdentityBindings.DATASOURCE_NAME,
        connector: 'memory',
      }),
    );
    app.component(IdentityComponent);
    app.controller(GreetingController);
    await app.migrateSchema();
    await app.start();
    client = createRestAppClient(app);
  });
  after(() => app.stop());

  it('signs up, logs in, and serves the component and the host routes', async () => {
    const user = await givenSignedUpUser(client);
    const {access_token: token} = await givenLogin(client, user);
    const auth = `Bearer ${token}`;

    const me = await client
      .get('/users/me')
      .set('Authorization', auth)
      .expect(200);
    expect(me.body.email).to.equal(user.email);

    const greeting = await client
      .get('/host/greeting')
      .set('Authorization', auth)
      .expect(200);
    expect(greeting.body).to.eql({hello: user.id});
  });

  it('refuses the host route without a token or with a bad one', async () => {
    const missing = await client.get('/host/greeting').expect(401);
    expect(missing.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    const bad = await client
      .get('/host/greeting')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    expect(bad.body.error.code).to.equal('INVALID_TOKEN');
  });

  it('binds each service once, under its typed key', async () => {
    const tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    expect(await app.get(IdentityBindings.TOKEN_SERVICE)).to.equal(tokens);
    expect(app.find(/^services\./)).to.be.empty();
  });

  it('refuses a host without RepositoryMixin when mounted', () => {
    const bare = new RestApplication();
    bare.bind(IdentityBindings.CONFIG).to(givenConfig());
    expect(() => bare.component(IdentityComponent)).to.throw(
      /RestApplication with RepositoryMixin/,
    );
  });
});
