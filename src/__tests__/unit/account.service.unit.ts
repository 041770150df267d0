import {
  createStubInstance,
  expect,
  sinon,
  StubbedInstanceWithSinonAccessor,
} from '@loopback/testlab';
import {User} from '../../models';
import {juggler} from '@loopback/repository';
import {
  PasswordCredentialRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {AccountService} from '../../services/accounts/account.service';
import {AuditService} from '../../services/platform/audit.service';
import {EmailFlowService} from '../../services/accounts/email-flow.service';
import {EmailChangeService} from '../../services/accounts/email-change.service';
import {createLogger} from '../../services/platform/logger';
import {PasswordService} from '../../services/accounts/password.service';

/** A datasource without transactions, as MongoDB's is to UnitOfWork. */
const MONGODB = {connector: {name: 'mongodb'}} as juggler.DataSource;

describe('AccountService (unit)', () => {
  let users: StubbedInstanceWithSinonAccessor<UserRepository>;
  let passwords: StubbedInstanceWithSinonAccessor<PasswordCredentialRepository>;
  let emailFlow: StubbedInstanceWithSinonAccessor<EmailFlowService>;
  let service: AccountService;

  beforeEach(givenService);

  // Without transactions (MongoDB) the order is what keeps a crash between
  // the two inserts invisible: a password no account points to.
  it('without transactions, writes the password before its user', async () => {
    await service.signUp({email: 'a@example.com', password: 'a fine one'});
    sinon.assert.callOrder(passwords.stubs.create, users.stubs.create);
    const [password] = passwords.stubs.create.firstCall.args;
    const [user] = users.stubs.create.firstCall.args;
    expect(password.userId).to.be.a.String().and.equal(user.id);
  });

  it('writes no user when its password cannot be stored', async () => {
    passwords.stubs.create.rejects(new Error('disk full'));
    await expect(
      service.signUp({email: 'a@example.com', password: 'a fine passphrase'}),
    ).to.be.rejectedWith('disk full');
    sinon.assert.notCalled(users.stubs.create);
    sinon.assert.notCalled(emailFlow.stubs.sendVerification);
  });

  it('without transactions, removes the password when the user cannot be stored', async () => {
    users.stubs.create.rejects(new Error('disk full'));
    await expect(
      service.signUp({email: 'a@example.com', password: 'a fine passphrase'}),
    ).to.be.rejectedWith('disk full');
    const [{userId}] = passwords.stubs.create.firstCall.args;
    sinon.assert.calledOnceWithExactly(passwords.stubs.deleteAll, {userId});
    sinon.assert.notCalled(emailFlow.stubs.sendVerification);
  });

  it('never copies roles, emailVerified or disabled from its input', async () => {
    await service.signUp({
      email: ' A@Example.com ',
      password: 'a fine passphrase',
      ...{roles: ['admin'], emailVerified: true, disabled: false},
    } as never);
    sinon.assert.calledWithMatch(users.stubs.create, {
      email: 'a@example.com',
      roles: [],
      emailVerified: false,
    });
  });

  it('still answers the user when the verification mail fails', async () => {
    emailFlow.stubs.sendVerification.rejects(new Error('smtp down'));
    const user = await service.signUp({
      email: 'b@example.com',
      password: 'a fine passphrase',
    });
    expect(user.email).to.equal('b@example.com');
  });

  function givenService() {
    users = createStubInstance(UserRepository);
    users.stubs.findByEmail.resolves(null);
    users.stubs.create.callsFake(
      async data => new User({...data} as Partial<User>),
    );
    passwords = createStubInstance(PasswordCredentialRepository);
    passwords.stubs.deleteAll.resolves({count: 1});
    emailFlow = createStubInstance(EmailFlowService);
    const audit = createStubInstance(AuditService);
    service = new AccountService(
      users,
      passwords,
      new PasswordService({memoryCost: 1024, timeCost: 1}),
      emailFlow,
      createStubInstance(EmailChangeService),
      audit,
      createLogger('silent'),
      new UnitOfWork(MONGODB),
    );
  }
});
