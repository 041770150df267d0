import {expect} from '@loopback/testlab';
import {
  givenApplication,
  givenIdentity,
  givenSession,
  givenUser,
  SuiteContext,
  uid,
} from './helpers';

export function relationTests(ctx: SuiteContext): void {
  describe('relations', () => {
    it('User hasMany identities, UserIdentity belongsTo user', async () => {
      const user = await givenUser(ctx);
      const identity = await ctx.repos.users.identities(user.id).create({
        provider: 'google',
        authScheme: 'openid connect',
        externalId: uid(),
        profile: {name: 'Ada'},
      });
      expect(identity.userId).to.equal(user.id);

      const found = await ctx.repos.users.findById(user.id, {
        include: ['identities'],
      });
      expect(found.identities.map(i => i.id)).to.eql([identity.id]);
      const back = await ctx.repos.identities.findById(identity.id, {
        include: ['user'],
      });
      expect(back.user?.id).to.equal(user.id);
      expect((await ctx.repos.identities.user(identity.id)).id).to.equal(
        user.id,
      );
    });

    it('User hasMany credentials, UserCredential belongsTo user', async () => {
      const user = await givenUser(ctx);
      const credential = await ctx.repos.users.credentials(user.id).create({
        provider: 'github',
        authScheme: 'oauth2',
        externalId: uid(),
        profile: {},
        credentials: {accessToken: 'encrypted'},
      });
      const found = await ctx.repos.users.findOne({
        where: {id: user.id},
        include: ['credentials'],
      });
      expect(found?.credentials.map(c => c.id)).to.eql([credential.id]);
      const back = await ctx.repos.userCredentials.findById(credential.id, {
        include: ['user'],
      });
      expect(back.user?.email).to.equal(user.email);
    });

    it('User hasOne passwordCredential, which belongsTo user', async () => {
      const user = await givenUser(ctx);
      await ctx.repos.users
        .passwordCredential(user.id)
        .create({hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'});
      const password = await ctx.repos.users.passwordCredential(user.id).get();
      expect(password.userId).to.equal(user.id);

      const found = await ctx.repos.users.findById(user.id, {
        include: ['passwordCredential'],
      });
      expect(found.passwordCredential?.id).to.equal(password.id);
      const back = await ctx.repos.passwords.findById(password.id, {
        include: ['user'],
      });
      expect(back.user?.id).to.equal(user.id);
    });

    it('User hasMany sessions, Session belongsTo user and application', async () => {
      const user = await givenUser(ctx);
      const app = await givenApplication(ctx);
      const session = await givenSession(ctx, user.id, app.id);
      const through = await ctx.repos.users.sessions(user.id).find();
      expect(through.map(s => s.id)).to.eql([session.id]);

      const found = await ctx.repos.users.findById(user.id, {
        include: ['sessions'],
      });
      expect(found.sessions.map(s => s.id)).to.eql([session.id]);
      const back = await ctx.repos.sessions.findById(session.id, {
        include: ['user', 'application'],
      });
      expect(back.user?.id).to.equal(user.id);
      expect(back.application?.id).to.equal(app.id);
    });

    it('Application hasMany credentials, which belong to it', async () => {
      const app = await givenApplication(ctx, {type: 'confidential'});
      const credential = await ctx.repos.applications
        .credentials(app.id)
        .create({
          provider: 'google',
          authScheme: 'oauth2',
          credentials: {clientID: 'id', clientSecret: 'encrypted'},
        });
      expect(credential.applicationId).to.equal(app.id);

      const found = await ctx.repos.applications.findById(app.id, {
        include: ['credentials'],
      });
      expect(found.credentials.map(c => c.id)).to.eql([credential.id]);
      const back = await ctx.repos.applicationCredentials.findById(
        credential.id,
        {include: ['application']},
      );
      expect(back.application?.name).to.equal(app.name);
    });

    it('patches through a relation with timestamps and checks', async () => {
      const user = await givenUser(ctx);
      const identity = await givenIdentity(ctx, user.id);
      ctx.clock.advance(1000);
      await ctx.repos.users
        .identities(user.id)
        .patch({profile: {name: 'New'}}, {id: identity.id});
      const stored = await ctx.repos.identities.findById(identity.id);
      expect(stored.profile).to.eql({name: 'New'});
      expect(stored.modified).to.eql(new Date(ctx.clock.now()));
    });
  });
}
