import {expect} from '@loopback/testlab';
import {basicClient} from '../fixtures/confidential-clients';
import {
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {givenGuardApp, GuardApp} from '../fixtures/guard';
import {exchangeToken, ExchangeClient} from '../fixtures/token-exchange';

describe('token exchange under the token endpoint failure limits (acceptance)', () => {
  let running: GuardApp;
  after(async () => {
    await running?.app.stop();
  });

  it('counts refused exchanges like any failed token request', async () => {
    running = await givenGuardApp({
      env: {TRUST_PROXY: 'loopback'},
      rateLimits: {
        tokenFailures: {
          perIp: {points: 5, durationSec: 900, blockSec: 900},
          perClientAndIp: {points: 3, durationSec: 900, blockSec: 900},
        },
      },
    });
    const owner = await givenCaller(running.app);
    const created = await givenRegisteredApplication(running.client, owner, {
      type: 'confidential',
      redirectUris: ['https://server.example.com/callback'],
    });
    const client: ExchangeClient = {
      id: created.id,
      basic: basicClient(created.id, created.clientSecret!),
    };
    const guess = (ip: string) =>
      exchangeToken(running.client, client, {
        subject_token: 'not-a-token',
      }).set('X-Forwarded-For', ip);

    for (let i = 0; i < 3; i++) {
      expect((await guess('10.7.0.1').expect(400)).body.error).to.equal(
        'unauthorized_client',
      );
    }
    const limited = await guess('10.7.0.1');
    expect(limited.status).to.equal(429);
    expect(limited.body.error.code).to.equal('RATE_LIMITED');
    // Another address has its own count.
    await guess('10.7.0.2').expect(400);
  });
});
