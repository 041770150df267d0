import {responseXml, signed} from '../fixtures/saml-forge';
import {expectForgeryRefused} from '../fixtures/saml-refusals';
import {withRawAttribute} from '../fixtures/saml-tamper';
import {givenSamlWorld, SamlWorld, samlSignIn} from '../fixtures/saml-world';

const LONG_ID = 'x'.repeat(256);

/**
 * What a signed assertion names must be kept exactly as signed, or
 * refused: an id that the service would trim, cut or read as a JavaScript
 * name could land on someone else's account. `alice` and a 256-character
 * id have signed in before; each response below is signed by the IdP.
 */
describe('SAML 2.0 sign-in refuses ids and attribute names it cannot keep as signed (acceptance)', function () {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld();
    await samlSignIn(world, {nameID: 'alice'});
    await samlSignIn(world, {
      nameID: LONG_ID,
      attributes: {email: 'long@corp.test'},
    });
  });
  after(() => world.running.app.stop());

  it('refuses a NameID padded with whitespace or holding a control character', async () => {
    for (const nameID of [
      'alice ',
      ' alice',
      'alice\n',
      'alice\t',
      'ali\u0085ce',
      'alice\u009b',
    ]) {
      await expectForgeryRefused(world, facts =>
        signed(responseXml({...facts, nameID}), world.idp, 'Assertion'),
      );
    }
  });

  it('refuses a NameID longer than the service keeps (it would be cut)', async () => {
    await expectForgeryRefused(world, facts =>
      signed(
        responseXml({...facts, nameID: `${LONG_ID}-mallory`}),
        world.idp,
        'Assertion',
      ),
    );
  });

  it('refuses a NameID named like a JavaScript object property', async () => {
    for (const nameID of ['__proto__', 'constructor', 'toString']) {
      await expectForgeryRefused(world, facts =>
        signed(responseXml({...facts, nameID}), world.idp, 'Assertion'),
      );
    }
  });

  it('refuses attribute names named like JavaScript object properties', async () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      await expectForgeryRefused(world, facts =>
        signed(
          withRawAttribute(
            responseXml(facts),
            `<saml:Attribute Name="${name}"><saml:AttributeValue><saml:Issuer>x</saml:Issuer></saml:AttributeValue></saml:Attribute>`,
          ),
          world.idp,
          'Assertion',
        ),
      );
    }
  });

  it('refuses attribute names holding a control character', async () => {
    // As character references: raw, XML's attribute-value normalisation
    // would turn them into spaces before anyone reads the name.
    for (const name of ['mail&#x85;', 'mail&#9;', 'mail&#x1b;']) {
      await expectForgeryRefused(world, facts =>
        signed(
          withRawAttribute(
            responseXml(facts),
            `<saml:Attribute Name="${name}"><saml:AttributeValue>x@corp.test</saml:AttributeValue></saml:Attribute>`,
          ),
          world.idp,
          'Assertion',
        ),
      );
    }
  });
});
