import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {Consent} from '../../models';
import {ConsentRepository} from '../../repositories';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {BACKENDS, givenAppOn} from '../fixtures/client-sign-in';
import {GOOD_PASSWORD} from '../fixtures/guard';

/**
 * A consent names a user and an application: it goes when either does,
 * in the same unit as the rest of what hangs off them, and no other goes.
 */
for (const backend of BACKENDS) {
  describe(`Consents of deleted users and applications, ${backend.name} (acceptance)`, () => {
    let app: IdentityApplication;
    let client: Client;
    let dataDir: string;
    let admin: Caller;
    let consents: ConsentRepository;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      dataDir = givenDataDir();
      ({app, client} = await givenAppOn(
        {...backend.env, DATA_DIR: dataDir},
        {rateLimits: withoutRequestLimits()},
      ));
      admin = await givenCaller(app, {admin: true});
      consents = await app.getRepository(ConsentRepository);
    }
    after(async () => {
      await app?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    function givenConsent(
      user: Caller,
      applicationId: string,
    ): Promise<Consent> {
      return consents.create({
        userId: user.id,
        applicationId,
        scopes: ['openid', 'profile'],
        resources: [],
      });
    }

    /**
     * Two users, two applications of an owner, each user consented to
     * each; plus an application of the first user's own that the second
     * user consented to.
     */
    async function givenConsents() {
      const [ada, bob, owner] = [
        await givenCaller(app),
        await givenCaller(app),
        await givenCaller(app),
      ];
      const apps = [
        (await givenRegisteredApplication(client, owner)).id,
        (await givenRegisteredApplication(client, owner)).id,
      ];
      const adasOwn = (await givenRegisteredApplication(client, ada)).id;
      for (const user of [ada, bob]) {
        for (const id of apps) await givenConsent(user, id);
      }
      await givenConsent(bob, adasOwn);
      return {ada, bob, owner, apps, adasOwn};
    }

    async function remaining(where: object): Promise<number> {
      return (await consents.count(where)).count;
    }

    it("DELETE /users/me removes the user's consents and those given to their applications", async () => {
      const {ada, bob, apps, adasOwn} = await givenConsents();
      await client
        .delete('/users/me')
        .set('Authorization', ada.auth)
        .send({password: GOOD_PASSWORD})
        .expect(204);
      expect(await remaining({userId: ada.id})).to.equal(0);
      expect(await remaining({applicationId: adasOwn})).to.equal(0);
      // Bob's consents to the other owner's applications stay.
      expect(await remaining({userId: bob.id})).to.equal(2);
      expect(await remaining({applicationId: {inq: apps}})).to.equal(2);
    });

    it("an admin's DELETE /users/{id} does the same", async () => {
      const {ada, bob, adasOwn} = await givenConsents();
      await client
        .delete(`/users/${ada.id}`)
        .set('Authorization', admin.auth)
        .expect(204);
      expect(await remaining({userId: ada.id})).to.equal(0);
      expect(await remaining({applicationId: adasOwn})).to.equal(0);
      expect(await remaining({userId: bob.id})).to.equal(2);
    });

    it('keeps the consents of applications an admin transfers to another user', async () => {
      const {ada, bob, owner, adasOwn} = await givenConsents();
      await client
        .delete(`/users/${ada.id}`)
        .query({transferApplicationsTo: owner.id})
        .set('Authorization', admin.auth)
        .expect(204);
      expect(await remaining({userId: ada.id})).to.equal(0);
      expect(
        await remaining({applicationId: adasOwn, userId: bob.id}),
      ).to.equal(1);
    });

    it('DELETE /applications/{id} removes the consents given to it, and only those', async () => {
      const {ada, bob, owner, apps} = await givenConsents();
      await client
        .delete(`/applications/${apps[0]}`)
        .set('Authorization', owner.auth)
        .expect(204);
      expect(await remaining({applicationId: apps[0]})).to.equal(0);
      expect(await remaining({applicationId: apps[1]})).to.equal(2);
      expect(await remaining({userId: ada.id})).to.equal(1);
      expect(await remaining({userId: bob.id})).to.equal(2);
    });
  });
}
