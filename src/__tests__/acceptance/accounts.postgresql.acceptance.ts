import {Client, createRestAppClient, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {
  codeOf,
  givenEmail,
  givenSignedUpUser,
  GOOD_PASSWORD,
  newLinkToken,
} from '../fixtures/accounts';
import {givenConfig, removeDataDir} from '../fixtures/app';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

describe('local accounts on PostgreSQL (acceptance)', () => {
  let app: IdentityApplication | undefined;
  let client: Client;

  before(givenAppOnPostgres);
  after(async () => {
    await app?.stop();
    if (app) removeDataDir(app.config.dataDir);
  });

  it('lets exactly one of 20 concurrent sign-ups with one email succeed', async () => {
    const email = givenEmail('pg-race');
    const responses = await Promise.all(
      Array.from({length: 20}, (_, i) =>
        client.post('/users').send({email, password: `${GOOD_PASSWORD} ${i}`}),
      ),
    );
    expect(responses.filter(r => r.status === 201)).to.have.length(1);
    const refused = responses.filter(r => r.status === 409);
    expect(refused).to.have.length(19);
    expect(refused.map(codeOf)).to.eql(Array(19).fill('EMAIL_TAKEN'));
  });

  it('lets exactly one of two concurrent reset confirms with one link succeed', async () => {
    const user = await givenSignedUpUser(client);
    const emailFlow = await app!.get(IdentityBindings.EMAIL_FLOW_SERVICE);
    const token = await newLinkToken(
      app!.config.dataDir,
      user.email,
      'reset-password',
      async () => {
        await client
          .post('/auth/password-reset')
          .send({email: user.email})
          .expect(202);
        await emailFlow.whenIdle();
      },
    );
    const responses = await Promise.all(
      ['first passphrase 2030', 'second passphrase 2030'].map(password =>
        client.post('/auth/password-reset/confirm').send({token, password}),
      ),
    );
    expect(responses.map(r => r.status).sort()).to.eql([204, 400]);
  });

  async function givenAppOnPostgres(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL accounts',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    // These tests race requests from one address on purpose: per-request
    // rate limits are the subject of their own suite.
    app = new IdentityApplication(
      givenConfig({DATABASE_URL: TEST_DATABASE_URL}),
      {rateLimits: withoutRequestLimits()},
    );
    await app.boot();
    await app.migrateSchema({existingSchema: 'alter'});
    await app.start();
    client = createRestAppClient(app);
  }
});
