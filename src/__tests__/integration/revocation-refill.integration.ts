import {expect, sinon} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {SessionRepository, UserRepository} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {EphemeralStore} from '../../services/store/ephemeral-store';
import {RevocationService} from '../../services/tokens/revocation.service';
import {SessionService} from '../../services/tokens/session.service';
import {givenConfig} from '../fixtures/app';

const FILLED = 'revoked:filled';
const LOCK = 'lock:revoked:refill';

/**
 * The refill of a store that lost its revocation marks, on the in-process
 * store: what a Redis loss looks like to the service, minus the network.
 */
describe('RevocationService refill (integration)', () => {
  let app: IdentityApplication;
  let clock: ManualClock;
  let store: EphemeralStore;
  let sessions: SessionService;
  let revocations: RevocationService;
  let userId: string;

  before(async () => {
    clock = new ManualClock(Date.UTC(2030, 0, 1));
    app = new IdentityApplication(givenConfig(), {clock});
    await app.boot();
    await app.migrateSchema();
    await app.start();
    store = await app.get(IdentityBindings.STORE);
    sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    revocations = await app.get(IdentityBindings.REVOCATION_SERVICE);
    const users = await app.getRepository(UserRepository);
    userId = (await users.create({email: `r-${Date.now()}@example.com`})).id;
  });
  afterEach(() => sinon.restore());
  after(() => app.stop());

  /** A revoked and a live session, then the store loses both marks. */
  async function givenLostRevocation() {
    const revoked = await sessionId();
    const live = await sessionId();
    await sessions.revoke(revoked, 'logout');
    await store.delete(`revoked:session:${revoked}`);
    await store.delete(FILLED);
    return {revoked, live};
  }

  async function sessionId(): Promise<string> {
    const res = await sessions.start(userId, {
      applicationId: 'web',
      authMethod: 'password',
    });
    return res.refresh_token.split('.')[0]!;
  }

  it('refills the store from the database before answering', async () => {
    const {revoked, live} = await givenLostRevocation();
    expect(await revocations.isSessionRevoked(revoked)).to.be.true();
    expect(await revocations.isSessionRevoked(live)).to.be.false();
    expect(await store.get(FILLED)).to.be.a.String();
  });

  it('restores no mark past the access tokens’ lifetime', async () => {
    const {revoked} = await givenLostRevocation();
    clock.advance((900 + 61) * 1000);
    expect(await revocations.isSessionRevoked(revoked)).to.be.false();
  });

  it('restores the mark of a session whose tokens live longer (a resource’s lifetime), as long as they live', async () => {
    const res = await sessions.start(userId, {
      applicationId: 'web',
      authMethod: 'password',
      audience: {aud: 'https://api.example.com', scope: [], ttl: 3600},
    });
    const revoked = res.refresh_token.split('.')[0]!;
    await sessions.revoke(revoked, 'logout');
    clock.advance(20 * 60_000);
    expect(await revocations.isSessionRevoked(revoked)).to.be.true();
    await store.delete(`revoked:session:${revoked}`);
    await store.delete(FILLED);
    expect(await revocations.isSessionRevoked(revoked)).to.be.true();
    clock.advance((3600 + 61) * 1000 - 20 * 60_000);
    await store.delete(FILLED);
    expect(await revocations.isSessionRevoked(revoked)).to.be.false();
  });

  it('refills once for concurrent requests on one node', async () => {
    await givenLostRevocation();
    const find = sinon.spy(SessionRepository.prototype, 'find');
    const ids = await Promise.all([1, 2, 3].map(() => sessionId()));
    await Promise.all(ids.map(id => revocations.isSessionRevoked(id)));
    expect(find.callCount).to.equal(1);
  });

  it('waits for another node’s refill instead of refilling too', async () => {
    const {revoked} = await givenLostRevocation();
    await store.set(LOCK, 'another node', 15_000);
    const find = sinon.spy(SessionRepository.prototype, 'find');
    const answer = revocations.isSessionRevoked(revoked);
    await sleep(50);
    // The other node finishes: its marks, then the sentinel.
    await store.set(`revoked:session:${revoked}`, '1', 60_000);
    await store.set(FILLED, 'now', 60_000);
    expect(await answer).to.be.true();
    expect(find.called).to.be.false();
    await store.delete(LOCK);
  });

  it('fails closed when another node’s refill never finishes', async () => {
    const {revoked} = await givenLostRevocation();
    await store.set(LOCK, 'a node that died', 15_000);
    await expect(revocations.isSessionRevoked(revoked)).to.be.rejectedWith({
      code: 'SERVICE_UNAVAILABLE',
    });
    await store.delete(LOCK);
  });

  it('starts over when the store is emptied again during the refill', async () => {
    const {revoked} = await givenLostRevocation();
    const find = sinon.stub(SessionRepository.prototype, 'find');
    // A FLUSHALL while the database is read takes the lock with it.
    find.onFirstCall().callsFake(async function (
      this: SessionRepository,
      ...args
    ) {
      await store.delete(LOCK);
      return find.wrappedMethod.apply(this, args);
    });
    find.callThrough();
    expect(await revocations.isSessionRevoked(revoked)).to.be.true();
    expect(find.callCount).to.equal(2);
  });

  it('renewFilled refills a store that lost its data without waiting for a bearer request', async () => {
    const {revoked} = await givenLostRevocation();
    await revocations.renewFilled();
    expect(await store.get(`revoked:session:${revoked}`)).to.equal('1');
    expect(await store.get(FILLED)).to.be.a.String();
  });

  it('renewFilled refills ahead of the sentinel’s expiry, so it never lapses', async () => {
    await revocations.ensureFilled();
    await store.delete(FILLED);
    await revocations.renewFilled();
    const filledAt = await store.get(FILLED);
    const find = sinon.spy(SessionRepository.prototype, 'find');
    clock.advance(22 * 3600_000);
    await revocations.renewFilled();
    // Young enough: left alone, no query.
    expect({filled: await store.get(FILLED), queries: find.callCount}).to.eql({
      filled: filledAt,
      queries: 0,
    });
    clock.advance(3600_000 + 1);
    await revocations.renewFilled();
    expect(find.callCount).to.equal(1);
    expect(await store.get(FILLED)).to.equal(
      new Date(clock.now()).toISOString(),
    );
    // Past the first fill's day, the sentinel is still there.
    clock.advance(2 * 3600_000);
    expect(await store.get(FILLED)).to.be.a.String();
  });
});
