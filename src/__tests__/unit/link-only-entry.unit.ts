import {expect} from '@loopback/testlab';
import {parseProvidersConfig} from '../../config/providers-config';
import {assertModeAllowed} from '../../services/providers/flows/provider-sign-in-rules';

/**
 * `"link"` in providers.json, as in LoopBack 3: `true` makes an entry
 * link-only (it links to a signed-in account, never signs anyone in);
 * absent or false, the entry does both.
 */
describe('link-only provider entries (unit)', () => {
  function parse(extra: object) {
    const {entries} = parseProvidersConfig(
      {x: {provider: 'google', clientID: 'id', clientSecret: 's', ...extra}},
      {baseUrl: 'https://id.example.com', env: {}},
    );
    return entries[0]!;
  }

  it('"link": true is link-only: no sign-in, linking allowed', () => {
    const entry = parse({link: true});
    expect(entry.login).to.be.false();
    expect(() => assertModeAllowed(entry, 'login')).to.throw({
      code: 'LOGIN_NOT_ALLOWED',
      statusCode: 403,
    });
    expect(() => assertModeAllowed(entry, 'link')).to.not.throw();
  });

  for (const extra of [{}, {link: false}]) {
    it(`${JSON.stringify(extra)} signs in and links`, () => {
      const entry = parse(extra);
      expect(entry.login).to.be.true();
      expect(() => assertModeAllowed(entry, 'login')).to.not.throw();
      expect(() => assertModeAllowed(entry, 'link')).to.not.throw();
    });
  }

  it('keeps no separate "can link" switch, since every entry links', () => {
    expect(parse({link: true})).to.not.have.property('link');
    expect(parse({})).to.not.have.property('link');
  });
});
