import {expect} from '@loopback/testlab';
import {ConfigError} from '../../config';
import {
  parseProvidersConfig,
  ProviderEntry,
} from '../../config/providers-config';
import {PassportStrategyFactory} from '../../services/providers/passport/passport-strategy-factory';
import {ProviderLogin} from '../../services/providers/provider-login';
import {MemoryStore} from '../../services/store/memory-store';
import {
  genericVendor,
  PROVIDER_VENDORS,
  ProviderVendor,
} from '../../services/providers/vendors';
import {ManualClock} from '../fixtures/manual-clock';
import {givenNativeVerifier} from '../fixtures/native-tokens';
import {givenRequest, runStrategy} from '../fixtures/passport-driver';

const BASE_URL = 'https://id.example.com';

/** A vendor this service has never heard of, made up for these tests. */
const acmeVendor: ProviderVendor = {
  id: 'acme',
  providerNames: ['acme'],
  modules: ['passport-acme'],
  defaultModule: 'passport-acme',
  defaultScope: ['acme:read'],
  strategyOptions: {acmeTenant: 'vendor', acmeFlag: true},
  adaptStrategy: strategy => {
    (strategy as unknown as {adaptedBy: string}).adaptedBy = 'acme';
  },
  // Acme's profiles have their own shape, and Acme vouches for every address.
  mapProfile: profile => {
    const raw = profile._json ?? {};
    return {
      externalId: `acme-${String(raw.acme_id)}`,
      email: String(raw.mail),
      emailVerified: true,
    };
  },
  verifyNativeToken: async ({input, credentials}) => ({
    profile: {externalId: `acme-${input.accessToken}`},
    tokens: {
      accessToken: `${(await credentials()).clientID}:${input.accessToken}`,
    },
  }),
};

function givenEntry(
  raw: object,
  vendors: readonly ProviderVendor[] = [acmeVendor, ...PROVIDER_VENDORS],
): ProviderEntry {
  return parseProvidersConfig(
    {'acme-login': {clientID: 'acme-app', clientSecret: 's', ...raw}},
    {baseUrl: BASE_URL, resolveModule: n => `/fake/${n}`, vendors},
  ).entries[0]!;
}

/**
 * passport-acme: a strategy that records its options and, on any request,
 * hands its verify callback an Acme-shaped profile.
 */
function givenAcmeModule() {
  /** What passport.authenticate (or the test driver) gives a strategy. */
  interface Actions {
    success(user: object): void;
    error(err: unknown): void;
  }
  class Strategy {
    name = 'acme';
    constructor(
      public options: Record<string, unknown>,
      private verify: Function,
    ) {}
    authenticate(this: Strategy & Actions, req: object) {
      const profile = {id: 'ignored', _json: {acme_id: 7, mail: 'a@acme.test'}};
      this.verify(
        req,
        'acme-at',
        undefined,
        {},
        profile,
        (err: unknown, user: object) =>
          err ? this.error(err) : this.success(user),
      );
    }
  }
  return {Strategy};
}

describe('provider vendors (unit)', () => {
  it('recognises an entry by the vendor list it is given: default module, scope', () => {
    const entry = givenEntry({provider: 'acme'});
    expect(entry.vendor).to.equal(acmeVendor);
    expect(entry.module).to.equal('passport-acme');
    expect(entry.scope).to.eql(['acme:read']);
    // Without Acme in the list, "acme" names no module.
    expect(() => givenEntry({provider: 'acme'}, PROVIDER_VENDORS)).to.throw(
      ConfigError,
    );
  });

  it('lets the module decide the vendor, not the provider name', () => {
    expect(
      givenEntry({provider: 'acme', module: 'passport-oauth2'}).vendor.id,
    ).to.equal('oauth2');
    expect(
      givenEntry({provider: 'other', module: 'passport-acme'}).vendor,
    ).to.equal(acmeVendor);
    expect(givenEntry({provider: 'x', module: 'passport-x'}).vendor).to.equal(
      genericVendor,
    );
  });

  it('builds the strategy with the vendor options, adaptation and profile mapping', async () => {
    const clock = new ManualClock();
    const factory = new PassportStrategyFactory(
      new MemoryStore(clock),
      clock,
      async name =>
        name === 'passport-acme' ? givenAcmeModule() : require(name),
    );
    const entry = givenEntry({provider: 'acme', acmeTenant: 'entry'});
    const strategy = await factory.strategyFor(entry);
    expect(strategy).to.containDeep({
      adaptedBy: 'acme',
      // The entry's own keys win over the vendor's.
      options: {acmeTenant: 'entry', acmeFlag: true, scope: ['acme:read']},
    });
    const outcome = await runStrategy(
      strategy,
      givenRequest(`${BASE_URL}/auth/acme-login/callback`),
    );
    expect(outcome.kind).to.equal('success');
    expect((outcome as {user: ProviderLogin}).user.profile).to.eql({
      externalId: 'acme-7',
      email: 'a@acme.test',
      emailVerified: true,
    });
  });

  it('verifies native tokens with the vendor verifier, or refuses without one', async () => {
    const verifier = givenNativeVerifier({
      perApplication: {mobile: {clientID: 'acme-mobile'}},
    });
    const entry = givenEntry({provider: 'acme', tokenExchange: true});
    expect(await verifier.verify(entry, 'mobile', {accessToken: 'tok'})).to.eql(
      {
        profile: {externalId: 'acme-tok'},
        tokens: {accessToken: 'acme-mobile:tok'},
      },
    );
    const withoutVerifier = {...acmeVendor, verifyNativeToken: undefined};
    const silent = givenEntry({provider: 'acme', tokenExchange: true}, [
      withoutVerifier,
    ]);
    await expect(
      verifier.verify(silent, 'mobile', {accessToken: 'tok'}),
    ).to.be.rejectedWith({
      code: 'TOKEN_EXCHANGE_NOT_ENABLED',
      statusCode: 400,
    });
  });
});
