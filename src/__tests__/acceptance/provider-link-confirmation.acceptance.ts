import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {
  answerConfirmation,
  givenLinkWorld,
  inAnotherBrowser,
  returnToConfirmation,
} from '../fixtures/link-confirmation';
import {approveAt} from '../fixtures/passport-driver';
import {
  FlowWorld,
  signInWith,
  startLink,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';

// Link CSRF: whoever calls POST /link can send the provider URL to someone
// else. Only the browser that started the flow links at once; any other
// must confirm on a page of this service.
describe('link flows: browser binding and confirmation (acceptance)', () => {
  const scene = givenLinkWorld();
  const {givenSignedIn, identitiesOf, auditOf} = scene;
  let world: FlowWorld;
  before(() => ({world} = scene));

  it('POST /link/{name} sets a short-lived HttpOnly, SameSite=Lax binding cookie', async () => {
    const user = await givenSignedIn();
    const res = await world.client
      .post('/link/facebook-login')
      .set('Authorization', `Bearer ${user.token}`)
      .send({code_challenge: 'x'.repeat(43), code_challenge_method: 'S256'})
      .expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).to.match(/^link-binding=[A-Za-z0-9_-]{43};/);
    expect(cookie).to.match(/; Max-Age=300;/);
    expect(cookie).to.match(/; Path=\//);
    expect(cookie).to.match(/; HttpOnly/);
    expect(cookie).to.match(/; SameSite=Lax/);
    // BASE_URL is http here; over https it is Secure and __Host- prefixed.
    expect(cookie).to.not.match(/Secure/);
  });

  it('the browser that started the link links at once, and the cookie is cleared', async () => {
    const user = await givenSignedIn();
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId, name: 'Same Browser'});
    const flow = await startLink(world.client, 'facebook-login', user.token);
    expect(flow.cookie).to.be.a.String();

    const callback = new URL(await approveAt(flow.url));
    const res = await world.client
      .get(callback.pathname + callback.search)
      .set('Cookie', flow.cookie!)
      .expect(302);
    expect(String(res.headers.location)).to.startWith(`${WEB_REDIRECT}?code=`);
    expect(String(res.headers['set-cookie'])).to.match(
      /link-binding=;.*Expires=Thu, 01 Jan 1970/,
    );
    expect(await identitiesOf(user.token)).to.containDeep([{externalId: fbId}]);
  });

  describe('the attack: the provider URL followed in another browser', () => {
    it('shows a confirmation page naming both accounts, links nothing, and a cancel links nothing', async () => {
      const attacker = await givenSignedIn();
      const victimFb = randomUUID();
      world.facebook.signInAs({
        id: victimFb,
        name: 'Victim Vera',
        email: 'vera@victim.example',
      });
      const flow = await startLink(
        world.client,
        'facebook-login',
        attacker.token,
      );

      const page = await returnToConfirmation(
        world.client,
        inAnotherBrowser(flow),
      );
      expect(page.html).to.match(
        /Link the Facebook account <strong>Victim Vera \(vera@victim\.example\)<\/strong>\s+to the account <strong>u•••@example\.com<\/strong>\?/,
      );
      expect(page.html).to.not.containEql(attacker.email);
      expect(await identitiesOf(attacker.token)).to.eql([]);

      const res = await answerConfirmation(
        world.client,
        page.confirmToken,
        'cancel',
      ).expect(302);
      const location = new URL(String(res.headers.location));
      expect(location.origin + location.pathname).to.equal(WEB_REDIRECT);
      expect(location.searchParams.get('error')).to.equal('access_denied');
      expect(location.searchParams.get('state')).to.equal(flow.state);
      expect(location.searchParams.has('code')).to.be.false();
      expect(await identitiesOf(attacker.token)).to.eql([]);

      const [refused] = await auditOf('identity.link_refused', attacker.id);
      expect(refused?.details).to.containDeep({reason: 'declined'});
      // The victim's Facebook sign-in does not land in the attacker's account.
      const victim = await signInWith(world, 'facebook-login');
      expect(victim.user_id).to.not.equal(attacker.id);
    });

    it('a binding cookie of another flow does not count', async () => {
      const user = await givenSignedIn();
      world.facebook.signInAs({id: randomUUID()});
      const first = await startLink(world.client, 'facebook-login', user.token);
      const second = await startLink(world.client, 'fbwork-link', user.token);
      await returnToConfirmation(world.client, {
        ...first,
        cookie: second.cookie,
      });
      expect(await identitiesOf(user.token)).to.eql([]);
    });

    it('a form_post callback (SameSite=Lax withholds the cookie) asks too, after the 303 that would let the cookie through', async () => {
      const user = await givenSignedIn();
      world.facebook.signInAs({id: randomUUID()});
      const flow = await startLink(world.client, 'facebook-login', user.token);
      const callback = new URL(await approveAt(flow.url));
      const posted = await world.client
        .post(callback.pathname)
        .type('form')
        .send(callback.searchParams.toString())
        .expect(303);
      const back = String(posted.headers.location);
      expect(back).to.match(
        /^\/auth\/facebook-login\/callback\?posted=[\w-]{43}$/,
      );
      const res = await world.client.get(back).expect(200);
      expect(res.text).to.match(/name="confirm_token"/);
      expect(await identitiesOf(user.token)).to.eql([]);
    });
  });

  it("names the provider by its entry's displayName, escaped, never by the entry name", async () => {
    const user = await givenSignedIn();
    world.facebook.signInAs({id: randomUUID(), name: 'Work Wanda'});
    const flow = await startLink(world.client, 'fbwork-link', user.token);
    const page = await returnToConfirmation(
      world.client,
      inAnotherBrowser(flow),
    );
    expect(page.html).to.containEql(
      '<h1>Link your Work &lt;Facebook&gt; &amp; Co account?</h1>',
    );
    expect(page.html).to.containEql(
      '<title>Link your Work &lt;Facebook&gt; &amp; Co account?</title>',
    );
    expect(page.html).to.not.match(/fbwork|<Facebook>/i);
  });

  it('escapes what the provider says and cannot be framed, cached or referred', async () => {
    const user = await givenSignedIn();
    world.facebook.signInAs({
      id: randomUUID(),
      name: '<script>alert(1)</script>"><img src=x onerror=alert(2)>',
    });
    const flow = await startLink(world.client, 'facebook-login', user.token);
    const page = await returnToConfirmation(
      world.client,
      inAnotherBrowser(flow),
    );
    expect(page.html).to.not.match(/<script|<img/);
    expect(page.html).to.containEql(
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;',
    );
    expect(page.headers).to.containDeep({
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    // Its one inline stylesheet by hash, not 'unsafe-inline'.
    expect(
      (page.headers as Record<string, string>)['content-security-policy'],
    ).to.match(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
    );
  });
});
