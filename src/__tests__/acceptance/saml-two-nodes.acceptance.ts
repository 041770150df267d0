import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {givenProvidersFile} from '../fixtures/applications';
import {
  BASE_URL,
  exchangeCode,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';
import {authnRequestOf, encoded, givenSigningKey} from '../fixtures/saml-forge';
import {
  expectInvalidState,
  expectRefusal,
  signedAssertion,
  someone,
  writtenIn,
} from '../fixtures/saml-refusals';
import {withInResponseTo} from '../fixtures/saml-tamper';
import {
  givenSamlEntry,
  goodFacts,
  postToAcs,
  SamlWorld,
} from '../fixtures/saml-world';
import {givenTwoNodes, TwoNodes} from '../fixtures/two-nodes';

/**
 * Behind a load balancer the IdP's POST may reach any node: a flow started
 * on one is finished on the other, and what one node used up (the flow,
 * the request id, the assertion) is used up on both.
 */
describe('SAML 2.0 replay across two nodes sharing PostgreSQL and Redis (acceptance)', () => {
  let twoNodes: TwoNodes | undefined;
  const nodes: SamlWorld[] = [];
  const idp = givenSigningKey();

  before(startNodes);
  after(() => twoNodes?.stop());

  async function startNodes(this: Context): Promise<void> {
    twoNodes = await givenTwoNodes(
      this,
      {
        BASE_URL,
        PROVIDERS_FILE: givenProvidersFile({corp: givenSamlEntry(idp)}),
      },
      {rateLimits: withoutRequestLimits()},
    );
    twoNodes.apps.forEach((app, i) => {
      const client = twoNodes!.clients[i]!;
      nodes.push({
        running: {app, client, config: app.config},
        client,
        idp,
        acs: `${BASE_URL}/auth/corp/callback`,
      });
    });
  }

  it('finishes on one node a flow started on the other, and refuses the response there again', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const flow = await startLogin(a.client, 'corp');
    const response = encoded(signedAssertion(a, goodFacts(a, flow, someone())));
    const res = await postToAcs(b, flow, response).expect(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin + location.pathname).to.equal(WEB_REDIRECT);
    await exchangeCode(b.client, location, flow);
    const after = await writtenIn(a.running.app);
    await expectInvalidState(
      a.running.app,
      await postToAcs(a, flow, response),
      after,
    );
  });

  it('refuses on one node an assertion used on the other, in a new response for a new flow', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const flow = await startLogin(a.client, 'corp');
    const response = signedAssertion(a, {
      ...goodFacts(a, flow, someone()),
      subjectInResponseTo: false,
    });
    const used = await postToAcs(a, flow, encoded(response)).expect(302);
    await exchangeCode(a.client, new URL(String(used.headers.location)), flow);
    const after = await writtenIn(b.running.app);
    const next = await startLogin(b.client, 'corp');
    const replayed = withInResponseTo(response, authnRequestOf(next.url).id);
    await expectRefusal(
      b.running.app,
      next,
      await postToAcs(b, next, encoded(replayed)),
      after,
    );
  });
});
