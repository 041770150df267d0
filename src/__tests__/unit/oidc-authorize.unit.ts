import {Request} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {createHash} from 'node:crypto';
import {AppError} from '../../errors';
import {rateLimitedAction} from '../../interceptors/rate-limit.middleware';
import {AuthorizeRedirectError} from '../../services/oidc/authorization-errors';
import {parseParams, single} from '../../services/oidc/authorization-params';
import {readAuthorizationRequest} from '../../services/oidc/authorization-request';
import {userClaims} from '../../services/oidc/authorize-scopes';
import {amrOf} from '../../services/tokens/authentication-methods';
import {tokenHash} from '../../services/oidc/id-token-signer';
import {User} from '../../models';

describe('OpenID Provider pieces (unit)', () => {
  describe('tokenHash (at_hash)', () => {
    const token = 'an.access.token';
    const half = (hash: string) => {
      const digest = createHash(hash).update(token).digest();
      return digest.subarray(0, digest.length / 2).toString('base64url');
    };

    it('takes the hash of the JWS algorithm', () => {
      expect(tokenHash(token, 'RS256')).to.equal(half('sha256'));
      expect(tokenHash(token, 'ES256')).to.equal(half('sha256'));
      expect(tokenHash(token, 'PS384')).to.equal(half('sha384'));
      expect(tokenHash(token, 'EdDSA')).to.equal(half('sha512'));
      expect(tokenHash(token, 'Ed25519')).to.equal(half('sha512'));
    });

    it('refuses an algorithm it has no hash for', () => {
      expect(() => tokenHash(token, 'none')).to.throw(/no at_hash digest/);
    });
  });

  describe('parseParams', () => {
    it('keeps repeated names repeated and brackets as plain names', () => {
      const params = parseParams('a=1&a=2&b%5Bc%5D=3&__proto__=x&empty=');
      expect(params.get('a')).to.eql(['1', '2']);
      expect(params.get('b[c]')).to.eql(['3']);
      expect(params.get('__proto__')).to.eql(['x']);
      expect(single(params, 'empty')).to.be.undefined();
      expect(() => single(params, 'a')).to.throw(AuthorizeRedirectError);
    });

    it('refuses control characters in names and values', () => {
      for (const raw of ['a=%0A', 'a%00=1', 'state=x%7F']) {
        expect(() => parseParams(raw)).to.throw(AppError);
      }
    });
  });

  describe('readAuthorizationRequest', () => {
    const client = {clientId: 'c', redirectUri: 'https://c.example/cb'};
    const valid = {
      response_type: 'code',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    };
    const read = (extra: Record<string, string>) =>
      readAuthorizationRequest(
        parseParams(new URLSearchParams({...valid, ...extra}).toString()),
        client,
      );

    it('reads scopes without repeats and a repeatable resource', () => {
      const request = readAuthorizationRequest(
        parseParams(
          `${new URLSearchParams({...valid, scope: 'openid  email openid'})}` +
            '&resource=https%3A%2F%2Fapi.example&resource=https%3A%2F%2Fb.example',
        ),
        client,
      );
      expect(request.scopes).to.eql(['openid', 'email']);
      expect(request.resource).to.eql([
        'https://api.example',
        'https://b.example',
      ]);
    });

    it('reads prompt, max_age and acr_values', () => {
      expect(
        read({prompt: 'login consent', max_age: '0', acr_values: 'a b'}),
      ).to.containDeep({
        prompt: ['login', 'consent'],
        maxAge: 0,
        acrValues: ['a', 'b'],
      });
    });

    it('names the error of each refusal', () => {
      const errorOf = (extra: Record<string, string>) => {
        try {
          read(extra);
          return undefined;
        } catch (err) {
          return (err as AuthorizeRedirectError).error;
        }
      };
      expect(errorOf({scope: 'openid toString'})).to.equal('invalid_scope');
      expect(errorOf({max_age: '1.5'})).to.equal('invalid_request');
      expect(errorOf({resource: 'https://a.example/#x'})).to.equal(
        'invalid_target',
      );
      expect(errorOf({nonce: 'n'.repeat(2049)})).to.equal('invalid_request');
    });
  });

  it('releases the claims of the scope only, and never invents a value', () => {
    const user = new User({
      id: 'u',
      name: 'Ada',
      emailVerified: true,
      modified: new Date(1_700_000_000_000),
    });
    expect(userClaims(user, ['openid'])).to.eql({});
    expect(userClaims(user, ['profile', 'email'])).to.eql({
      name: 'Ada',
      updated_at: 1_700_000_000,
    });
    expect(amrOf('password')).to.eql(['pwd']);
    expect(amrOf('google-login')).to.eql(['fed']);
  });

  it('limits authorization requests per IP like provider flow starts', () => {
    const request = (method: string, path: string) =>
      ({method, path}) as Request;
    expect(rateLimitedAction(request('GET', '/oauth/authorize'))).to.equal(
      'providerFlow',
    );
    expect(rateLimitedAction(request('POST', '/oauth/authorize'))).to.equal(
      'providerFlow',
    );
    expect(
      rateLimitedAction(request('GET', '/oauth/authorize/resume')),
    ).to.be.undefined();
  });
});
