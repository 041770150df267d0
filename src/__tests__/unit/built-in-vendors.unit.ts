import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import http from 'node:http';
import {AddressInfo} from 'node:net';
import path from 'node:path';
import {
  parseProvidersConfig,
  ProviderEntry,
} from '../../config/providers-config';
import {PassportStrategyFactory} from '../../services/providers/passport/passport-strategy-factory';
import {MemoryStore} from '../../services/store/memory-store';
import {
  genericVendor,
  PROVIDER_VENDORS,
} from '../../services/providers/vendors';
import {ManualClock} from '../fixtures/manual-clock';

function givenEntry(raw: object): ProviderEntry {
  return parseProvidersConfig(
    {x: {clientID: 'app', clientSecret: 's', ...raw}},
    {baseUrl: 'https://id.example.com', resolveModule: n => `/fake/${n}`},
  ).entries[0]!;
}

function givenFactory(): PassportStrategyFactory {
  const clock = new ManualClock();
  return new PassportStrategyFactory(new MemoryStore(clock), clock);
}

describe('built-in vendors (unit)', () => {
  it('lists every vendor file of src/services/providers/vendors', () => {
    const dir = path.resolve(__dirname, '../../services/providers/vendors');
    const exported = fs
      .readdirSync(dir)
      .filter(f => f.endsWith('.js') && !['index.js', 'vendor.js'].includes(f))
      .flatMap(f => Object.values(require(path.join(dir, f)) as object));
    const known = [...PROVIDER_VENDORS, genericVendor];
    expect(exported.length).to.be.above(4);
    for (const vendor of exported) expect(known).to.containEql(vendor);
  });

  it('no two vendors claim the same id, module or provider name', () => {
    const all = [...PROVIDER_VENDORS, genericVendor];
    for (const claims of [
      all.map(v => v.id),
      all.flatMap(v => v.modules),
      all.flatMap(v => v.providerNames),
    ]) {
      expect(new Set(claims).size).to.equal(claims.length);
    }
  });

  it('GitHub asks passport-github2 for every address with its flag', async () => {
    const strategy = await givenFactory().strategyFor(
      givenEntry({provider: 'github'}),
    );
    expect(strategy).to.containDeep({_allRawEmails: true});
  });

  describe('plain OAuth 2.0 (passport-oauth2)', () => {
    let server: http.Server;
    let seen: string[];
    before(async () => {
      server = http.createServer((req, res) => {
        seen.push(`${req.url} ${req.headers.authorization}`);
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            sub: 's-1',
            login: 'pat',
            email: 'Pat@Example.com',
            email_verified: true,
          }),
        );
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
    });
    beforeEach(() => {
      seen = [];
    });
    after(() => new Promise(resolve => server.close(resolve)));

    it('reads the profile from the entry profileURL, with the token', async () => {
      const {port} = server.address() as AddressInfo;
      const entry = givenEntry({
        provider: 'pat',
        module: 'passport-oauth2',
        authorizationURL: 'https://pat.example/authorize',
        tokenURL: 'https://pat.example/token',
        profileURL: `http://127.0.0.1:${port}/me`,
      });
      const strategy = (await givenFactory().strategyFor(entry)) as unknown as {
        userProfile(
          token: string,
          done: (err: unknown, p?: object) => void,
        ): void;
      };
      const profile = await new Promise((resolve, reject) =>
        strategy.userProfile('pat-token', (err, p) =>
          err ? reject(err) : resolve(p),
        ),
      );
      expect(seen).to.eql(['/me Bearer pat-token']);
      expect(entry.vendor.mapProfile(profile as object)).to.eql({
        externalId: 's-1',
        email: 'pat@example.com',
        emailVerified: true,
        username: 'pat',
      });
    });
  });
});
