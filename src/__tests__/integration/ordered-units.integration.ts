import {juggler} from '@loopback/repository';
import {createStubInstance, expect, sinon} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {UnitOfWork} from '../../repositories';
import {AuditService} from '../../services/platform/audit.service';
import {ManualClock} from '../fixtures/manual-clock';
import {ProviderAccountWriter} from '../../services/providers/flows/provider-account-writer';
import {ProviderSignInService} from '../../services/providers/flows/provider-sign-in.service';
import {SecretBox} from '../../services/platform/secret-box.service';
import {givenEmail} from '../fixtures/accounts';
import {TEST_APP_SECRET} from '../fixtures/app';
import {givenRepositories, Repositories} from '../fixtures/repositories';
import {
  givenProviderEntry,
  givenWritesFailAfter,
} from '../fixtures/write-faults';

/**
 * Units without transactions, as on MongoDB (no server here): juggler's
 * plain memory connector has none either, so UnitOfWork orders and undoes.
 */
describe('units of work without transactions (MongoDB order)', () => {
  let repos: Repositories;
  let clock: ManualClock;
  let signIn: ProviderSignInService;

  beforeEach(async () => {
    clock = new ManualClock(Date.parse('2030-01-01T00:00:00Z'));
    const dataSource = new juggler.DataSource({
      name: 'db',
      connector: 'memory',
    });
    repos = await givenRepositories(dataSource, clock);
    const units = new UnitOfWork(dataSource);
    expect(units.transactional).to.be.false();
    const writer = new ProviderAccountWriter(
      repos.identities,
      repos.userCredentials,
      new SecretBox(TEST_APP_SECRET),
      units,
      repos.users,
      clock,
    );
    signIn = new ProviderSignInService(
      repos.users,
      repos.identities,
      writer,
      createStubInstance(AuditService),
      clock,
      units,
    );
  });
  afterEach(() => sinon.restore());

  function attempt(profile: {externalId: string; email: string}) {
    return signIn.signIn(
      givenProviderEntry(),
      {...profile, emailVerified: true},
      {accessToken: 'provider-access-token'},
      {mode: 'login', applicationId: 'web'},
    );
  }

  it('provider sign-up writes the identity and credential first, the user last', async () => {
    const profile = {externalId: randomUUID(), email: givenEmail()};
    const created = sinon.spy(repos.users, 'create');
    const identity = sinon.spy(repos.identities, 'create');
    const credential = sinon.spy(repos.userCredentials, 'create');
    await attempt(profile);
    sinon.assert.callOrder(identity, credential, created);
  });

  it('undoes the identity when the sign-up fails after it', async () => {
    const profile = {externalId: randomUUID(), email: givenEmail()};
    sinon.stub(repos.users, 'create').rejects(new Error('injected fault'));
    await expect(attempt(profile)).to.be.rejectedWith('injected fault');
    expect(await repos.identities.count()).to.eql({count: 0});
    expect(await repos.userCredentials.count()).to.eql({count: 0});
  });

  it('a crash before the user leaves nothing visible once the identity is a minute old', async () => {
    const profile = {externalId: randomUUID(), email: givenEmail()};
    // The node dies after the identity: neither the rest nor the undo runs.
    givenWritesFailAfter(1);
    await expect(attempt(profile)).to.be.rejected();
    sinon.restore();
    expect(await repos.users.findByEmail(profile.email)).to.be.null();
    expect(await repos.identities.count()).to.eql({count: 1});

    clock.advance(61_000);
    const result = await attempt(profile);
    expect(result).to.containDeep({
      created: true,
      user: {email: profile.email},
    });
    expect(await repos.identities.count()).to.eql({count: 1});
  });
});
