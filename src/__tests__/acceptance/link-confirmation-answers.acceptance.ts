import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {PENDING_LINK_TTL_MS} from '../../services/providers/linking/pending-link-store';
import {
  answerConfirmation,
  givenLinkWorld,
  inAnotherBrowser,
  returnToConfirmation,
} from '../fixtures/link-confirmation';
import {
  exchangeCode,
  FlowWorld,
  signInWith,
  startLink,
} from '../fixtures/provider-flows';

// The answers to a link confirmation page (see
// provider-link-confirmation.acceptance.ts for why the page exists).
describe('link flows: answering the confirmation (acceptance)', () => {
  const scene = givenLinkWorld();
  const {givenSignedIn, identitiesOf, auditOf} = scene;
  let world: FlowWorld;
  before(() => ({world} = scene));

  it('without the cookie, confirming links by the same rules; the confirm token works once', async () => {
    const user = await givenSignedIn();
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId, name: 'Other Device'});
    const flow = await startLink(world.client, 'facebook-login', user.token);
    const page = await returnToConfirmation(
      world.client,
      inAnotherBrowser(flow),
    );

    const res = await answerConfirmation(
      world.client,
      page.confirmToken,
      'link',
    ).expect(302);
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('state')).to.equal(flow.state);
    expect(res.headers['cache-control']).to.equal('no-store');
    const tokens = await exchangeCode(world.client, location, flow);
    expect(tokens.user_id).to.equal(user.id);
    expect(await identitiesOf(user.token)).to.containDeep([{externalId: fbId}]);
    const [linked] = await auditOf('identity.linked', user.id);
    expect(linked?.details).to.containDeep({confirmed: true});

    const replay = await answerConfirmation(
      world.client,
      page.confirmToken,
      'link',
    ).expect(400);
    expect(replay.body.error.code).to.equal('INVALID_STATE');
  });

  it('a confirmed link still obeys the linking rules: identity_already_linked', async () => {
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId});
    const owner = await signInWith(world, 'facebook-login');
    const other = await givenSignedIn();
    const flow = await startLink(world.client, 'facebook-login', other.token);
    const page = await returnToConfirmation(
      world.client,
      inAnotherBrowser(flow),
    );
    const res = await answerConfirmation(
      world.client,
      page.confirmToken,
      'link',
    ).expect(302);
    expect(
      new URL(String(res.headers.location)).searchParams.get('error'),
    ).to.equal('identity_already_linked');
    expect(await identitiesOf(other.token)).to.eql([]);
    expect(await identitiesOf(owner.access_token)).to.have.length(1);
  });

  it('an unknown or expired confirm token: 400 INVALID_STATE, never a redirect', async () => {
    const unknown = await answerConfirmation(
      world.client,
      'not-a-token',
      'link',
    ).expect(400);
    expect(unknown.body.error.code).to.equal('INVALID_STATE');
    expect(unknown.headers.location).to.be.undefined();

    const user = await givenSignedIn();
    world.facebook.signInAs({id: randomUUID()});
    const flow = await startLink(world.client, 'facebook-login', user.token);
    const page = await returnToConfirmation(
      world.client,
      inAnotherBrowser(flow),
    );
    world.clock.advance(PENDING_LINK_TTL_MS + 1000);
    const expired = await answerConfirmation(
      world.client,
      page.confirmToken,
      'link',
    ).expect(400);
    expect(expired.body.error.code).to.equal('INVALID_STATE');
    expect(await identitiesOf(user.token)).to.eql([]);
  });

  it('refuses an answer that is neither link nor cancel: 422', async () => {
    const res = await answerConfirmation(
      world.client,
      'x',
      'maybe' as 'link',
    ).expect(422);
    expect(res.body.error.code).to.equal('VALIDATION_FAILED');
  });
});
