import {expect} from '@loopback/testlab';
import {TOKEN_EXCHANGE_GRANT} from '../../models';
import {
  ACCOUNT_SCOPE,
  claimsOf,
  grantableScopes,
  isReservedScope,
  isScopeToken,
  parseScopeParameter,
  RESERVED_SCOPES,
  ScopeClient,
  ScopeResource,
  STANDARD_SCOPES,
} from '../../services/oidc/scopes';

const ORDERS: ScopeResource = {
  identifier: 'https://orders.example.com',
  scopes: ['orders:read', 'orders:write', 'shared'],
};
const BILLING: ScopeResource = {
  identifier: 'https://billing.example.com',
  scopes: ['billing:read', 'shared'],
};

/** A third-party application allowed some resource scopes. */
function givenClient(data: Partial<ScopeClient> = {}): ScopeClient {
  return {
    id: 'a1b2c3',
    firstParty: false,
    scopes: ['orders:read', 'billing:read', 'shared'],
    ...data,
  };
}

describe('scope catalogue (unit)', () => {
  it('offers openid, profile, email and offline_access with the claims they release', () => {
    expect([...STANDARD_SCOPES.values()].map(s => [s.name, s.claims])).to.eql([
      ['openid', []],
      ['profile', ['name', 'preferred_username', 'updated_at']],
      ['email', ['email', 'email_verified']],
      ['offline_access', []],
    ]);
    expect(claimsOf(['email', 'openid', 'profile', 'email'])).to.eql([
      'name',
      'preferred_username',
      'updated_at',
      'email',
      'email_verified',
    ]);
  });

  it('reserves the OpenID Connect names and `account`, in any letter case', () => {
    expect([...RESERVED_SCOPES].sort()).to.eql(
      [
        'account',
        'address',
        'email',
        'offline_access',
        'openid',
        'phone',
        'profile',
      ].sort(),
    );
    expect(ACCOUNT_SCOPE).to.equal('account');
    for (const name of ['openid', 'OpenID', 'PHONE', 'Account']) {
      expect({name, reserved: isReservedScope(name)}).to.eql({
        name,
        reserved: true,
      });
    }
    expect(isReservedScope('orders:read')).to.be.false();
    expect(isReservedScope('__proto__')).to.be.false();
  });

  it('takes RFC 6749 scope tokens: printable ASCII but space, " and \\', () => {
    const good = ['read', 'orders:read', 'https://x.example/s', '!#[]~', 'a'];
    for (const scope of good) expect(isScopeToken(scope)).to.be.true();
    const bad = [
      '',
      'a b',
      'a"b',
      'a\\b',
      'a\tb',
      'a\u0000b',
      'é',
      'x'.repeat(129),
    ];
    for (const scope of bad) {
      expect({scope, token: isScopeToken(scope)}).to.eql({scope, token: false});
    }
  });

  it('parses a scope parameter into distinct scopes, in order', () => {
    expect(parseScopeParameter('openid  profile openid orders:read')).to.eql([
      'openid',
      'profile',
      'orders:read',
    ]);
    expect(parseScopeParameter(undefined)).to.eql([]);
    expect(parseScopeParameter('   ')).to.eql([]);
  });
});

describe('grantableScopes (unit)', () => {
  it('grants the OpenID Connect scopes to any application, for a user', () => {
    const grant = grantableScopes(
      givenClient(),
      ['openid', 'profile', 'email'],
      [],
    );
    expect(grant).to.eql({
      granted: ['openid', 'profile', 'email'],
      dropped: [],
    });
  });

  it('drops unknown scopes instead of refusing the request, and duplicates collapse', () => {
    const grant = grantableScopes(
      givenClient(),
      ['openid', 'unknown', 'openid', 'address', 'phone'],
      [],
    );
    expect(grant).to.eql({
      granted: ['openid'],
      dropped: ['unknown', 'address', 'phone'],
    });
  });

  it('grants offline_access only to an application allowed refresh_token', () => {
    const withRefresh = grantableScopes(givenClient(), ['offline_access'], []);
    expect(withRefresh.granted).to.eql(['offline_access']);
    // A row older than grantTypes holds the default, refresh_token included.
    const legacy = grantableScopes(
      givenClient({grantTypes: undefined}),
      ['offline_access'],
      [],
    );
    expect(legacy.granted).to.eql(['offline_access']);
    const machine = givenClient({grantTypes: ['client_credentials']});
    const without = grantableScopes(machine, ['offline_access', 'openid'], []);
    expect(without).to.eql({granted: ['openid'], dropped: ['offline_access']});
  });

  it('grants a resource scope only for a named resource that defines it', () => {
    const client = givenClient();
    expect(
      grantableScopes(client, ['orders:read', 'billing:read'], [ORDERS]),
    ).to.eql({granted: ['orders:read'], dropped: ['billing:read']});
    // No resource named: the audience is the client, no API scope applies.
    expect(grantableScopes(client, ['orders:read'], [])).to.eql({
      granted: [],
      dropped: ['orders:read'],
    });
    expect(
      grantableScopes(
        client,
        ['orders:read', 'billing:read'],
        [ORDERS, BILLING],
      ).granted,
    ).to.eql(['orders:read', 'billing:read']);
  });

  it('grants a resource scope only when the application lists it', () => {
    const grant = grantableScopes(
      givenClient(),
      ['orders:write', 'shared'],
      [ORDERS],
    );
    expect(grant).to.eql({granted: ['shared'], dropped: ['orders:write']});
    const none = grantableScopes(
      givenClient({scopes: undefined}),
      ['shared'],
      [ORDERS],
    );
    expect(none.granted).to.eql([]);
  });

  it('never grants a reserved name from a resource row that defines one', () => {
    const tampered: ScopeResource = {
      identifier: 'https://x.example',
      scopes: ['Account', 'OpenID'],
    };
    const client = givenClient({scopes: ['Account', 'OpenID']});
    expect(grantableScopes(client, ['Account', 'OpenID'], [tampered])).to.eql({
      granted: [],
      dropped: ['Account', 'OpenID'],
    });
  });

  it('never grants `account` to a third-party application, even when asked', () => {
    const grant = grantableScopes(givenClient(), ['openid', 'account'], []);
    expect(grant).to.eql({granted: ['openid'], dropped: ['account']});
  });

  it('grants `account` to first-party applications implicitly', () => {
    const marked = givenClient({firstParty: true});
    expect(grantableScopes(marked, ['openid'], [])).to.eql({
      granted: ['openid', 'account'],
      dropped: [],
    });
    expect(grantableScopes(marked, ['account', 'openid'], []).granted).to.eql([
      'account',
      'openid',
    ]);
    // `web` and `explorer` are first-party whatever their rows say.
    for (const id of ['web', 'explorer']) {
      const builtIn = givenClient({id, firstParty: false});
      expect(grantableScopes(builtIn, [], []).granted).to.eql(['account']);
    }
  });

  it('grants only resource scopes to an application acting for itself', () => {
    const machine = givenClient({
      firstParty: true,
      grantTypes: ['client_credentials', TOKEN_EXCHANGE_GRANT],
    });
    const grant = grantableScopes(
      machine,
      ['openid', 'profile', 'account', 'orders:read'],
      [ORDERS],
      'client',
    );
    expect(grant).to.eql({
      granted: ['orders:read'],
      dropped: ['openid', 'profile', 'account'],
    });
  });

  it('treats names of Object.prototype properties as plain, unknown scopes', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    expect(grantableScopes(givenClient(), names, [ORDERS])).to.eql({
      granted: [],
      dropped: names,
    });
    expect(claimsOf(names)).to.eql([]);
    // A resource may define such a name; it is then granted like any other.
    const odd: ScopeResource = {
      identifier: 'https://odd.example',
      scopes: names,
    };
    const client = givenClient({scopes: ['__proto__']});
    expect(grantableScopes(client, names, [odd]).granted).to.eql(['__proto__']);
  });
});
