import {
  createStubInstance,
  expect,
  sinon,
  StubbedInstanceWithSinonAccessor,
} from '@loopback/testlab';
import {User} from '../../models';
import {PasswordCredentialRepository, UserRepository} from '../../repositories';
import {AccountService} from '../../services/account.service';
import {AuditService} from '../../services/audit.service';
import {EmailFlowService} from '../../services/email-flow.service';
import {EmailChangeService} from '../../services/email-change.service';
import {createLogger} from '../../services/logger';
import {PasswordService} from '../../services/password.service';

describe('AccountService (unit)', () => {
  let users: StubbedInstanceWithSinonAccessor<UserRepository>;
  let passwords: StubbedInstanceWithSinonAccessor<PasswordCredentialRepository>;
  let emailFlow: StubbedInstanceWithSinonAccessor<EmailFlowService>;
  let service: AccountService;

  beforeEach(givenService);

  it('removes the user when its password cannot be stored', async () => {
    passwords.stubs.create.rejects(new Error('disk full'));
    await expect(
      service.signUp({email: 'a@example.com', password: 'a fine passphrase'}),
    ).to.be.rejectedWith('disk full');
    sinon.assert.calledOnceWithExactly(users.stubs.deleteById, 'u1');
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
    expect(user.id).to.equal('u1');
  });

  function givenService() {
    users = createStubInstance(UserRepository);
    users.stubs.findByEmail.resolves(null);
    users.stubs.create.callsFake(
      async data => new User({...data, id: 'u1'} as Partial<User>),
    );
    users.stubs.deleteById.resolves();
    passwords = createStubInstance(PasswordCredentialRepository);
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
    );
  }
});
