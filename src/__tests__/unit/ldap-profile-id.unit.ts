import {expect} from '@loopback/testlab';
import type {Entry} from 'ldapts';
import {LdapEntry} from '../../config/ldap-entry';
import {directoryProfile} from '../../services/enterprise/ldap-attributes';

/** The parts of an LDAP entry the profile reads. */
const ENTRY = {
  profileAttributes: {username: 'uid', name: 'cn', email: 'mail'},
  trustEmail: false,
} as unknown as LdapEntry;

function givenDirectoryUser(id: string, dn = 'uid=a,dc=example'): Entry {
  return {dn, entryUUID: id, uid: 'a'} as unknown as Entry;
}

/**
 * A directory user's id is the key its identity is found by, as any
 * provider's is: kept exactly as the directory answers it, or the sign-in
 * fails (PROVIDER_ERROR); never trimmed or cut onto someone else's.
 */
describe('LDAP profile ids (unit)', () => {
  it('keeps the id exactly', () => {
    const id = '3f2a9c0e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
    expect(directoryProfile(ENTRY, givenDirectoryUser(id)).externalId).to.equal(
      id,
    );
  });

  it('refuses an id it would have to trim or cut', () => {
    for (const id of [' abc', 'abc ', 'a'.repeat(257), 'a\u0000b']) {
      expect(() => directoryProfile(ENTRY, givenDirectoryUser(id))).to.throw({
        code: 'PROVIDER_ERROR',
      });
    }
  });

  it('refuses a DN longer than 256 characters when it is the id', () => {
    const dn = `uid=${'x'.repeat(260)},dc=example`;
    const user = {dn, uid: 'x'} as unknown as Entry;
    expect(() => directoryProfile(ENTRY, user)).to.throw({
      code: 'PROVIDER_ERROR',
    });
  });
});
