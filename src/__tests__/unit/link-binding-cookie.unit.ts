import {Request, Response} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {
  clearLinkBindingCookie,
  readLinkBindingCookie,
  setLinkBindingCookie,
} from '../../controllers/providers/link-binding-cookie';
import {maskEmail} from '../../services/providers/linking/link-confirmation.service';
import {escapeHtml} from '../../services/mail/mail-templates';
import {givenConfig} from '../fixtures/app';

describe('link binding cookie (unit)', () => {
  const https = givenConfig({BASE_URL: 'https://id.example.com'});
  const http = givenConfig({BASE_URL: 'http://localhost:3000'});

  function givenResponse() {
    const calls: {method: string; name: string; options: object}[] = [];
    const response = {
      cookie: (name: string, _value: string, options: object) =>
        calls.push({method: 'cookie', name, options}),
      clearCookie: (name: string, options: object) =>
        calls.push({method: 'clearCookie', name, options}),
    } as unknown as Response;
    return {response, calls};
  }

  const withCookie = (cookie: string) =>
    ({headers: {cookie}}) as unknown as Request;

  it('over https is Secure and __Host- prefixed, so no subdomain can plant one', () => {
    const {response, calls} = givenResponse();
    setLinkBindingCookie(response, 'v', https);
    expect(calls[0]).to.eql({
      method: 'cookie',
      name: '__Host-link-binding',
      options: {
        httpOnly: true,
        sameSite: 'lax',
        secure: true,
        path: '/',
        maxAge: 300_000,
      },
    });
    clearLinkBindingCookie(response, https);
    expect(calls[1]).to.containDeep({
      method: 'clearCookie',
      name: '__Host-link-binding',
      options: {secure: true, path: '/'},
    });
  });

  it('over http is a plain HttpOnly cookie', () => {
    const {response, calls} = givenResponse();
    setLinkBindingCookie(response, 'v', http);
    expect(calls[0]).to.containDeep({
      name: 'link-binding',
      options: {secure: false, httpOnly: true},
    });
  });

  it('reads only the cookie of its own name', () => {
    const header = 'a=1; link-binding=plain; __Host-link-binding=hosted';
    expect(readLinkBindingCookie(withCookie(header), http)).to.equal('plain');
    expect(readLinkBindingCookie(withCookie(header), https)).to.equal('hosted');
    // Over https an unprefixed cookie (settable by a sibling) is ignored.
    expect(
      readLinkBindingCookie(withCookie('link-binding=x'), https),
    ).to.be.undefined();
    expect(readLinkBindingCookie(withCookie(''), http)).to.be.undefined();
    expect(
      readLinkBindingCookie(withCookie('link-binding='), http),
    ).to.be.undefined();
  });
});

describe('link confirmation page helpers (unit)', () => {
  it('masks an email to its first letter and domain', () => {
    expect(maskEmail('ada@example.com')).to.equal('a•••@example.com');
    expect(maskEmail('x@y.example')).to.equal('x•••@y.example');
    expect(maskEmail('broken')).to.equal('•••');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
