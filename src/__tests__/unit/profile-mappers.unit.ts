import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {PassportProfileLike} from '../../services/providers/profile-mappers';
import {
  genericVendor,
  PROVIDER_VENDORS,
  vendorOfModule,
} from '../../services/providers/vendors';

// These cases name vendors by id: the mapping each one does is its vendor's.
function profileFamily(entry: {module: string}): string {
  return vendorOfModule(entry.module).id;
}

function mapProfile(id: string, profile: PassportProfileLike) {
  const vendor = [...PROVIDER_VENDORS, genericVendor].find(v => v.id === id);
  if (!vendor) throw new Error(`no vendor ${id}`);
  return vendor.mapProfile(profile);
}

describe('profile mappers', () => {
  it('chooses the family from the module', () => {
    expect(profileFamily({module: 'passport-facebook'})).to.equal('facebook');
    expect(profileFamily({module: 'passport-google-oauth20'})).to.equal(
      'google',
    );
    expect(profileFamily({module: 'passport-github2'})).to.equal('github');
    expect(profileFamily({module: 'openid-client'})).to.equal('oidc');
    expect(profileFamily({module: 'passport-twitter'})).to.equal('generic');
  });

  it('Facebook: its email is verified; trims the texts (never the id) and keeps no raw payload', () => {
    const profile = mapProfile('facebook', {
      id: '42',
      displayName: ' Fay Book ',
      emails: [{value: ' Fay@Example.COM '}],
      photos: [{value: 'https://graph.example/p.jpg'}],
      _json: {secret: 'raw'},
    });
    expect(profile).to.eql({
      externalId: '42',
      email: 'fay@example.com',
      emailVerified: true,
      name: 'Fay Book',
      photo: 'https://graph.example/p.jpg',
    });
  });

  it('Google: email_verified comes from _json, false when absent', () => {
    const base = {id: 'g1', emails: [{value: 'g@example.com'}]};
    expect(
      mapProfile('google', {...base, _json: {email_verified: true}})
        .emailVerified,
    ).to.be.true();
    expect(
      mapProfile('google', {...base, _json: {}}).emailVerified,
    ).to.be.false();
  });

  it('GitHub: prefers a verified primary address', () => {
    const profile = mapProfile('github', {
      id: 7,
      username: 'octo',
      emails: [
        {value: 'old@example.com', verified: false, primary: false},
        {value: 'main@example.com', verified: true, primary: true},
      ],
    });
    expect(profile).to.containDeep({
      externalId: '7',
      username: 'octo',
      email: 'main@example.com',
      emailVerified: true,
    });
  });

  it('GitHub: an unverified primary address stays unverified', () => {
    const profile = mapProfile('github', {
      id: 7,
      emails: [{value: 'p@example.com', verified: false, primary: true}],
    });
    expect(profile).to.containDeep({
      email: 'p@example.com',
      emailVerified: false,
    });
  });

  it('OIDC: reads the standard claims', () => {
    expect(
      mapProfile('oidc', {
        sub: 'abc',
        email: 'o@example.com',
        email_verified: false,
        given_name: 'Olive',
        family_name: 'Idc',
        preferred_username: 'olive',
      } as object),
    ).to.eql({
      externalId: 'abc',
      email: 'o@example.com',
      emailVerified: false,
      name: 'Olive Idc',
      username: 'olive',
    });
  });

  it('generic: an email is verified only when the profile says so', () => {
    expect(
      mapProfile('generic', {id: 'x', emails: [{value: 'x@example.com'}]}),
    ).to.containDeep({emailVerified: false});
  });

  it('drops what is not an address or an http(s) picture', () => {
    const profile = mapProfile('generic', {
      id: 'x',
      emails: [{value: 'not-an-email'}],
      photos: [{value: 'javascript:alert(1)'}],
    });
    expect(profile).to.eql({externalId: 'x'});
  });

  for (const [what, id] of [
    ['a missing id', undefined],
    ['an empty id', ''],
    ['a blank id', '   '],
    ['an id that is an object', {}],
    ['an id of 257 characters', 'a'.repeat(257)],
    ['an id with leading whitespace', ' alice'],
    ['an id with trailing whitespace', 'alice '],
    ['an id with a control character', 'ali\u0000ce'],
    ['an id named like an Object.prototype member', '__proto__'],
  ] as const) {
    it(`refuses ${what} with PROVIDER_ERROR`, () => {
      for (const family of [
        'facebook',
        'google',
        'github',
        'generic',
      ] as const) {
        expect(() => mapProfile(family, {id})).to.throw(AppError);
        expect(() => mapProfile(family, {id})).to.throw({
          code: 'PROVIDER_ERROR',
        });
      }
      expect(() => mapProfile('oidc', {sub: id} as object)).to.throw({
        code: 'PROVIDER_ERROR',
      });
    });
  }

  it('keeps an id of 256 characters, and a numeric id, exactly as sent', () => {
    const long = `${'b'.repeat(255)}c`;
    expect(mapProfile('generic', {id: long}).externalId).to.equal(long);
    expect(mapProfile('oidc', {sub: long} as object).externalId).to.equal(long);
    expect(mapProfile('facebook', {id: 1234567} as object).externalId).to.equal(
      '1234567',
    );
  });

  it('never merges two ids that share their first 256 characters', () => {
    const shared = 'p'.repeat(256);
    for (const sub of [`${shared}1`, `${shared}2`]) {
      expect(() => mapProfile('oidc', {sub} as object)).to.throw({
        code: 'PROVIDER_ERROR',
      });
    }
  });

  it('drops an email longer than 254 characters instead of cutting it', () => {
    const long = `${'e'.repeat(250)}@example.com`;
    expect(mapProfile('generic', {id: 'x', emails: [{value: long}]})).to.eql({
      externalId: 'x',
    });
  });
});
