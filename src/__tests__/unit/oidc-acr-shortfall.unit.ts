import {expect} from '@loopback/testlab';
import {acrShortfall} from '../../services/oidc/authorization-acr';
import {
  ACR_MULTI_FACTOR,
  ACR_PHISHING_RESISTANT,
  ACR_SINGLE_FACTOR,
} from '../../services/tokens/authentication-methods';
import {firstFactorAmr} from '../../services/mfa/step-up-completion.service';

describe('acr at the authorization endpoint and step-up amr (unit)', () => {
  const confirmed = new Date();
  const totp = {type: 'totp' as const, confirmedAt: confirmed};
  const passkey = {type: 'webauthn' as const, confirmedAt: confirmed};
  const pending = {type: 'totp' as const, confirmedAt: undefined};
  const PASSWORD = ['pwd'];
  const WITH_OTP = ['pwd', 'otp', 'mfa'];
  const WITH_PASSKEY = ['pwd', 'hwk', 'user', 'mfa'];

  it('gives a person without a confirmed factor the acr they have', () => {
    expect(acrShortfall(PASSWORD, [], [])).to.be.undefined();
    expect(acrShortfall(PASSWORD, [ACR_MULTI_FACTOR], [])).to.be.undefined();
    expect(
      acrShortfall(PASSWORD, [ACR_MULTI_FACTOR], [pending]),
    ).to.be.undefined();
  });

  it('asks a person with a factor for it, whatever acr_values say', () => {
    expect(acrShortfall(PASSWORD, [], [totp])).to.equal(ACR_MULTI_FACTOR);
    expect(acrShortfall(PASSWORD, [ACR_SINGLE_FACTOR], [totp])).to.equal(
      ACR_MULTI_FACTOR,
    );
    expect(acrShortfall(WITH_OTP, [], [totp])).to.be.undefined();
  });

  it('asks for a passkey only when phr is asked and the person has one', () => {
    expect(
      acrShortfall(WITH_OTP, [ACR_PHISHING_RESISTANT], [totp]),
    ).to.be.undefined();
    expect(
      acrShortfall(WITH_OTP, [ACR_PHISHING_RESISTANT], [totp, passkey]),
    ).to.equal(ACR_PHISHING_RESISTANT);
    expect(
      acrShortfall(WITH_PASSKEY, [ACR_PHISHING_RESISTANT], [passkey]),
    ).to.be.undefined();
  });

  it('is met by any one of the acr_values (the weakest reachable), ignoring unknown ones', () => {
    expect(
      acrShortfall(
        WITH_OTP,
        [ACR_PHISHING_RESISTANT, ACR_MULTI_FACTOR],
        [passkey],
      ),
    ).to.be.undefined();
    expect(acrShortfall(WITH_OTP, ['urn:other:acr'], [totp])).to.be.undefined();
    expect(acrShortfall(PASSWORD, ['urn:other:acr'], [totp])).to.equal(
      ACR_MULTI_FACTOR,
    );
  });

  it("takes a step-up's first factor from the sign-in, dropping an earlier second factor", () => {
    expect(firstFactorAmr({authMethod: 'password', amr: WITH_PASSKEY})).to.eql([
      'pwd',
    ]);
    expect(firstFactorAmr({authMethod: 'google-login'})).to.eql(['fed']);
    expect(
      firstFactorAmr({
        authMethod: 'passkey',
        amr: ['swk', 'user', 'otp', 'mfa'],
      }),
    ).to.eql(['swk', 'user']);
  });
});
