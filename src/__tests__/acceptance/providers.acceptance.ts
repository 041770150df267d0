import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ConfigError} from '../../config';
import {IdentityBindings} from '../../keys';
import {givenRunningApp, RunningApp} from '../fixtures/app';

function givenProvidersFile(json: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-'));
  const file = path.join(dir, 'providers.json');
  fs.writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('GET /auth/providers', () => {
  describe('with providers.json', () => {
    let running: RunningApp;
    before(async () => {
      running = await givenRunningApp({
        PROVIDERS_FILE: givenProvidersFile({
          'google-login': {
            provider: 'google',
            clientID: 'google-id',
            clientSecret: 'google-secret-value',
            tokenExchange: true,
          },
          'github-link': {
            provider: 'github',
            clientID: 'gh-id',
            clientSecret: 'gh-secret-value',
            displayName: 'GitHub',
            link: true,
          },
          off: {enabled: false, provider: 'x'},
        }),
      });
    });
    after(() => running.app.stop());

    it('lists the enabled entries without credentials', async () => {
      const res = await running.client.get('/auth/providers').expect(200);
      expect(res.body).to.eql([
        {
          name: 'google-login',
          provider: 'google',
          displayName: 'Google',
          authScheme: 'oauth2',
          kind: 'redirect',
          login: true,
          link: true,
          tokenExchange: true,
          authPath: '/auth/google-login',
        },
        {
          name: 'github-link',
          provider: 'github',
          displayName: 'GitHub',
          authScheme: 'oauth2',
          kind: 'redirect',
          login: false,
          link: true,
          tokenExchange: false,
          authPath: '/auth/github-link',
        },
      ]);
      expect(res.text).to.not.match(/secret-value|google-id/);
    });

    it('binds the entries and the strategy factory', async () => {
      const entries = await running.app.get(IdentityBindings.PROVIDERS);
      expect(entries.map(e => e.name)).to.eql(['google-login', 'github-link']);
      const factory = await running.app.get(
        IdentityBindings.PROVIDER_STRATEGY_FACTORY,
      );
      const strategy = await factory.strategyFor(entries[0]!);
      expect(strategy.name).to.equal('google-login');
    });
  });

  it('answers an empty list without a providers file', async () => {
    const running = await givenRunningApp();
    try {
      const res = await running.client.get('/auth/providers').expect(200);
      expect(res.body).to.eql([]);
    } finally {
      await running.app.stop();
    }
  });

  it('refuses to start with an invalid providers.json', async () => {
    const file = givenProvidersFile({g: {provider: 'google', clientID: 'id'}});
    await expect(givenRunningApp({PROVIDERS_FILE: file})).to.be.rejectedWith(
      ConfigError,
    );
    await expect(givenRunningApp({PROVIDERS_FILE: file})).to.be.rejectedWith(
      /providers\.json: g\.clientSecret is missing/,
    );
  });
});
