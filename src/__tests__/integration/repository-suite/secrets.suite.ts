import {expect} from '@loopback/testlab';
import {
  givenApplication,
  givenIdentity,
  givenSession,
  givenUser,
  SuiteContext,
  uid,
} from './helpers';

export function secretTests(ctx: SuiteContext): void {
  describe('secret-bearing properties', () => {
    it('are stored and readable, but absent from toJSON', async () => {
      const user = await givenUser(ctx);
      const app = await givenApplication(ctx, {
        type: 'confidential',
        secretHash: 'app-secret-hash',
      });
      const {repos} = ctx;
      const cases: [object, string][] = [
        [await repos.passwords.create({userId: user.id, hash: 'phc'}), 'hash'],
        [await repos.applications.findById(app.id), 'secretHash'],
        [await givenSession(ctx, user.id, app.id), 'refreshTokenHash'],
        [
          await repos.emailTokens.create({
            userId: user.id,
            purpose: 'reset',
            tokenHash: `digest-${uid()}`,
            expiresAt: new Date(ctx.clock.now()),
          }),
          'tokenHash',
        ],
        [
          await repos.signingKeys.create({
            kid: `kid-${uid()}`,
            alg: 'EdDSA',
            publicJwk: {kty: 'OKP'},
            privateJwk: 'encrypted-private-jwk',
          }),
          'privateJwk',
        ],
        [
          await givenIdentity(ctx, user.id, {credentials: {token: 'enc'}}),
          'credentials',
        ],
        [
          await repos.userCredentials.create({
            userId: user.id,
            provider: 'github',
            authScheme: 'oauth2',
            externalId: uid(),
            profile: {},
            credentials: {token: 'enc'},
          }),
          'credentials',
        ],
        [
          await repos.applicationCredentials.create({
            applicationId: app.id,
            provider: 'google',
            authScheme: 'oauth2',
            credentials: {clientSecret: 'enc'},
          }),
          'credentials',
        ],
      ];
      const nameOf = ([entity, property]: [object, string]) =>
        `${entity.constructor.name}.${property}`;
      const unreadable = cases.filter(([entity, property]) => {
        return (entity as Record<string, unknown>)[property] === undefined;
      });
      const leaked = cases.filter(([entity, property]) => {
        return property in JSON.parse(JSON.stringify(entity));
      });
      expect(unreadable.map(nameOf)).to.eql([]);
      expect(leaked.map(nameOf)).to.eql([]);
    });

    it('stay hidden inside included relations', async () => {
      const user = await givenUser(ctx);
      await ctx.repos.users
        .passwordCredential(user.id)
        .create({hash: 'phc-string'});
      const found = await ctx.repos.users.findById(user.id, {
        include: ['passwordCredential'],
      });
      expect(found.passwordCredential?.hash).to.equal('phc-string');
      const json = JSON.parse(JSON.stringify(found));
      expect(json.passwordCredential).to.have.property('userId', user.id);
      expect(json.passwordCredential).to.not.have.property('hash');
    });
  });
}
