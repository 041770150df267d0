import {expect} from '@loopback/testlab';
import {AppError} from '../../../errors';
import {
  expectConflict,
  givenApplication,
  givenIdentity,
  givenUser,
  SuiteContext,
  uid,
} from './helpers';

export function uniquenessTests(ctx: SuiteContext): void {
  describe('unique keys', () => {
    it('User.email: EMAIL_TAKEN on create, case-insensitively', async () => {
      const user = await givenUser(ctx);
      await expectConflict(
        ctx.repos.users.create({email: user.email.toUpperCase()}),
        'EMAIL_TAKEN',
      );
    });

    it('User.email: EMAIL_TAKEN on update, replace and updateAll', async () => {
      const taken = await givenUser(ctx);
      const other = await givenUser(ctx);
      const {users} = ctx.repos;
      await expectConflict(
        users.updateById(other.id, {email: taken.email}),
        'EMAIL_TAKEN',
      );
      await expectConflict(
        users.replaceById(other.id, {email: taken.email}),
        'EMAIL_TAKEN',
      );
      await expectConflict(
        users.updateAll({email: taken.email}, {id: other.id}),
        'EMAIL_TAKEN',
      );
      expect((await users.findById(other.id)).email).to.equal(other.email);
    });

    it('User.email: many users may have none (provider sign-ins without one)', async () => {
      const first = await ctx.repos.users.create({name: `a-${uid()}`});
      const second = await ctx.repos.users.create({name: `b-${uid()}`});
      expect(first.email).to.be.undefined();
      expect(second.id).to.not.equal(first.id);
    });

    it('User.username: USERNAME_TAKEN; many users may have none', async () => {
      const username = `name-${uid()}`;
      const first = await givenUser(ctx, {username});
      await expectConflict(givenUser(ctx, {username}), 'USERNAME_TAKEN');
      const second = await givenUser(ctx);
      await givenUser(ctx);
      await expectConflict(
        ctx.repos.users.updateById(second.id, {username}),
        'USERNAME_TAKEN',
      );
      // Unchanged username on its own row is no conflict.
      await ctx.repos.users.updateById(first.id, {username, name: 'Same'});
    });

    it('User.username: USERNAME_TAKEN when updateAll gives two users one', async () => {
      const a = await givenUser(ctx);
      const b = await givenUser(ctx);
      await expectConflict(
        ctx.repos.users.updateAll(
          {username: `shared-${uid()}`},
          {id: {inq: [a.id, b.id]}},
        ),
        'USERNAME_TAKEN',
      );
    });

    it('UserIdentity(provider, externalId): IDENTITY_ALREADY_LINKED', async () => {
      const owner = await givenUser(ctx);
      const intruder = await givenUser(ctx);
      const linked = await givenIdentity(ctx, owner.id);
      const same = {provider: linked.provider, externalId: linked.externalId};
      await expectConflict(
        givenIdentity(ctx, intruder.id, same),
        'IDENTITY_ALREADY_LINKED',
      );
      // The same external id at another provider is another account.
      const other = await givenIdentity(ctx, intruder.id, {
        provider: 'gitlab',
        externalId: linked.externalId,
      });
      await expectConflict(
        ctx.repos.identities.updateById(other.id, {provider: linked.provider}),
        'IDENTITY_ALREADY_LINKED',
      );
    });

    it('UserCredential(userId, provider, externalId): DUPLICATE_KEY', async () => {
      const user = await givenUser(ctx);
      const otherUser = await givenUser(ctx);
      const data = {
        provider: 'github',
        authScheme: 'oauth2',
        externalId: uid(),
        profile: {},
      };
      await ctx.repos.users.credentials(user.id).create(data);
      await expectConflict(
        ctx.repos.users.credentials(user.id).create(data),
        'DUPLICATE_KEY',
      );
      const another = await ctx.repos.users
        .credentials(otherUser.id)
        .create(data);
      await expectConflict(
        ctx.repos.userCredentials.updateById(another.id, {userId: user.id}),
        'DUPLICATE_KEY',
      );
    });

    it('ApplicationCredential(applicationId, provider): DUPLICATE_KEY', async () => {
      const app = await givenApplication(ctx);
      const data = {authScheme: 'oauth2', credentials: {clientID: 'x'}};
      const credentials = ctx.repos.applications.credentials(app.id);
      await credentials.create({...data, provider: 'google'});
      await expectConflict(
        credentials.create({...data, provider: 'google'}),
        'DUPLICATE_KEY',
      );
      const github = await credentials.create({...data, provider: 'github'});
      await expectConflict(
        ctx.repos.applicationCredentials.updateById(github.id, {
          provider: 'google',
        }),
        'DUPLICATE_KEY',
      );
    });

    it('PasswordCredential.userId: DUPLICATE_KEY', async () => {
      const user = await givenUser(ctx);
      const other = await givenUser(ctx);
      await ctx.repos.passwords.create({userId: user.id, hash: 'h1'});
      await expectConflict(
        ctx.repos.passwords.create({userId: user.id, hash: 'h2'}),
        'DUPLICATE_KEY',
      );
      const second = await ctx.repos.passwords.create({
        userId: other.id,
        hash: 'h3',
      });
      await expectConflict(
        ctx.repos.passwords.updateById(second.id, {userId: user.id}),
        'DUPLICATE_KEY',
      );
    });

    it('SigningKey.kid: DUPLICATE_KEY', async () => {
      const key = {alg: 'EdDSA', publicJwk: {kty: 'OKP'}, privateJwk: 'enc'};
      const kid = `kid-${uid()}`;
      await ctx.repos.signingKeys.create({...key, kid});
      await expectConflict(
        ctx.repos.signingKeys.create({...key, kid}),
        'DUPLICATE_KEY',
      );
      const other = await ctx.repos.signingKeys.create({
        ...key,
        kid: `kid-${uid()}`,
      });
      await expectConflict(
        ctx.repos.signingKeys.updateById(other.id, {kid}),
        'DUPLICATE_KEY',
      );
    });

    it('EmailToken.tokenHash: DUPLICATE_KEY', async () => {
      const user = await givenUser(ctx);
      const token = {
        userId: user.id,
        purpose: 'verify' as const,
        expiresAt: new Date(ctx.clock.now() + 3600_000),
      };
      const tokenHash = `digest-${uid()}`;
      await ctx.repos.emailTokens.create({...token, tokenHash});
      await expectConflict(
        ctx.repos.emailTokens.create({...token, tokenHash}),
        'DUPLICATE_KEY',
      );
      const other = await ctx.repos.emailTokens.create({
        ...token,
        tokenHash: `digest-${uid()}`,
      });
      await expectConflict(
        ctx.repos.emailTokens.updateById(other.id, {tokenHash}),
        'DUPLICATE_KEY',
      );
    });

    it('20 concurrent sign-ups with one email: one user, 19 EMAIL_TAKEN', async () => {
      const email = `race-${uid()}@example.com`;
      const results = await Promise.allSettled(
        Array.from({length: 20}, (_, i) =>
          ctx.repos.users.create({email: i % 2 ? email.toUpperCase() : email}),
        ),
      );
      const created = results.filter(r => r.status === 'fulfilled');
      const codes = results.flatMap(r =>
        r.status === 'rejected' && r.reason instanceof AppError
          ? [r.reason.code]
          : [],
      );
      expect(created).to.have.length(1);
      expect(codes).to.eql(Array(19).fill('EMAIL_TAKEN'));
      expect(await ctx.repos.users.count({email})).to.eql({count: 1});
    });
  });
}
