import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {UserIdentityRepository} from '../../repositories';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';
import {givenLdapEntry} from '../fixtures/directory-app';
import {givenDirectoryPerson} from '../fixtures/directory-link';
import {givenAccessToken, givenUser} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  FlowWorld,
  givenFlowParams,
  givenFlowWorld,
  returnFrom,
  startLink,
} from '../fixtures/provider-flows';
import {requireSlapd, Slapd} from '../fixtures/slapd';
import {
  expectChallenge,
  givenConfirmedFactor,
  stepUp,
  STEP_UP_MAX_AGE,
} from '../fixtures/step-up';
import {GOOD_PASSWORD} from '../fixtures/guard';

/** Past the step-up window, still within the access token's life. */
const STALE_MS = (STEP_UP_MAX_AGE + 1) * 1000;

/**
 * Linking adds a way into the account that outlives every token, so the
 * routes that start a link are sensitive operations (DESIGN §9): a stolen
 * access token older than STEP_UP_MAX_AGE, or one without the account's
 * second factor, links nothing.
 */
describe('Linking needs a recent sign-in (acceptance)', () => {
  describe('POST /link/{name}', () => {
    let world: FlowWorld;
    before(async () => {
      world = await givenFlowWorld();
    });
    after(() => world.stop());

    async function identitiesOf(userId: string) {
      const repo = await world.app.getRepository(UserIdentityRepository);
      return repo.find({where: {userId}});
    }

    function postLink(token: string) {
      return world.client
        .post('/link/facebook-login')
        .set('Authorization', `Bearer ${token}`)
        .send(givenFlowParams().query);
    }

    it('a fresh sign-in links', async () => {
      const user = await givenUser(world.app);
      const token = await givenAccessToken(world.app, user.id);
      world.facebook.signInAs({id: randomUUID(), name: 'Fresh Fay'});
      const flow = await startLink(world.client, 'facebook-login', token);
      const location = await returnFrom(world.client, flow);
      expect(location.searchParams.get('code')).to.be.a.String();
      expect(await identitiesOf(user.id)).to.have.length(1);
    });

    it('a token older than the step-up window gets the challenge; nothing is linked until step-up', async () => {
      const user = await givenUser(world.app);
      const token = await givenAccessToken(world.app, user.id);
      world.clock.advance(STALE_MS);

      const refused = await postLink(token);
      expectChallenge(refused, 'recent');
      expect(refused.headers['set-cookie']).to.be.undefined();
      expect(await identitiesOf(user.id)).to.eql([]);

      const renewed = await stepUp(world.client, token, {
        method: 'password',
        password: GOOD_PASSWORD,
      }).expect(200);
      world.facebook.signInAs({id: randomUUID()});
      const flow = await startLink(
        world.client,
        'facebook-login',
        renewed.body.access_token,
      );
      await returnFrom(world.client, flow);
      expect(await identitiesOf(user.id)).to.have.length(1);
    });

    it('a link whose session is signed out before the callback links nothing', async () => {
      const user = await givenUser(world.app);
      const token = await givenAccessToken(world.app, user.id);
      world.facebook.signInAs({id: randomUUID()});
      const flow = await startLink(world.client, 'facebook-login', token);
      // The owner finds the stolen session and ends it; the thief's flow
      // (already past step-up, at the provider) must die with it.
      await world.client
        .post('/auth/logout')
        .set('Authorization', `Bearer ${token}`)
        .expect(204);
      const location = await returnFrom(world.client, flow);
      expect(location.searchParams.get('error')).to.equal('session_not_found');
      expect(location.searchParams.has('code')).to.be.false();
      expect(await identitiesOf(user.id)).to.eql([]);
    });

    it('an account with a second factor needs a sign-in that used it', async () => {
      const user = await givenUser(world.app);
      // Signed in before the factor was enrolled: fresh, but one factor.
      const token = await givenAccessToken(world.app, user.id);
      await givenConfirmedFactor(world.app, user.id);
      expectChallenge(await postLink(token), 'secondFactor');
      expect(await identitiesOf(user.id)).to.eql([]);
    });
  });

  describe('POST /link/{name}/login (directory)', function (this: Mocha.Suite) {
    this.timeout(20000);
    let slapd: Slapd;
    let running: RunningApp;
    let clock: ManualClock;

    before(startDirectory);
    async function startDirectory(this: Mocha.Context): Promise<void> {
      requireSlapd(this);
      slapd = await Slapd.start();
      clock = new ManualClock(Date.now());
      running = await givenRunningApp(
        {PROVIDERS_FILE: givenProvidersFile({corp: givenLdapEntry(slapd)})},
        {clock},
      );
    }
    after(async () => {
      await running?.app.stop();
      await slapd?.remove();
    });

    async function linkWith(token: string) {
      const someone = givenDirectoryPerson(slapd, 'stepup');
      return running.client
        .post('/link/corp/login')
        .set('Authorization', `Bearer ${token}`)
        .send({username: someone.uid, password: someone.password});
    }

    async function identitiesOf(userId: string) {
      const repo = await running.app.getRepository(UserIdentityRepository);
      return repo.find({where: {userId}});
    }

    it('a fresh sign-in links', async () => {
      const user = await givenUser(running.app);
      const token = await givenAccessToken(running.app, user.id);
      expect((await linkWith(token)).status).to.equal(200);
      expect(await identitiesOf(user.id)).to.have.length(1);
    });

    it('a token older than the step-up window gets the challenge and links nothing', async () => {
      const user = await givenUser(running.app);
      const token = await givenAccessToken(running.app, user.id);
      clock.advance(STALE_MS);
      expectChallenge(await linkWith(token), 'recent');
      expect(await identitiesOf(user.id)).to.eql([]);
    });
  });
});
