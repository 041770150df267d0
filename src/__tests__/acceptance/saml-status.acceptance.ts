import {expect} from '@loopback/testlab';
import {UserIdentityRepository} from '../../repositories';
import {startLogin} from '../fixtures/provider-flows';
import {encoded, responseXml, signed} from '../fixtures/saml-forge';
import {
  givenSamlWorld,
  goodFacts,
  postToAcs,
  SamlWorld,
} from '../fixtures/saml-world';

const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/**
 * A response's status decides before its assertion: anything but Success
 * never signs in, even with a good signed assertion inside, and a refusal
 * of the person reaches the client as access_denied (as OAuth's does).
 */
describe('SAML response status (forged IdP)', () => {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld();
  });
  after(() => world.running.app.stop());

  /** A signed good assertion in a Response whose status is `codes`. */
  async function answerWithStatus(nameID: string, codes: string[]) {
    const flow = await startLogin(world.client, 'corp');
    const status = codes
      .map(c => `<samlp:StatusCode Value="${STATUS}${c}">`)
      .join('');
    const xml = responseXml(goodFacts(world, flow, {nameID})).replace(
      `<samlp:StatusCode Value="${STATUS}Success"/>`,
      `${status}${'</samlp:StatusCode>'.repeat(codes.length)}`,
    );
    const res = await postToAcs(
      world,
      flow,
      encoded(signed(xml, world.idp, 'Assertion')),
    ).expect(302);
    return new URL(String(res.headers.location)).searchParams;
  }

  async function identityCount(nameID: string): Promise<number> {
    const identities = await world.running.app.getRepository(
      UserIdentityRepository,
    );
    return (await identities.count({provider: 'corp', externalId: nameID}))
      .count;
  }

  it('refuses a signed assertion inside a response whose status is not Success', async () => {
    const answer = await answerWithStatus('status-responder', ['Responder']);
    expect(answer.get('code')).to.be.null();
    expect(answer.get('error')).to.equal('provider_error');
    expect(answer.get('error_description')).to.containEql('(Responder)');
    expect(await identityCount('status-responder')).to.equal(0);
  });

  it('reports the IdP refusing the person (RequestDenied, AuthnFailed) as access_denied', async () => {
    for (const refusal of ['RequestDenied', 'AuthnFailed']) {
      const answer = await answerWithStatus(`status-${refusal}`, [
        'Responder',
        refusal,
      ]);
      expect(answer.get('error')).to.equal('access_denied');
      expect(answer.get('code')).to.be.null();
    }
  });

  it('names other statuses by their codes only, never the IdP message', async () => {
    const answer = await answerWithStatus('status-policy', [
      'Requester',
      'InvalidNameIDPolicy',
    ]);
    expect(answer.get('error')).to.equal('provider_error');
    expect(answer.get('error_description')).to.containEql(
      '(Requester/InvalidNameIDPolicy)',
    );
  });
});
