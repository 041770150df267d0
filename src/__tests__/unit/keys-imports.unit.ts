import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {
  AbuseBindings,
  AccountBindings,
  ApplicationBindings,
  EnterpriseBindings,
  IdentityBindings,
  MailBindings,
  MfaBindings,
  OidcBindings,
  OidcAuthorizeBindings,
  PlatformBindings,
  ProviderBindings,
  SharedBindings,
  StoreBindings,
  TokenBindings,
} from '../../keys';

describe('keys.ts (unit)', () => {
  it('loads no module of the project but the key files, so key tags on classes form no cycle', () => {
    // Service classes name their key in `@injectable` when their module is
    // evaluated: if keys.ts loaded them back, one of the two would see the
    // other half-initialised. Run in a fresh process for a clean cache.
    const dist = path.resolve(__dirname, '../..');
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(dist, 'keys.js'))});
         console.log(JSON.stringify(Object.keys(require.cache)
           .filter(f => f.startsWith(${JSON.stringify(dist)}))));`,
      ],
      {encoding: 'utf8'},
    );
    // Each feature's keys.ts imports types only, so loads nothing either.
    const features = [
      'abuse',
      'accounts',
      'applications',
      'enterprise',
      'mail',
      'mfa',
      'oidc',
      'platform',
      'providers',
      'store',
      'tokens',
    ];
    expect((JSON.parse(loaded) as string[]).sort()).to.eql(
      [
        path.join(dist, 'keys.js'),
        ...features.map(f => path.join(dist, 'services', f, 'keys.js')),
        path.join(dist, 'services', 'oidc', 'authorize-keys.js'),
      ].sort(),
    );
  });

  it('IdentityBindings holds every feature key once, under its own name', () => {
    // The features' keys are spread into one namespace: a name two features
    // both used would silently hide one of them.
    const parts = [
      SharedBindings,
      PlatformBindings,
      StoreBindings,
      MailBindings,
      AbuseBindings,
      TokenBindings,
      AccountBindings,
      MfaBindings,
      ApplicationBindings,
      ProviderBindings,
      EnterpriseBindings,
      OidcBindings,
      OidcAuthorizeBindings,
    ];
    const names = parts.flatMap(part => Object.keys(part));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).to.eql([]);
    expect(Object.keys(IdentityBindings).sort()).to.eql([...names].sort());
    const values = Object.values(IdentityBindings).map(v =>
      typeof v === 'string' ? v : v.key,
    );
    expect(values.filter((v, i) => values.indexOf(v) !== i)).to.eql([]);
  });
});
