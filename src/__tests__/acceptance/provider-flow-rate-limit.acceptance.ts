import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {givenRunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';
import {givenFlowParams} from '../fixtures/provider-flows';

describe('rate limits on provider flows (acceptance)', () => {
  let app: IdentityApplication | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  /** A service whose flow limit is `points` per minute per IP. */
  async function givenLimitedApp(points: number): Promise<Client> {
    const running = await givenRunningApp(
      {
        PROVIDERS_FILE: givenProvidersFile({
          // Starting a flow only builds the provider's URL: nothing is contacted.
          'facebook-login': {
            provider: 'facebook',
            clientID: 'fb-app',
            clientSecret: 'fb-secret',
          },
        }),
      },
      {rateLimits: {perIp: {providerFlow: {points, durationSec: 60}}}},
    );
    app = running.app;
    return running.client;
  }

  const start = (client: Client) =>
    client
      .get('/auth/facebook-login')
      .query({...givenFlowParams().query, response_mode: 'json'});

  it('answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
    const client = await givenLimitedApp(2);
    await start(client).expect(200);
    await start(client).expect(200);
    const res = await start(client).expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).to.be.within(1, 60);
    // The provider list is not a flow and keeps answering.
    await client.get('/auth/providers').expect(200);
  });

  it('counts callbacks with starts, before any state is looked up', async () => {
    const client = await givenLimitedApp(1);
    await client.get('/auth/facebook-login/callback').expect(400);
    const res = await client
      .post('/auth/facebook-login/callback')
      .type('form')
      .send({state: 'x'})
      .expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
    await start(client).expect(429);
  });
});
