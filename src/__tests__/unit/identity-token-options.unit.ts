import {RestApplication} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {
  IdentityTokenConfigError,
  IdentityTokenOptions,
  registerIdentityTokenStrategy,
} from '../../resource-server';
import {bearerChallenge} from '../../strategies/identity-token/errors';
import {resolveOptions} from '../../strategies/identity-token/options';

const BASE: IdentityTokenOptions = {
  issuer: 'https://id.example.com',
  audience: 'https://api.example.com/orders',
  revocation: 'none',
};

function refusal(options: object): string {
  try {
    resolveOptions({...BASE, ...options} as IdentityTokenOptions);
  } catch (err) {
    expect(err).to.be.instanceOf(IdentityTokenConfigError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('identity-token options (unit)', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions(BASE)).to.eql({
      issuer: 'https://id.example.com',
      audience: ['https://api.example.com/orders'],
      requiredScopes: [],
      revocation: {kind: 'none'},
      clockToleranceSec: 5,
      jwksCooldownMs: 1000,
      realm: undefined,
    });
    const introspection = resolveOptions({
      ...BASE,
      revocation: {introspection: {clientId: 'api', clientSecret: 's'}},
    }).revocation;
    expect(introspection).to.eql({
      kind: 'introspection',
      clientId: 'api',
      clientSecret: 's',
      cacheTtlMs: 5000,
    });
  });

  it('names the option at fault', () => {
    const cases: [object, string][] = [
      [{issuer: 'id.example.com'}, 'issuer must be'],
      [{issuer: 'https://id.example.com/?x=1'}, 'issuer must be'],
      [{audience: []}, 'audience must name'],
      [{requiredScopes: ['orders read']}, 'requiredScopes must be'],
      [
        {revocation: undefined},
        "revocation must be {introspection: {…}}, {store: {…}} or 'none'",
      ],
      [
        {revocation: {introspection: {clientId: 'api'}}},
        'revocation.introspection.clientSecret is missing',
      ],
      [
        {
          revocation: {
            introspection: {clientId: 'a', clientSecret: 's', cacheTtlMs: -1},
          },
        },
        'revocation.introspection.cacheTtlMs must be',
      ],
      [
        {revocation: {store: {redisUrl: 'localhost:6379'}}},
        'revocation.store.redisUrl must be',
      ],
      [{clockToleranceSec: Number.NaN}, 'clockToleranceSec must be'],
      [{realm: 'say "hi"'}, 'realm must be'],
    ];
    for (const [options, message] of cases) {
      expect(refusal(options)).to.startWith(
        `identity-token strategy: ${message}`,
      );
    }
  });

  it('writes RFC 6750 challenges', () => {
    expect(bearerChallenge({})).to.equal('Bearer');
    expect(bearerChallenge({realm: 'orders'})).to.equal(
      'Bearer realm="orders"',
    );
    expect(
      bearerChallenge({error: 'insufficient_scope', scope: ['a', 'b:c']}),
    ).to.equal('Bearer error="insufficient_scope", scope="a b:c"');
  });

  it('stops an application at mount, before it serves, when an option is wrong', () => {
    const app = new RestApplication();
    let thrown: unknown;
    try {
      registerIdentityTokenStrategy(app, {...BASE, audience: []});
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(IdentityTokenConfigError);
    expect((thrown as Error).message).to.match(/audience must name/);
  });
});
