import {expect} from '@loopback/testlab';
import {randomBytes} from 'node:crypto';
import {AppError} from '../../../errors';
import {givenUser, SuiteContext, uid, UUID_PATTERN} from './helpers';

export function crudTests(ctx: SuiteContext): void {
  describe('create, read, update', () => {
    it('generates a UUID id and stamps created and modified', async () => {
      const now = ctx.clock.now();
      const user = await givenUser(ctx);
      expect(user.id).to.match(UUID_PATTERN);
      expect(user.created).to.eql(new Date(now));
      expect(user.modified).to.eql(new Date(now));

      const stored = await ctx.repos.users.findById(user.id);
      expect(stored.id).to.equal(user.id);
      expect(stored.created).to.be.instanceOf(Date);
      expect(stored.created.getTime()).to.equal(now);
    });

    it('applies defaults and round-trips arrays, objects and dates', async () => {
      const lastLoginAt = new Date(ctx.clock.now() - 1000);
      const user = await givenUser(ctx, {lastLoginAt});
      const stored = await ctx.repos.users.findById(user.id);
      expect(stored).to.containDeep({
        emailVerified: false,
        disabled: false,
        roles: [],
      });
      expect(stored.lastLoginAt).to.eql(lastLoginAt);

      await ctx.repos.users.updateById(user.id, {roles: ['admin', 'staff']});
      expect((await ctx.repos.users.findById(user.id)).roles).to.eql([
        'admin',
        'staff',
      ]);

      const event = await ctx.repos.auditEvents.create({
        type: 'test.event',
        details: {nested: {list: [1, 2]}, flag: true},
      });
      const storedEvent = await ctx.repos.auditEvents.findById(event.id);
      expect(storedEvent.details).to.eql({nested: {list: [1, 2]}, flag: true});
    });

    it('keeps created and moves modified on update', async () => {
      const user = await givenUser(ctx);
      ctx.clock.advance(60_000);
      const later = new Date(ctx.clock.now());
      await ctx.repos.users.updateById(user.id, {
        name: 'Ada',
        created: new Date(0),
      });
      const stored = await ctx.repos.users.findById(user.id);
      expect(stored.name).to.equal('Ada');
      expect(stored.created).to.eql(user.created);
      expect(stored.modified).to.eql(later);
    });

    it('keeps created on replace and save', async () => {
      const user = await givenUser(ctx);
      ctx.clock.advance(60_000);
      const {id, email} = user;
      await ctx.repos.users.replaceById(id, {
        email,
        name: 'Replaced',
        created: new Date(0),
      });
      const replaced = await ctx.repos.users.findById(id);
      expect(replaced).to.containDeep({name: 'Replaced', roles: []});
      expect(replaced.created).to.eql(user.created);
      expect(replaced.modified).to.eql(new Date(ctx.clock.now()));

      replaced.name = 'Saved';
      const saved = await ctx.repos.users.save(replaced);
      expect(saved.name).to.equal('Saved');
      expect(saved.created).to.eql(user.created);
    });

    it('stores emails lower-case and finds them in any case', async () => {
      const tag = uid();
      const user = await ctx.repos.users.create({
        email: `Mixed.Case-${tag}@Example.COM`,
        username: `mixed-${tag}`,
      });
      expect(user.email).to.equal(`mixed.case-${tag}@example.com`);

      await ctx.repos.users.updateById(user.id, {
        email: `Other-${tag}@Example.com`,
      });
      const stored = await ctx.repos.users.findById(user.id);
      expect(stored.email).to.equal(`other-${tag}@example.com`);

      const byEmail = await ctx.repos.users.findByEmail(
        `OTHER-${tag}@EXAMPLE.COM`,
      );
      expect(byEmail?.id).to.equal(user.id);
      const byLogin = await ctx.repos.users.findByLogin(`mixed-${tag}`);
      expect(byLogin?.id).to.equal(user.id);
    });

    it('rejects properties the model does not define', async () => {
      const write = ctx.repos.users.create({
        email: `strict-${uid()}@example.com`,
        isAdmin: true,
      } as object);
      await expect(write).to.be.rejectedWith({name: 'ValidationError'});
    });

    it('keeps an id that looks like a MongoDB ObjectID a string', async () => {
      const objectIdLike = randomBytes(12).toString('hex');
      const key = await ctx.repos.signingKeys.create({
        id: objectIdLike,
        kid: `kid-${uid()}`,
        alg: 'EdDSA',
        publicJwk: {kty: 'OKP', crv: 'Ed25519', x: 'abc'},
        privateJwk: 'encrypted',
      });
      const stored = await ctx.repos.signingKeys.findById(objectIdLike);
      expect(typeof stored.id).to.equal('string');
      expect(stored.id).to.equal(key.id);
    });

    it('refuses to change an audit event', async () => {
      const event = await ctx.repos.auditEvents.create({
        type: 'login.succeeded',
        details: {},
      });
      const err = await ctx.repos.auditEvents
        .updateById(event.id, {type: 'rewritten'})
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(AppError);
      expect((await ctx.repos.auditEvents.findById(event.id)).type).to.equal(
        'login.succeeded',
      );
    });
  });
}
