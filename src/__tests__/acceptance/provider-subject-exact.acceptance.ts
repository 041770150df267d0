import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {UserIdentityRepository} from '../../repositories';
import {
  FlowWorld,
  givenFlowWorld,
  returnFrom,
  signInWith,
  startLogin,
} from '../fixtures/provider-flows';

/**
 * A provider's subject is the key its identity is found by: kept exactly
 * as sent or refused, never trimmed or cut, so two people at the provider
 * never become one account here.
 */
describe('Provider subjects are kept exactly (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  /** Signs in at Google as `sub`; where the service sent the browser. */
  async function signInAs(sub: string): Promise<URL> {
    world.google.signInAs({sub, email: `${randomUUID()}@x.example`});
    return returnFrom(
      world.client,
      await startLogin(world.client, 'google-login'),
    );
  }

  async function identitiesStartingWith(prefix: string) {
    const repo = await world.app.getRepository(UserIdentityRepository);
    const all = await repo.find({where: {provider: 'google'}});
    return all.filter(i => i.externalId.startsWith(prefix.slice(0, 200)));
  }

  it('two subjects sharing their first 256 characters are not one identity: both refused', async () => {
    const shared = `${randomUUID()}-`.padEnd(256, 'x');
    for (const sub of [`${shared}1`, `${shared}2`]) {
      const location = await signInAs(sub);
      expect(location.searchParams.get('error')).to.equal('provider_error');
      expect(location.searchParams.get('error_description')).to.match(
        /cannot keep exactly as sent/,
      );
      expect(location.searchParams.has('code')).to.be.false();
    }
    expect(await identitiesStartingWith(shared)).to.eql([]);
  });

  it('a subject of 256 characters is kept whole', async () => {
    const sub = `${randomUUID()}-`.padEnd(256, 'y');
    world.google.signInAs({sub});
    const tokens = await signInWith(world, 'google-login');
    const [identity, ...more] = await identitiesStartingWith(sub);
    expect(more).to.eql([]);
    expect(identity?.externalId).to.equal(sub);
    expect(identity?.userId).to.equal(tokens.user_id);
  });

  it('a subject with surrounding whitespace is refused, not trimmed onto the account of the bare one', async () => {
    const bare = `sub-${randomUUID()}`;
    world.google.signInAs({sub: bare});
    const owner = await signInWith(world, 'google-login');
    for (const padded of [` ${bare}`, `${bare} `, `${bare}\n`]) {
      const location = await signInAs(padded);
      expect(location.searchParams.get('error')).to.equal('provider_error');
      expect(location.searchParams.has('code')).to.be.false();
    }
    const identities = await identitiesStartingWith(bare);
    expect(identities.map(i => [i.externalId, i.userId])).to.eql([
      [bare, owner.user_id],
    ]);
  });
});
