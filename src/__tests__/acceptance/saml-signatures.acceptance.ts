import {expect} from '@loopback/testlab';
import {UserIdentityRepository} from '../../repositories';
import {
  AssertionFacts,
  givenSigningKey,
  responseXml,
  signed,
} from '../fixtures/saml-forge';
import {expectForgeryRefused, signedAssertion} from '../fixtures/saml-refusals';
import {
  hmacSigned,
  withCommentInNameId,
  withNameIdEdited,
  withSecondAssertion,
  withSignedMovedToExtensions,
  withSignedResponseWrapped,
} from '../fixtures/saml-tamper';
import {givenSamlWorld, SamlWorld, samlSignIn} from '../fixtures/saml-world';

/**
 * The IdP's signature is the only thing that makes a SAML response true:
 * every response below is refused with `provider_error` at the ACS, no code
 * reaches the client and no user or identity is written. `alice` has
 * signed in before, so taking over her account is what the attacker is after.
 */
describe('SAML 2.0 sign-in refuses forged signatures (acceptance)', function () {
  let world: SamlWorld;
  const attacker = givenSigningKey('attacker.test');
  const VICTIM = 'alice';

  /** `facts` of `nameID`, with an address of the attacker's own. */
  const as = (facts: AssertionFacts, nameID: string): AssertionFacts => ({
    ...facts,
    nameID,
    attributes: {email: `${nameID.replace(/\W/g, '')}@attacker.test`},
  });

  before(async () => {
    world = await givenSamlWorld();
    await samlSignIn(world, {nameID: VICTIM});
  });
  after(() => world.running.app.stop());

  it('accepts the IdP signing the assertion, or the whole response', async () => {
    await samlSignIn(world, {nameID: VICTIM});
    const identities = await world.running.app.getRepository(
      UserIdentityRepository,
    );
    expect(await identities.count({externalId: VICTIM})).to.eql({count: 1});
  });

  it('refuses a response whose response and assertion are both unsigned', async () => {
    await expectForgeryRefused(world, facts => responseXml(as(facts, VICTIM)));
  });

  it("refuses an assertion or a response signed with an attacker's key", async () => {
    for (const which of ['Assertion', 'Response'] as const) {
      await expectForgeryRefused(world, facts =>
        signed(responseXml(as(facts, VICTIM)), attacker, which),
      );
    }
  });

  it('refuses an HMAC signature keyed with the IdP certificate (key confusion)', async () => {
    await expectForgeryRefused(world, facts =>
      hmacSigned(responseXml(as(facts, VICTIM)), world.idp.cert),
    );
  });

  it('refuses a signed assertion or response whose NameID was changed after signing', async () => {
    for (const which of ['Assertion', 'Response'] as const) {
      await expectForgeryRefused(world, facts =>
        withNameIdEdited(
          signed(responseXml(as(facts, 'mallory')), world.idp, which),
          VICTIM,
        ),
      );
    }
  });

  it('refuses an unsigned assertion placed beside the signed one (XSW)', async () => {
    await expectForgeryRefused(world, facts =>
      withSecondAssertion(signedAssertion(world, as(facts, 'mallory')), VICTIM),
    );
  });

  it('refuses the signed assertion moved into Extensions with an evil one in its place (XSW)', async () => {
    for (const sameId of [false, true]) {
      await expectForgeryRefused(world, facts =>
        withSignedMovedToExtensions(
          signedAssertion(world, as(facts, 'mallory')),
          VICTIM,
          sameId,
        ),
      );
    }
  });

  it('refuses a signed response hidden inside an evil response that carries its signature (XSW)', async () => {
    for (const sameId of [false, true]) {
      await expectForgeryRefused(world, facts =>
        withSignedResponseWrapped(
          signed(responseXml(as(facts, 'mallory')), world.idp, 'Response'),
          VICTIM,
          sameId,
        ),
      );
    }
  });

  it('refuses a comment slipped into a signed NameID (alice<!---->@evil)', async () => {
    await expectForgeryRefused(world, facts =>
      withCommentInNameId(
        signedAssertion(world, as(facts, `${VICTIM}@evil`)),
        VICTIM,
      ),
    );
  });
});
