import {Request} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {clientCredentials} from '../../services/tokens/client-credentials';
import {OAuthError} from '../../errors';

function givenRequest(authorization?: string): Request {
  return {headers: authorization ? {authorization} : {}} as Request;
}

function basic(id: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

describe('clientCredentials (unit)', () => {
  it('reads client_id from the body', () => {
    expect(clientCredentials(givenRequest(), {client_id: 'web'})).to.eql({
      clientId: 'web',
      clientSecret: undefined,
      method: 'none',
    });
  });

  it('reads form-encoded HTTP Basic credentials (RFC 6749 §2.3.1)', () => {
    expect(
      clientCredentials(givenRequest(basic('my app', 's:e cret')), {}),
    ).to.eql({
      clientId: 'my app',
      clientSecret: 's:e cret',
      method: 'client_secret_basic',
    });
  });

  it('refuses two ways at once', () => {
    expect(() =>
      clientCredentials(givenRequest(basic('a', 'b')), {client_secret: 'c'}),
    ).to.throw(OAuthError);
    expect(() =>
      clientCredentials(givenRequest(basic('a', 'b')), {client_id: 'z'}),
    ).to.throw(OAuthError);
  });
});
