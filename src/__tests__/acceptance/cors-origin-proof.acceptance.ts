import {Context} from 'mocha';
import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {
  BACKENDS,
  CLIENT_BASE_URL,
  ClientWorld,
  givenClientWorld,
  signInThrough,
} from '../fixtures/client-sign-in';

const WEB = {id: 'web', redirectUri: `${CLIENT_BASE_URL}/`};

/**
 * Registering an application is open to every signed-in user, so the
 * origins it names count for CORS only once its owner signed in through
 * it, or an admin approved them; origins added later wait for the same.
 */
for (const backend of BACKENDS) {
  describe(`CORS origins need proof, ${backend.name} (acceptance)`, () => {
    let world: ClientWorld;
    let app: IdentityApplication;
    let client: Client;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      world = await givenClientWorld(backend.env);
      ({app, client} = world);
    }
    after(() => world?.stop());

    function preflight(origin: string) {
      return client
        .options('/users/me')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization');
    }

    async function expectRefused(origin: string) {
      const res = await preflight(origin).expect(403);
      expect(res.body.error.code).to.equal('ORIGIN_NOT_ALLOWED');
    }

    function givenOrigin(): string {
      return `https://spa-${randomUUID().slice(0, 8)}.example.com`;
    }

    /** A Facebook user signed in through `web`, and the `Authorization` of it. */
    async function givenFacebookUser(): Promise<{id: string; auth: string}> {
      world.fb.signInAs({id: `fb-${randomUUID()}`, name: 'Owner'});
      const tokens = await signInThrough(client, WEB);
      return {id: tokens.user_id, auth: `Bearer ${tokens.access_token}`};
    }

    /** An application of `owner` with one origin; nobody has used it yet. */
    async function givenApplication(
      owner: {id: string; auth: string},
      origin: string,
    ) {
      const redirectUri = `${origin}/callback`;
      const {id} = await givenRegisteredApplication(client, owner, {
        redirectUris: [redirectUri],
        allowedOrigins: [origin],
      });
      return {id, redirectUri};
    }

    it("admits an application's origins once its owner signed in through it", async () => {
      const owner = await givenFacebookUser();
      const origin = givenOrigin();
      const spa = await givenApplication(owner, origin);
      await expectRefused(origin);

      // The fake Facebook still signs in as the owner.
      await signInThrough(client, spa);
      const res = await preflight(origin).expect(204);
      expect(res.headers['access-control-allow-origin']).to.equal(origin);
      const shown = await client
        .get(`/applications/${spa.id}`)
        .set('Authorization', owner.auth)
        .expect(200);
      expect(shown.body.verifiedOrigins).to.eql([origin]);
      expect(shown.body.originsVerifiedAt).to.be.a.String();
    });

    it('does not count a sign-in by someone else than the owner', async () => {
      const owner = await givenFacebookUser();
      const origin = givenOrigin();
      const spa = await givenApplication(owner, origin);
      world.fb.signInAs({id: `fb-${randomUUID()}`, name: 'Stranger'});
      await signInThrough(client, spa);
      await expectRefused(origin);
    });

    it('admits origins an admin approves; an owner cannot approve their own', async () => {
      const owner = await givenCaller(app);
      const admin = await givenCaller(app, {admin: true});
      const origin = givenOrigin();
      const spa = await givenApplication(owner, origin);
      const refused = await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', owner.auth)
        .send({verifiedOrigins: [origin]})
        .expect(403);
      expect(refused.body.error.code).to.equal('FORBIDDEN');
      await expectRefused(origin);

      const stray = await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', admin.auth)
        .send({verifiedOrigins: ['https://not-listed.example.com']})
        .expect(400);
      expect(stray.body.error.code).to.equal('INVALID_ORIGIN');

      await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', admin.auth)
        .send({verifiedOrigins: [origin]})
        .expect(200);
      await preflight(origin).expect(204);
    });

    it('makes an origin added later, or removed and added back, wait for new proof', async () => {
      const owner = await givenFacebookUser();
      const first = givenOrigin();
      const spa = await givenApplication(owner, first);
      await signInThrough(client, spa);
      await preflight(first).expect(204);

      const added = givenOrigin();
      const patched = await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', owner.auth)
        .send({allowedOrigins: [first, added]})
        .expect(200);
      expect(patched.body.verifiedOrigins).to.eql([first]);
      await expectRefused(added);
      await preflight(first).expect(204);

      await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', owner.auth)
        .send({allowedOrigins: [added]})
        .expect(200);
      await expectRefused(first);
      await client
        .patch(`/applications/${spa.id}`)
        .set('Authorization', owner.auth)
        .send({allowedOrigins: [first, added]})
        .expect(200);
      await expectRefused(first);
      await expectRefused(added);

      await signInThrough(client, spa);
      await preflight(first).expect(204);
      await preflight(added).expect(204);
    });
  });
}
