import {expect} from '@loopback/testlab';
import {
  escapeFilterValue,
  fillFilter,
  groupKeys,
} from '../../config/ldap-names';
import {rolesAfterSignIn} from '../../services/enterprise/directory-roles.service';

describe('LDAP filters and directory roles (unit)', () => {
  describe('escapeFilterValue (RFC 4515)', () => {
    it('escapes *, (, ), \\ and NUL as \\XX', () => {
      expect(escapeFilterValue('*')).to.equal('\\2a');
      expect(escapeFilterValue('(')).to.equal('\\28');
      expect(escapeFilterValue(')')).to.equal('\\29');
      expect(escapeFilterValue('\\')).to.equal('\\5c');
      expect(escapeFilterValue('\0')).to.equal('\\00');
      expect(escapeFilterValue('*)(uid=*))(|(uid=*')).to.equal(
        '\\2a\\29\\28uid=\\2a\\29\\29\\28|\\28uid=\\2a',
      );
    });

    it('leaves other text alone, accents included', () => {
      expect(escapeFilterValue('jean-rené.o’brien@example.org')).to.equal(
        'jean-rené.o’brien@example.org',
      );
    });
  });

  describe('fillFilter', () => {
    it('escapes every occurrence, and takes $ patterns literally', () => {
      expect(
        fillFilter('(|(uid={{username}})(mail={{username}}))', {
          username: "a*$&$'",
        }),
      ).to.equal("(|(uid=a\\2a$&$')(mail=a\\2a$&$'))");
    });

    it('leaves a placeholder it has no value for as it is', () => {
      expect(fillFilter('(member={{dn}})', {username: 'x'})).to.equal(
        '(member={{dn}})',
      );
    });
  });

  describe('rolesAfterSignIn', () => {
    const mapping = {
      'cn=editors,ou=groups,dc=example,dc=org': 'editor',
      auditors: 'auditor',
    };

    it('grants the roles of the groups, by DN or by cn', () => {
      expect(
        rolesAfterSignIn([], mapping, [
          'CN=Editors,OU=Groups,DC=example,DC=org',
          'cn=auditors,ou=x,dc=y',
        ]),
      ).to.eql(['editor', 'auditor']);
    });

    it('takes away a mapped role once its group is gone, and keeps unmapped roles (admin)', () => {
      expect(
        rolesAfterSignIn(['admin', 'editor', 'auditor'], mapping, [
          'cn=auditors,ou=groups,dc=example,dc=org',
        ]),
      ).to.eql(['admin', 'auditor']);
    });

    it('manages admin only when a group maps to it', () => {
      expect(
        rolesAfterSignIn(['admin'], {admins: 'admin'}, ['cn=staff,dc=x']),
      ).to.eql([]);
    });

    it('finds nothing under a prototype name', () => {
      expect(rolesAfterSignIn([], mapping, ['cn=constructor,dc=x'])).to.eql([]);
      expect(groupKeys('cn=constructor,dc=x')).to.eql([
        'cn=constructor,dc=x',
        'constructor',
      ]);
    });
  });
});
