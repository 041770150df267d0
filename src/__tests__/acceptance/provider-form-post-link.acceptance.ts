import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {givenLinkWorld} from '../fixtures/link-confirmation';
import {approveAt} from '../fixtures/passport-driver';
import {FlowWorld, startLink, WEB_REDIRECT} from '../fixtures/provider-flows';

/**
 * A provider that answers with a form post (SAML's HTTP-POST binding,
 * response_mode=form_post) makes the browser POST the callback from the
 * provider's site: a cross-site POST, which carries none of this service's
 * SameSite=Lax cookies. A link flow's callback is sent back with a 303 so
 * that the browser that started it presents its binding cookie.
 */
describe('link flows answered by a cross-site form post (acceptance)', () => {
  const scene = givenLinkWorld();
  const {givenSignedIn, identitiesOf} = scene;
  let world: FlowWorld;
  before(() => ({world} = scene));

  /** The link's callback as the provider's page posts it: no cookie. */
  async function postedFromProvider(token: string) {
    world.facebook.signInAs({id: randomUUID()});
    const flow = await startLink(world.client, 'facebook-login', token);
    const callback = new URL(await approveAt(flow.url));
    const res = await world.client
      .post(callback.pathname)
      .type('form')
      .send(callback.searchParams.toString())
      .expect(303);
    expect(res.headers['cache-control']).to.equal('no-store');
    return {flow, back: String(res.headers.location)};
  }

  it('links at once in the browser that started it, once its GET brings the binding cookie', async () => {
    const user = await givenSignedIn();
    const {flow, back} = await postedFromProvider(user.token);
    const res = await world.client
      .get(back)
      .set('Cookie', flow.cookie!)
      .expect(302);
    expect(String(res.headers.location)).to.startWith(`${WEB_REDIRECT}?code=`);
    expect(await identitiesOf(user.token)).to.have.length(1);
  });

  it('takes a parked form once: the same GET again is INVALID_STATE, never a redirect', async () => {
    const user = await givenSignedIn();
    const {flow, back} = await postedFromProvider(user.token);
    await world.client.get(back).set('Cookie', flow.cookie!).expect(302);
    const again = await world.client
      .get(back)
      .set('Cookie', flow.cookie!)
      .expect(400);
    expect(again.body.error.code).to.equal('INVALID_STATE');
    const unknown = await world.client
      .get(`${new URL(back, WEB_REDIRECT).pathname}?posted=${'x'.repeat(43)}`)
      .expect(400);
    expect(unknown.body.error.code).to.equal('INVALID_STATE');
  });
});
