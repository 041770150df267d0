import {expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';
import {givenFlowParams} from '../fixtures/provider-flows';

describe('GET /auth/providers tells where each sign-in starts (acceptance)', () => {
  let running: RunningApp;
  before(async () => {
    running = await givenRunningApp({
      PROVIDERS_FILE: givenProvidersFile({
        // LoopBack 3's example names its own paths.
        'facebook-login': {
          provider: 'facebook',
          module: 'passport-facebook',
          clientID: 'fb-id',
          clientSecret: 'fb-secret',
          authPath: '/auth/facebook',
          callbackPath: '/auth/facebook/callback',
        },
        'google-login': {
          provider: 'google',
          clientID: 'google-id',
          clientSecret: 'google-secret',
        },
      }),
    });
  });
  after(() => running.app.stop());

  it('answers each entry’s authPath, its own or the default', async () => {
    const res = await running.client.get('/auth/providers').expect(200);
    expect(
      res.body.map((p: {name: string; authPath: string}) => [
        p.name,
        p.authPath,
      ]),
    ).to.eql([
      ['facebook-login', '/auth/facebook'],
      ['google-login', '/auth/google-login'],
    ]);
  });

  it('the listed authPath is where the flow starts', async () => {
    const res = await running.client.get('/auth/providers').expect(200);
    const facebook = res.body.find(
      (p: {name: string}) => p.name === 'facebook-login',
    );
    const started = await running.client
      .get(facebook.authPath)
      .query({...givenFlowParams().query, response_mode: 'json'})
      .expect(200);
    expect(started.body.url).to.match(
      /^https:\/\/www\.facebook\.com\/[^?]*dialog\/oauth\?/,
    );
  });
});
