import {expect} from '@loopback/testlab';
import {
  exchangeCode,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';
import {authnRequestOf, encoded} from '../fixtures/saml-forge';
import {
  expectInvalidState,
  expectRefusal,
  signedAssertion,
  someone,
  writtenIn,
} from '../fixtures/saml-refusals';
import {withInResponseTo} from '../fixtures/saml-tamper';
import {
  givenSamlWorld,
  goodFacts,
  postToAcs,
  SamlWorld,
} from '../fixtures/saml-world';

/**
 * A response answers one AuthnRequest of one flow, once: unsolicited,
 * misdirected and replayed responses are refused, signed as they are.
 */
describe('SAML 2.0 sign-in refuses unsolicited and replayed responses (acceptance)', function () {
  let world: SamlWorld;

  before(async () => {
    world = await givenSamlWorld();
  });
  after(() => world.running.app.stop());

  it('refuses an unsolicited response (no InResponseTo), with or without a RelayState', async () => {
    const app = world.running.app;
    const before = await writtenIn(app);
    const flow = await startLogin(world.client, 'corp');
    const unsolicited = encoded(
      signedAssertion(world, {
        ...goodFacts(world, flow, someone()),
        requestId: undefined,
      }),
    );
    await expectRefusal(
      app,
      flow,
      await postToAcs(world, flow, unsolicited),
      before,
    );
    const idpInitiated = await world.client
      .post('/auth/corp/callback')
      .type('form')
      .send({SAMLResponse: unsolicited});
    await expectInvalidState(app, idpInitiated, before);
  });

  it("refuses a response answering another flow's request, which still signs in after", async () => {
    const app = world.running.app;
    const before = await writtenIn(app);
    const mine = await startLogin(world.client, 'corp');
    const victims = await startLogin(world.client, 'corp');
    const forVictim = encoded(
      signedAssertion(world, goodFacts(world, victims, someone())),
    );
    await expectRefusal(
      app,
      mine,
      await postToAcs(world, mine, forVictim),
      before,
    );
    const res = await postToAcs(world, victims, forVictim).expect(302);
    const location = new URL(String(res.headers.location));
    await exchangeCode(world.client, location, victims);
  });

  it("refuses another flow's signed assertion in a response rewritten to answer this flow", async () => {
    const app = world.running.app;
    const before = await writtenIn(app);
    const victims = await startLogin(world.client, 'corp');
    const mine = await startLogin(world.client, 'corp');
    const theirs = signedAssertion(world, goodFacts(world, victims, someone()));
    const rewritten = withInResponseTo(theirs, authnRequestOf(mine.url).id);
    await expectRefusal(
      app,
      mine,
      await postToAcs(world, mine, encoded(rewritten)),
      before,
    );
  });

  it('refuses the same response posted twice, and posted to a second flow', async () => {
    const app = world.running.app;
    const flow = await startLogin(world.client, 'corp');
    const response = encoded(
      signedAssertion(world, goodFacts(world, flow, someone())),
    );
    const first = await postToAcs(world, flow, response).expect(302);
    const code = new URL(String(first.headers.location)).searchParams.get(
      'code',
    );
    expect(code).to.be.a.String();
    const after = await writtenIn(app);
    await expectInvalidState(
      app,
      await postToAcs(world, flow, response),
      after,
    );
    const second = await startLogin(world.client, 'corp');
    await expectRefusal(
      app,
      second,
      await postToAcs(world, second, response),
      after,
    );
  });

  it('refuses a used assertion wrapped in a new response answering another flow', async () => {
    const app = world.running.app;
    const flow = await startLogin(world.client, 'corp');
    // Many IdPs leave InResponseTo out of the assertion: only the unsigned
    // Response ties it to the request.
    const response = signedAssertion(world, {
      ...goodFacts(world, flow, someone()),
      subjectInResponseTo: false,
    });
    const first = await postToAcs(world, flow, encoded(response)).expect(302);
    const location = new URL(String(first.headers.location));
    expect(location.origin + location.pathname).to.equal(WEB_REDIRECT);
    await exchangeCode(world.client, location, flow);
    const after = await writtenIn(app);
    const next = await startLogin(world.client, 'corp');
    const replayed = withInResponseTo(response, authnRequestOf(next.url).id);
    await expectRefusal(
      app,
      next,
      await postToAcs(world, next, encoded(replayed)),
      after,
    );
  });

  it('refuses an assertion valid for more than a day, whose id it would have to keep that long', async () => {
    const app = world.running.app;
    const before = await writtenIn(app);
    const flow = await startLogin(world.client, 'corp');
    const yearLong = encoded(
      signedAssertion(world, {
        ...goodFacts(world, flow, someone()),
        validForMs: 365 * 24 * 60 * 60_000,
      }),
    );
    const refused = await expectRefusal(
      app,
      flow,
      await postToAcs(world, flow, yearLong),
      before,
    );
    expect(refused.searchParams.get('error_description')).to.match(/24 hours/);
    const next = await startLogin(world.client, 'corp');
    const hourLong = encoded(
      signedAssertion(world, {
        ...goodFacts(world, next, someone()),
        validForMs: 60 * 60_000,
      }),
    );
    const res = await postToAcs(world, next, hourLong).expect(302);
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('code')).to.be.a.String();
  });
});
