import {expect} from '@loopback/testlab';
import {
  isCodeVerifier,
  isS256Challenge,
  s256Challenge,
  verifiesS256,
} from '../../services/tokens/pkce';

describe('PKCE S256 (unit)', () => {
  // RFC 7636 Appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('computes the RFC 7636 example challenge', () => {
    expect(s256Challenge(verifier)).to.equal(challenge);
    expect(isS256Challenge(challenge)).to.be.true();
  });

  it('accepts the right verifier only', () => {
    expect(verifiesS256(verifier, challenge)).to.be.true();
    expect(verifiesS256(verifier.replace('d', 'e'), challenge)).to.be.false();
  });

  it('refuses malformed verifiers, even when they would hash right', () => {
    expect(isCodeVerifier('short')).to.be.false();
    expect(isCodeVerifier('a'.repeat(129))).to.be.false();
    expect(isCodeVerifier(`${'a'.repeat(43)} `)).to.be.false();
    const tooShort = 'abc';
    expect(verifiesS256(tooShort, s256Challenge(tooShort))).to.be.false();
  });

  it('refuses a plain challenge', () => {
    expect(isS256Challenge(verifier + 'xyz')).to.be.false();
  });
});
