import {
  expectForgeryRefused,
  signedAssertion,
  someone,
} from '../fixtures/saml-refusals';
import {
  givenSamlWorld,
  IDP_ISSUER,
  SamlWorld,
  samlSignIn,
} from '../fixtures/saml-world';

const SKEW_MS = 60_000;

/**
 * A signed assertion is only good for this service, at this time, from
 * this IdP: each response below is signed by the IdP's key, and refused
 * with `provider_error` (no code, nothing written) because of what it says.
 */
describe('SAML 2.0 sign-in checks what a signed assertion says (acceptance)', function () {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld({
      acceptedClockSkewMs: SKEW_MS,
      idpIssuer: IDP_ISSUER,
    });
  });
  after(() => world.running.app.stop());

  describe('time', () => {
    it('refuses an assertion whose Conditions expired beyond the clock skew', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          validForMs: -(SKEW_MS + 30_000),
          subjectValidForMs: 5 * 60_000,
        }),
      );
    });

    it('refuses an assertion whose SubjectConfirmationData expired beyond the skew', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          subjectValidForMs: -(SKEW_MS + 30_000),
        }),
      );
    });

    it('refuses an assertion not valid before a time beyond the skew', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {...facts, notBeforeMs: SKEW_MS + 60_000}),
      );
    });

    it('accepts an assertion expired, or not yet valid, within the skew', async () => {
      await samlSignIn(world, {...someone(), validForMs: -SKEW_MS / 2});
      await samlSignIn(world, {...someone(), notBeforeMs: SKEW_MS / 2});
    });
  });

  describe('parties', () => {
    it('refuses an assertion for another audience', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          audience: 'https://other-sp.test/saml',
        }),
      );
    });

    it('refuses an assertion whose Recipient is another ACS', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          recipient: 'https://other-sp.test/saml/acs',
        }),
      );
    });

    it('refuses a response whose Destination is another ACS', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          destination: 'https://other-sp.test/saml/acs',
        }),
      );
    });

    it('refuses an assertion from another issuer than idpIssuer', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          issuer: 'https://other-idp.test/metadata',
        }),
      );
    });

    it('accepts the same assertion from idpIssuer, for this audience and ACS', async () => {
      await samlSignIn(world, someone());
    });
  });

  describe('status and subject', () => {
    it('refuses a signed assertion in a response whose Status is not Success', async () => {
      for (const status of [
        'urn:oasis:names:tc:SAML:2.0:status:Requester',
        'urn:oasis:names:tc:SAML:2.0:status:Responder',
        'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed',
      ]) {
        await expectForgeryRefused(world, facts =>
          signedAssertion(world, {...facts, status}),
        );
      }
    });

    it('refuses a transient NameID when no id attribute is named', async () => {
      await expectForgeryRefused(world, facts =>
        signedAssertion(world, {
          ...facts,
          nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
        }),
      );
    });
  });
});
