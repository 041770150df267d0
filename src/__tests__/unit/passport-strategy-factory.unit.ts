import {expect} from '@loopback/testlab';
import {
  parseProvidersConfig,
  ProviderEntry,
} from '../../config/providers-config';
import {ManualClock} from '../fixtures/manual-clock';
import {MemoryStore} from '../../services/store/memory-store';
import {
  PassportStrategyFactory,
  requireModule,
} from '../../services/providers/passport/passport-strategy-factory';
import {ProviderLogin} from '../../services/providers/provider-login';
import {
  givenOAuth1Module,
  givenOAuth1Server,
  OAuth1Server,
} from '../fixtures/oauth1-fake';
import {givenRequest, runStrategy} from '../fixtures/passport-driver';

const BASE_URL = 'https://id.example.com';

function givenEntry(raw: object, name = 'x'): ProviderEntry {
  return parseProvidersConfig(
    {[name]: raw},
    {baseUrl: BASE_URL, resolveModule: n => `/fake/${n}`},
  ).entries[0]!;
}

const facebook = {
  provider: 'facebook',
  clientID: 'fb-app',
  clientSecret: 'fb-secret',
};

describe('PassportStrategyFactory', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  let factory: PassportStrategyFactory;
  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryStore(clock);
    factory = new PassportStrategyFactory(store, clock);
  });

  it('names the strategy after the entry', async () => {
    const strategy = await factory.strategyFor(
      givenEntry(facebook, 'fb-login'),
    );
    expect(strategy.name).to.equal('fb-login');
  });

  it('passes unknown keys through to the strategy constructor', async () => {
    const strategy = await factory.strategyFor(
      givenEntry({...facebook, authorizationURL: 'http://127.0.0.1:1/dialog'}),
    );
    const outcome = await runStrategy(
      strategy,
      givenRequest(`${BASE_URL}/auth/x`),
    );
    expect(outcome).to.containDeep({kind: 'redirect'});
    expect((outcome as {url: string}).url).to.startWith(
      'http://127.0.0.1:1/dialog?',
    );
  });

  it('caches per entry and credentials', async () => {
    const entry = givenEntry(facebook);
    const other = {
      clientID: 'a',
      clientSecret: 'b',
      callbackURL: 'https://a.example/cb',
    };
    const first = await factory.strategyFor(entry);
    expect(await factory.strategyFor(entry)).to.equal(first);
    const perApp = await factory.strategyFor(entry, {credentials: other});
    expect(perApp).to.not.equal(first);
    expect(await factory.strategyFor(entry, {credentials: other})).to.equal(
      perApp,
    );
    expect(
      await factory.strategyFor(entry, {
        credentials: {...other, clientSecret: 'c'},
      }),
    ).to.not.equal(perApp);
  });

  it('builds a separate strategy per verify callback', async () => {
    const entry = givenEntry(facebook);
    const verify = () => ({id: 'u'});
    expect(await factory.strategyFor(entry, {verify})).to.not.equal(
      await factory.strategyFor(entry),
    );
  });

  it('rejects a module without the configured export, and retries later', async () => {
    const entry = givenEntry({...facebook, strategy: 'NoSuchStrategy'});
    await expect(factory.strategyFor(entry)).to.be.rejectedWith(
      'providers.json: x.strategy: module "passport-facebook" exports no "NoSuchStrategy"',
    );
    await expect(factory.strategyFor(entry)).to.be.rejectedWith(
      /NoSuchStrategy/,
    );
  });

  describe('oAuth 1.0a without server sessions', () => {
    let server: OAuth1Server;
    before(async () => {
      server = await givenOAuth1Server();
    });
    after(() => server.stop());

    function givenOAuth1Factory(): PassportStrategyFactory {
      const loadModule = async (name: string) =>
        name === 'passport-fake-oauth1'
          ? givenOAuth1Module()
          : requireModule(name);
      return new PassportStrategyFactory(store, clock, loadModule);
    }

    function oauth1Entry(): ProviderEntry {
      return givenEntry(
        {
          provider: 'twitter',
          module: 'passport-fake-oauth1',
          authScheme: 'oAuth 1.0',
          consumerKey: 'ck',
          consumerSecret: 'cs',
          ...server.entryOptions(),
        },
        'twitter-login',
      );
    }

    it('keeps the request token secret in the store, for one use', async () => {
      const strategy = await givenOAuth1Factory().strategyFor(oauth1Entry());
      // No `session` at all: a session-backed store would fail here.
      const startReq = givenRequest(`${BASE_URL}/auth/twitter-login`);
      const start = await runStrategy(strategy, {
        ...startReq,
        session: undefined as never,
      });
      if (start.kind !== 'redirect') throw new Error(JSON.stringify(start));
      const callback = await server.approve(start.url);

      const done = await runStrategy(strategy, givenRequest(callback));
      expect(done.kind).to.equal('success');
      expect((done as {user: ProviderLogin}).user).to.containDeep({
        entry: 'twitter-login',
        authScheme: 'oauth1',
        profile: {externalId: 'tw-1', username: 'tweety'},
        tokens: {accessToken: 'access-token', tokenSecret: 'access-secret'},
      });

      const replay = await runStrategy(strategy, givenRequest(callback));
      expect(replay.kind).to.equal('fail');
    });

    it('forgets the request token after five minutes', async () => {
      const strategy = await givenOAuth1Factory().strategyFor(oauth1Entry());
      const start = await runStrategy(
        strategy,
        givenRequest(`${BASE_URL}/auth/twitter-login`),
      );
      if (start.kind !== 'redirect') throw new Error(JSON.stringify(start));
      const callback = await server.approve(start.url);
      clock.advance(5 * 60 * 1000 + 1);
      expect(
        (await runStrategy(strategy, givenRequest(callback))).kind,
      ).to.equal('fail');
    });
  });
});
