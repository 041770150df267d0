import {expect} from '@loopback/testlab';
import {Consent} from '../../../models';
import {
  expectConflict,
  givenApplication,
  givenUser,
  SuiteContext,
  uid,
  UUID_PATTERN,
} from './helpers';

export function oidcTests(ctx: SuiteContext): void {
  describe('OpenID Provider data: resources, consents, application settings', () => {
    function givenResource(data: object = {}) {
      return ctx.repos.resources.create({
        identifier: `https://api-${uid()}.example.com`,
        name: 'Orders API',
        scopes: ['orders:read', '__proto__', 'constructor'],
        ...data,
      });
    }

    async function givenConsent(
      userId: string,
      applicationId: string,
    ): Promise<Consent> {
      return ctx.repos.consents.create({
        userId,
        applicationId,
        scopes: ['openid', 'orders:read'],
        resources: ['https://orders.example.com'],
      });
    }

    it('stores a resource with a UUID, timestamps, its scopes and lifetime', async () => {
      const resource = await givenResource({accessTokenTtl: 300});
      expect(resource.id).to.match(UUID_PATTERN);
      const stored = await ctx.repos.resources.findById(resource.id);
      expect(stored.scopes).to.eql(['orders:read', '__proto__', 'constructor']);
      expect(stored.accessTokenTtl).to.equal(300);
      expect(stored.created).to.eql(new Date(ctx.clock.now()));
      // A prototype name stored as a scope is data, not a property.
      expect(Object.getPrototypeOf(stored.scopes)).to.equal(Array.prototype);
    });

    it('clears a lifetime with null', async () => {
      const resource = await givenResource({accessTokenTtl: 300});
      await ctx.repos.resources.updateById(resource.id, {
        accessTokenTtl: null as unknown as undefined,
      });
      const stored = await ctx.repos.resources.findById(resource.id);
      expect(stored.accessTokenTtl ?? undefined).to.be.undefined();
    });

    it('Resource.identifier: RESOURCE_EXISTS on create and update', async () => {
      const taken = await givenResource();
      const other = await givenResource();
      await expectConflict(
        givenResource({identifier: taken.identifier}),
        'RESOURCE_EXISTS',
      );
      await expectConflict(
        ctx.repos.resources.updateById(other.id, {
          identifier: taken.identifier,
        }),
        'RESOURCE_EXISTS',
      );
    });

    it('Consent(userId, applicationId): DUPLICATE_KEY; one per pair', async () => {
      const user = await givenUser(ctx);
      const app = await givenApplication(ctx);
      const otherApp = await givenApplication(ctx);
      const consent = await givenConsent(user.id, app.id);
      expect(consent.id).to.match(UUID_PATTERN);
      await expectConflict(givenConsent(user.id, app.id), 'DUPLICATE_KEY');
      const second = await givenConsent(user.id, otherApp.id);
      await expectConflict(
        ctx.repos.consents.updateById(second.id, {applicationId: app.id}),
        'DUPLICATE_KEY',
      );
      const stored = await ctx.repos.consents.findById(consent.id);
      expect(stored.scopes).to.eql(['openid', 'orders:read']);
      expect(stored.resources).to.eql(['https://orders.example.com']);
    });

    it("deletes a user's consents through the relation, and only theirs", async () => {
      const [user, other] = [await givenUser(ctx), await givenUser(ctx)];
      const [a, b] = [await givenApplication(ctx), await givenApplication(ctx)];
      await givenConsent(user.id, a.id);
      await givenConsent(user.id, b.id);
      const kept = await givenConsent(other.id, a.id);
      await ctx.repos.users.consents(user.id).delete();
      expect(await ctx.repos.consents.count({userId: user.id})).to.eql({
        count: 0,
      });
      expect(await ctx.repos.consents.exists(kept.id)).to.be.true();
    });

    it("deletes an application's consents through the relation, and only its", async () => {
      const [user, other] = [await givenUser(ctx), await givenUser(ctx)];
      const [a, b] = [await givenApplication(ctx), await givenApplication(ctx)];
      await givenConsent(user.id, a.id);
      await givenConsent(other.id, a.id);
      const kept = await givenConsent(user.id, b.id);
      await ctx.repos.applications.consents(a.id).delete();
      expect(await ctx.repos.consents.count({applicationId: a.id})).to.eql({
        count: 0,
      });
      expect(await ctx.repos.consents.exists(kept.id)).to.be.true();
    });

    it('gives a new application the default grants and empty OpenID settings', async () => {
      const app = await givenApplication(ctx);
      const stored = await ctx.repos.applications.findById(app.id);
      expect(stored).to.containDeep({
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: [],
        postLogoutRedirectUris: [],
      });
      expect(stored.idTokenSignedResponseAlg ?? undefined).to.be.undefined();
      await ctx.repos.applications.updateById(app.id, {
        grantTypes: ['client_credentials'],
        scopes: ['orders:read'],
        postLogoutRedirectUris: ['https://app.example.com/bye'],
        idTokenSignedResponseAlg: 'ES256',
      });
      expect(await ctx.repos.applications.findById(app.id)).to.containDeep({
        grantTypes: ['client_credentials'],
        scopes: ['orders:read'],
        postLogoutRedirectUris: ['https://app.example.com/bye'],
        idTokenSignedResponseAlg: 'ES256',
      });
    });
  });
}
