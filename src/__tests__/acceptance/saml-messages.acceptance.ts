import {expect} from '@loopback/testlab';
import {startLogin} from '../fixtures/provider-flows';
import {encoded, responseXml} from '../fixtures/saml-forge';
import {
  expectForgeryRefused,
  expectRefusal,
  signedAssertion,
  someone,
  writtenIn,
} from '../fixtures/saml-refusals';
import {withDoctype, withRawNameId} from '../fixtures/saml-tamper';
import {
  givenSamlWorld,
  goodFacts,
  IDP_ISSUER,
  postToAcs,
  SamlWorld,
} from '../fixtures/saml-world';

const LAUGHS =
  '<!DOCTYPE samlp:Response [<!ENTITY lol "lol">' +
  Array.from(
    {length: 9},
    (_, i) =>
      `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('') +
  ']>';

/**
 * The ACS reads one thing: an HTTP-POST SAMLResponse holding a SAML 2.0
 * Response. Anything else posted there (logout messages, the query string,
 * garbage, DTDs) is refused with `provider_error` for the flow, never a
 * 500, and nothing is written.
 */
describe('SAML 2.0 ACS refuses what is not a SAML response (acceptance)', function () {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld();
  });
  after(() => world.running.app.stop());

  /** Posts `form` (RelayState of a new flow added) and expects a refusal. */
  async function expectFormRefused(form: Record<string, unknown>) {
    const app = world.running.app;
    const before = await writtenIn(app);
    const flow = await startLogin(world.client, 'corp');
    const relayState = new URL(flow.url).searchParams.get('RelayState')!;
    const res = await world.client
      .post('/auth/corp/callback')
      .type('form')
      .send({RelayState: relayState, ...form});
    await expectRefusal(app, flow, res, before);
  }

  it('refuses a LogoutRequest posted as SAMLRequest or as the SAMLResponse', async () => {
    const logout = encoded(
      '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ' +
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_lr1" Version="2.0" ' +
        `IssueInstant="${new Date().toISOString()}"><saml:Issuer>${IDP_ISSUER}</saml:Issuer>` +
        '<saml:NameID>alice</saml:NameID></samlp:LogoutRequest>',
    );
    await expectFormRefused({SAMLRequest: logout});
    await expectFormRefused({SAMLResponse: logout});
  });

  it('reads the SAMLResponse from a POST body only: not from the query, not on a GET', async () => {
    const app = world.running.app;
    for (const method of ['post', 'get'] as const) {
      const before = await writtenIn(app);
      const flow = await startLogin(world.client, 'corp');
      const SAMLResponse = encoded(
        signedAssertion(world, goodFacts(world, flow, someone())),
      );
      const RelayState = new URL(flow.url).searchParams.get('RelayState')!;
      const res =
        method === 'get'
          ? await world.client
              .get('/auth/corp/callback')
              .query({SAMLResponse, RelayState})
          : await world.client
              .post('/auth/corp/callback')
              .query({SAMLResponse})
              .type('form')
              .send({RelayState});
      await expectRefusal(app, flow, res, before);
    }
  });

  it('refuses empty, garbage, non-base64 and large values', async () => {
    for (const value of [
      '',
      'not base64 at all!*%',
      Buffer.from('hello, identity provider').toString('base64'),
      encoded(
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"',
      ),
      encoded('<Response>plain, no namespace</Response>'),
      'A'.repeat(900_000),
    ]) {
      await expectFormRefused({SAMLResponse: value});
    }
  });

  it('answers 422 to a SAMLResponse sent twice, as to any field that is not one string', async () => {
    const before = await writtenIn(world.running.app);
    const flow = await startLogin(world.client, 'corp');
    const res = await world.client
      .post('/auth/corp/callback')
      .type('form')
      .send(
        `SAMLResponse=AAAA&SAMLResponse=BBBB&RelayState=${new URL(flow.url).searchParams.get('RelayState')}`,
      );
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    expect(await writtenIn(world.running.app)).to.eql(before);
  });

  it('answers 413 to a body past the size limit, writing nothing', async () => {
    const before = await writtenIn(world.running.app);
    const flow = await startLogin(world.client, 'corp');
    const res = await postToAcs(world, flow, 'A'.repeat(1_200_000));
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    expect(await writtenIn(world.running.app)).to.eql(before);
  });

  it('refuses a validly signed response that carries a DOCTYPE', async () => {
    await expectForgeryRefused(world, facts =>
      withDoctype(signedAssertion(world, facts), '<!DOCTYPE samlp:Response>'),
    );
  });

  it('never reads an external entity (XXE)', async () => {
    await expectForgeryRefused(world, facts =>
      withDoctype(
        withRawNameId(responseXml(facts), '&xxe;'),
        '<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>',
      ),
    );
  });

  it('answers a deeply nested response at once, without a 500', async () => {
    const started = Date.now();
    await expectForgeryRefused(world, facts =>
      responseXml(facts).replace(
        '</saml:Issuer>',
        `</saml:Issuer>${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}`,
      ),
    );
    expect(Date.now() - started).to.be.below(3000);
  });

  it('answers billion laughs at once', async () => {
    const started = Date.now();
    await expectForgeryRefused(world, facts =>
      withDoctype(withRawNameId(responseXml(facts), '&lol9;'), LAUGHS),
    );
    expect(Date.now() - started).to.be.below(3000);
  });
});
