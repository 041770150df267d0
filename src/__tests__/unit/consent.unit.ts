import {expect} from '@loopback/testlab';
import {
  consentAnswer,
  ConsentQuestion,
} from '../../services/oidc/consent-check';
import {describeGrant, IDENTITY_WORDS} from '../../services/oidc/consent-words';

describe('consent (unit)', () => {
  const question: ConsentQuestion = {
    userId: 'u',
    clientId: 'c',
    firstParty: false,
    scopes: ['openid', 'profile'],
    resources: [],
    prompt: [],
  };
  const stored = {scopes: ['openid', 'profile', 'email'], resources: []};

  it('never asks a first-party client, not even with prompt=consent or none', () => {
    for (const prompt of [[], ['consent'], ['none']] as const) {
      expect(
        consentAnswer({...question, firstParty: true, prompt}, undefined),
      ).to.eql({granted: true});
    }
  });

  it('asks a third-party client once, then grants what the consent covers', () => {
    expect(consentAnswer(question, undefined)).to.eql({
      granted: false,
      ask: true,
    });
    expect(consentAnswer({...question, scopes: []}, undefined)).to.eql({
      granted: false,
      ask: true,
    });
    expect(consentAnswer(question, stored)).to.eql({granted: true});
    // Narrower is covered; wider (a scope or a resource more) asks again.
    expect(consentAnswer({...question, scopes: ['openid']}, stored)).to.eql({
      granted: true,
    });
    expect(
      consentAnswer(
        {...question, scopes: ['openid', 'offline_access']},
        stored,
      ),
    ).to.eql({granted: false, ask: true});
    expect(
      consentAnswer({...question, resources: ['https://api.example']}, stored),
    ).to.eql({granted: false, ask: true});
  });

  it('asks again for prompt=consent, and answers consent_required under prompt=none', () => {
    expect(consentAnswer({...question, prompt: ['consent']}, stored)).to.eql({
      granted: false,
      ask: true,
    });
    expect(consentAnswer({...question, prompt: ['none']}, undefined)).to.eql({
      granted: false,
      error: 'consent_required',
    });
    expect(consentAnswer({...question, prompt: ['none']}, stored)).to.eql({
      granted: true,
    });
  });

  it('says in plain words what a grant allows, resources by name', () => {
    const api = {
      identifier: 'https://api.example',
      name: 'Orders API',
      scopes: ['orders:read'],
    };
    expect(
      describeGrant(
        ['openid', 'email', 'orders:read', 'constructor'],
        ['https://api.example', 'https://gone.example'],
        [api],
      ),
    ).to.eql([
      IDENTITY_WORDS,
      'Sign you in with your account here',
      'See your email address and whether it is verified',
      'Orders API: orders:read',
      'Use the scope constructor',
      'Use Orders API on your behalf',
      'Use https://gone.example on your behalf',
    ]);
  });
});
