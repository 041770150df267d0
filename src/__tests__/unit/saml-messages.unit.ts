import {expect} from '@loopback/testlab';
import {DEFAULT_SAML_ATTRIBUTES} from '../../config/saml-entry';
import {assertionFacts} from '../../services/enterprise/saml/saml-assertion';
import {SamlAssertionLedger} from '../../services/enterprise/saml/saml-assertion-ledger';
import {
  hasDoctype,
  responseHeader,
} from '../../services/enterprise/saml/saml-messages';
import {mapSamlProfile} from '../../services/providers/saml-profile-mapper';
import {MemoryStore} from '../../services/store/memory-store';
import {ManualClock} from '../fixtures/manual-clock';
import {responseXml} from '../fixtures/saml-forge';

const FACTS = {
  requestId: '_req1',
  acs: 'https://id.example.com/auth/corp/callback',
  audience: 'https://id.example.com/saml',
  nameID: 'alice',
};

/** The Assertion element of a forged response, as node-saml hands it over. */
function assertionOf(xml: string): string {
  return /<saml:Assertion[\s\S]*<\/saml:Assertion>/
    .exec(xml)![0]
    .replace(
      '<saml:Assertion ',
      '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ',
    );
}

describe('SAML messages, assertions and their single use (unit)', () => {
  it('reads the header of a Response: InResponseTo, Destination, Status, comments', () => {
    expect(responseHeader(responseXml(FACTS))).to.eql({
      inResponseTo: '_req1',
      destination: FACTS.acs,
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      comments: false,
    });
    const commented = responseXml(FACTS).replace('>alice<', '>ali<!---->ce<');
    expect(responseHeader(commented)?.comments).to.be.true();
    const failed = responseXml({...FACTS, status: 'urn:x:Requester'});
    expect(responseHeader(failed)?.status).to.equal('urn:x:Requester');
  });

  it('reads no header from what is not a SAML 2.0 Response', () => {
    for (const xml of [
      '',
      'not xml',
      '<Response/>',
      '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
    ]) {
      expect(responseHeader(xml)).to.be.undefined();
    }
  });

  it('finds a DTD in any letter case', () => {
    expect(hasDoctype('<!DOCTYPE r><r/>')).to.be.true();
    expect(
      hasDoctype('<?xml version="1.0"?>\n<!doctype r [ ]><r/>'),
    ).to.be.true();
    expect(hasDoctype(responseXml(FACTS))).to.be.false();
  });

  it('reads an assertion: ID, every Recipient, attribute names, the latest NotOnOrAfter', () => {
    const xml = responseXml({
      ...FACTS,
      validForMs: 60_000,
      subjectValidForMs: 120_000,
      attributes: {email: 'a@corp.test', groups: ['x', 'y']},
    });
    const facts = assertionFacts(assertionOf(xml))!;
    expect(facts.id).to.match(/^_a/);
    expect(facts.recipients).to.eql([FACTS.acs]);
    expect(facts.attributeNames).to.eql(['email', 'groups']);
    const subjectUntil = /SubjectConfirmationData NotOnOrAfter="([^"]+)"/.exec(
      xml,
    )![1]!;
    expect(facts.notOnOrAfter).to.equal(Date.parse(subjectUntil));
    expect(assertionFacts(xml)).to.be.undefined();
  });

  it('lets an assertion sign in once per IdP, until it expires', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    const ledger = new SamlAssertionLedger(store, () => clock.now());
    const until = clock.now() + 60_000;
    await ledger.useOnce('corp/', '_a1', until);
    await expect(ledger.useOnce('corp/', '_a1', until)).to.be.rejectedWith({
      code: 'PROVIDER_ERROR',
    });
    await ledger.useOnce('corp/app-1', '_a1', until);
    clock.advance(59_000);
    await expect(ledger.useOnce('corp/', '_a1', until)).to.be.rejected();
    clock.advance(1_000);
    await ledger.useOnce('corp/', '_a1', until);
    await store.close();
  });

  it('keeps a NameID only exactly as signed', () => {
    const rules = {
      attributes: DEFAULT_SAML_ATTRIBUTES,
      trustEmail: false,
      identifierFormat: null,
    };
    expect(mapSamlProfile({nameID: 'alice'}, rules).externalId).to.equal(
      'alice',
    );
    for (const nameID of [
      'alice ',
      '\talice',
      'al\u0085ice',
      'x'.repeat(257),
      '__proto__',
      'constructor',
      'toString',
    ]) {
      expect(() => mapSamlProfile({nameID}, rules)).to.throw({
        code: 'PROVIDER_ERROR',
      });
    }
    expect(
      mapSamlProfile({nameID: 'x'.repeat(256)}, rules).externalId,
    ).to.have.length(256);
  });
});
