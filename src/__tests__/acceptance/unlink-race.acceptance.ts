import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {
  FlowWorld,
  givenFlowWorld,
  returnFrom,
  signInWith,
  startLink,
} from '../fixtures/provider-flows';

describe('simultaneous unlinks (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  const bearer = (token: string) => `Bearer ${token}`;

  /** A user without a password whose two sign-in methods are providers. */
  async function givenUserWithTwoProviders() {
    world.facebook.signInAs({id: randomUUID()});
    const {access_token: token} = await signInWith(world, 'facebook-login');
    world.google.signInAs({sub: randomUUID()});
    await returnFrom(
      world.client,
      await startLink(world.client, 'google-login', token),
    );
    const res = await world.client
      .get('/users/me/identities')
      .set('Authorization', bearer(token))
      .expect(200);
    expect(res.body).to.have.length(2);
    return {token, identityIds: res.body.map((i: {id: string}) => i.id)};
  }

  it('never removes both of the last two sign-in methods', async () => {
    const {token, identityIds} = await givenUserWithTwoProviders();

    const answers = await Promise.all(
      identityIds.map((id: string) =>
        world.client
          .delete(`/users/me/identities/${id}`)
          .set('Authorization', bearer(token)),
      ),
    );

    const statuses = answers.map(a => a.status).sort();
    expect(statuses).to.eql([204, 409]);
    const refused = answers.find(a => a.status === 409)!;
    // The loser either saw the winner's unlink, or gave up waiting.
    expect(['LAST_LOGIN_METHOD', 'CONFLICT']).to.containEql(
      refused.body.error.code,
    );
    const left = await world.client
      .get('/users/me/identities')
      .set('Authorization', bearer(token))
      .expect(200);
    expect(left.body).to.have.length(1);
  });

  it('of two unlinks started at once in process, exactly one passes', async () => {
    // Without HTTP in between the interleaving is reliable: both calls
    // count two methods before either deletes, unless they are serialised.
    const {token, identityIds} = await givenUserWithTwoProviders();
    const me = await world.client
      .get('/users/me')
      .set('Authorization', bearer(token))
      .expect(200);
    const accounts = await world.app.get(
      IdentityBindings.LINKED_ACCOUNTS_SERVICE,
    );
    const outcomes = await Promise.allSettled(
      identityIds.map((id: string) => accounts.unlink(me.body.id, id)),
    );
    expect(outcomes.map(o => o.status).sort()).to.eql([
      'fulfilled',
      'rejected',
    ]);
    const refused = outcomes.find(o => o.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).to.containDeep({
      code: 'LAST_LOGIN_METHOD',
    });
    expect(await accounts.listIdentities(me.body.id)).to.have.length(1);
  });

  it('a lock held elsewhere makes an unlink wait, then answer 409 CONFLICT', async () => {
    const {token, identityIds} = await givenUserWithTwoProviders();
    const me = await world.client
      .get('/users/me')
      .set('Authorization', bearer(token))
      .expect(200);
    const locks = await world.app.get(IdentityBindings.STORE_LOCK_SERVICE);

    // Another node holding this user's lock for longer than a request waits.
    let release!: () => void;
    const held = new Promise<void>(resolve => (release = resolve));
    const holding = locks.withLock(`sign-in-methods:${me.body.id}`, () => held);
    try {
      const res = await world.client
        .delete(`/users/me/identities/${identityIds[0]}`)
        .set('Authorization', bearer(token))
        .expect(409);
      expect(res.body.error.code).to.equal('CONFLICT');
    } finally {
      release();
      await holding;
    }
    // Released: the same unlink now goes through.
    await world.client
      .delete(`/users/me/identities/${identityIds[0]}`)
      .set('Authorization', bearer(token))
      .expect(204);
  });
});
