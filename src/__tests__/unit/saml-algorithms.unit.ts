import {expect} from '@loopback/testlab';
import {sha1Refusal} from '../../services/enterprise/saml/saml-algorithms';
import {encoded} from '../fixtures/saml-forge';

const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';
const SHA1 = 'http://www.w3.org/2000/09/xmldsig#sha1';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const STRICT = {signatureAlgorithm: 'sha256'} as const;

/** A Response signed with `method` over `digest`, and an EncryptedKey's OAEP digest. */
function givenResponse(
  method: string,
  digest: string,
  prefix = 'ds:',
  ns = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"',
): string {
  return encoded(
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ${ns}>` +
      `<${prefix}Signature><${prefix}SignedInfo>` +
      `<${prefix}SignatureMethod Algorithm="${method}"/>` +
      `<${prefix}Reference URI="#x"><${prefix}DigestMethod Algorithm="${digest}"/></${prefix}Reference>` +
      `</${prefix}SignedInfo></${prefix}Signature>` +
      `<EncryptionMethod xmlns="http://www.w3.org/2001/04/xmlenc#" Algorithm="http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p">` +
      `<DigestMethod xmlns="http://www.w3.org/2000/09/xmldsig#" Algorithm="${SHA1}"/></EncryptionMethod>` +
      `</samlp:Response>`,
  );
}

describe('SHA-1 in a posted SAML response (unit)', () => {
  it('names every SHA-1 signature or digest method, whatever the prefix or namespace', async () => {
    for (const [prefix, ns] of [
      ['ds:', 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"'],
      ['', 'xmlns="http://www.w3.org/2000/09/xmldsig#"'],
      ['', ''],
    ]) {
      const weak = await sha1Refusal(
        givenResponse(RSA_SHA1, SHA1, prefix, ns),
        STRICT,
      );
      expect(weak?.code).to.equal('PROVIDER_ERROR');
      expect(weak?.message).to.containEql(RSA_SHA1);
      expect(weak?.message).to.containEql(SHA1);
    }
    const padded = await sha1Refusal(
      givenResponse(` ${RSA_SHA1} `, SHA256),
      STRICT,
    );
    expect(padded?.message).to.containEql(RSA_SHA1);
  });

  it("leaves SHA-256 signatures be, and RSA-OAEP's SHA-1 digest (no signature)", async () => {
    expect(
      await sha1Refusal(givenResponse(RSA_SHA256, SHA256), STRICT),
    ).to.be.undefined();
  });

  it('leaves SHA-1 be when the entry accepts it, and what is no XML to node-saml', async () => {
    expect(
      await sha1Refusal(givenResponse(RSA_SHA1, SHA1), {
        signatureAlgorithm: 'sha1',
      }),
    ).to.be.undefined();
    expect(await sha1Refusal(encoded('<not xml'), STRICT)).to.be.undefined();
  });
});
