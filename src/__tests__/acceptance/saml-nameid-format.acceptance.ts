import {expect} from '@loopback/testlab';
import {UserIdentityRepository} from '../../repositories';
import {responseXml, signed} from '../fixtures/saml-forge';
import {expectForgeryRefused, someone} from '../fixtures/saml-refusals';
import {givenSamlWorld, SamlWorld, samlSignIn} from '../fixtures/saml-world';

const NAMEID = 'urn:oasis:names:tc:SAML:';
const PERSISTENT = `${NAMEID}2.0:nameid-format:persistent`;
const TRANSIENT = `${NAMEID}2.0:nameid-format:transient`;
const UNSPECIFIED = `${NAMEID}1.1:nameid-format:unspecified`;
const EMAIL = `${NAMEID}1.1:nameid-format:emailAddress`;
const X509 = `${NAMEID}1.1:nameid-format:X509SubjectName`;
const KERBEROS = `${NAMEID}2.0:nameid-format:kerberos`;
const ENTITY = `${NAMEID}2.0:nameid-format:entity`;

/** Expects a NameID of `format` (null: no Format) to be refused, naming it and `expected`. */
async function expectFormatRefused(
  world: SamlWorld,
  format: string | null,
  expected: string,
): Promise<void> {
  const refused = await expectForgeryRefused(world, facts =>
    signed(
      responseXml({...facts, nameIDFormat: format}),
      world.idp,
      'Assertion',
    ),
  );
  const description = refused.searchParams.get('error_description');
  expect(description).to.containEql(format ?? UNSPECIFIED);
  expect(description).to.containEql(expected);
}

/** Signs someone new in with a NameID of `format`; the identity's externalId. */
async function signedInAs(world: SamlWorld, format: string | null) {
  const facts = {...someone(), nameIDFormat: format};
  const tokens = await samlSignIn(world, facts);
  const identities = await world.running.app.getRepository(
    UserIdentityRepository,
  );
  const identity = await identities.findOne({
    where: {userId: tokens.user_id},
  });
  return {externalId: identity?.externalId, nameID: facts.nameID};
}

/**
 * The NameID is the account's stable id only in the format the entry asks
 * for (identifierFormat, persistent by default): an email address can be
 * given to someone else, a Kerberos or X.509 name renamed. Anything else is
 * refused with `provider_error` naming both formats, nothing written,
 * unless the entry names an id attribute (then the NameID is no id).
 */
describe('SAML 2.0 sign-in takes a NameID as id only in the format asked for (acceptance)', function () {
  const worlds: SamlWorld[] = [];
  const given = async (extra: Record<string, unknown>) => {
    const world = await givenSamlWorld(extra);
    worlds.push(world);
    return world;
  };
  after(async () => {
    for (const world of worlds) await world.running.app.stop();
  });

  it('refuses any other format than persistent by default, a missing Format too', async () => {
    const world = await given({});
    for (const format of [EMAIL, UNSPECIFIED, null, X509, KERBEROS, ENTITY]) {
      await expectFormatRefused(world, format, PERSISTENT);
    }
    const {externalId, nameID} = await signedInAs(world, PERSISTENT);
    expect(externalId).to.equal(nameID);
  });

  it('takes the format the entry names, and only that one', async () => {
    const world = await given({identifierFormat: EMAIL});
    const {externalId, nameID} = await signedInAs(world, EMAIL);
    expect(externalId).to.equal(nameID);
    await expectFormatRefused(world, PERSISTENT, EMAIL);
  });

  it('takes any format when the entry names an id attribute', async () => {
    const world = await given({profileAttributes: {id: 'uid'}});
    for (const format of [EMAIL, TRANSIENT, null]) {
      const facts = someone();
      const uid = `uid-${facts.nameID}`;
      const tokens = await samlSignIn(world, {
        ...facts,
        nameIDFormat: format,
        attributes: {...facts.attributes, uid},
      });
      const identities = await world.running.app.getRepository(
        UserIdentityRepository,
      );
      const identity = await identities.findOne({
        where: {userId: tokens.user_id},
      });
      expect(identity?.externalId).to.equal(uid);
    }
  });

  it('takes persistent or unspecified when the entry asks for no format (identifierFormat null)', async () => {
    const world = await given({identifierFormat: null});
    for (const format of [PERSISTENT, UNSPECIFIED, null]) {
      const {externalId, nameID} = await signedInAs(world, format);
      expect(externalId).to.equal(nameID);
    }
    const expected = `${PERSISTENT} or ${UNSPECIFIED}`;
    for (const format of [EMAIL, X509, KERBEROS]) {
      await expectFormatRefused(world, format, expected);
    }
    const refused = await expectForgeryRefused(world, facts =>
      signed(
        responseXml({...facts, nameIDFormat: TRANSIENT}),
        world.idp,
        'Assertion',
      ),
    );
    expect(refused.searchParams.get('error_description')).to.match(/transient/);
  });
});
