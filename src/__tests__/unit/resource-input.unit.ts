import {expect} from '@loopback/testlab';
import {AppError} from '../../errors';
import {
  ACCESS_TOKEN_TTL_MAX,
  ACCESS_TOKEN_TTL_MIN,
  checkAccessTokenTtl,
  checkResourceIdentifier,
  checkResourceScopes,
  MAX_RESOURCE_SCOPES,
} from '../../services/oidc/resource-input';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return undefined;
}

describe('resource input (unit)', () => {
  it('takes absolute http and https identifiers as sent', () => {
    const good = [
      'https://api.example.com',
      'https://api.example.com/',
      'https://api.example.com/v2/orders',
      'http://internal.example:8080/api',
      'https://api.example.com/__proto__',
    ];
    for (const identifier of good) {
      expect(checkResourceIdentifier(identifier)).to.equal(identifier);
    }
  });

  it('refuses other identifiers with INVALID_RESOURCE', () => {
    const bad = [
      '__proto__',
      'constructor',
      'api.example.com',
      '/relative/path',
      'urn:example:api',
      'ftp://api.example.com',
      'javascript:alert(1)',
      'https://api.example.com/#frag',
      'https://api.example.com/?v=2',
      'https://user:pw@api.example.com',
      'https://api.example.com/a b',
      ' https://api.example.com',
      'https://api.example.com/\u0000',
      'https://api.example.com/é',
      `https://api.example.com/${'x'.repeat(2048)}`,
    ];
    for (const identifier of bad) {
      expect({
        identifier,
        code: codeOf(() => checkResourceIdentifier(identifier)),
      }).to.eql({identifier, code: 'INVALID_RESOURCE'});
    }
  });

  it('takes scope tokens, drops duplicates and keeps their order', () => {
    expect(
      checkResourceScopes(['orders:read', 'write', 'orders:read', '__proto__']),
    ).to.eql(['orders:read', 'write', '__proto__']);
    expect(checkResourceScopes([])).to.eql([]);
  });

  it('refuses malformed and reserved scopes with INVALID_SCOPE', () => {
    const bad = [
      '',
      'two words',
      'quo"te',
      'back\\slash',
      'tab\there',
      'x'.repeat(129),
      'openid',
      'Profile',
      'EMAIL',
      'offline_access',
      'address',
      'phone',
      'account',
    ];
    for (const scope of bad) {
      expect({
        scope,
        code: codeOf(() => checkResourceScopes(['ok', scope])),
      }).to.eql({
        scope,
        code: 'INVALID_SCOPE',
      });
    }
  });

  it(`refuses more than ${MAX_RESOURCE_SCOPES} distinct scopes`, () => {
    const many = Array.from(
      {length: MAX_RESOURCE_SCOPES + 1},
      (_, i) => `s${i}`,
    );
    expect(codeOf(() => checkResourceScopes(many))).to.equal('INVALID_SCOPE');
    expect(checkResourceScopes(many.slice(1))).to.have.length(
      MAX_RESOURCE_SCOPES,
    );
  });

  it('bounds the access-token lifetime to whole seconds within limits', () => {
    expect(checkAccessTokenTtl(ACCESS_TOKEN_TTL_MIN)).to.equal(60);
    expect(checkAccessTokenTtl(ACCESS_TOKEN_TTL_MAX)).to.equal(86_400);
    for (const ttl of [59, 86_401, 0, -1, 1.5, NaN, Infinity]) {
      expect({ttl, code: codeOf(() => checkAccessTokenTtl(ttl))}).to.eql({
        ttl,
        code: 'INVALID_RESOURCE',
      });
    }
  });
});
