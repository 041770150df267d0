import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {
  MfaFactorRepository,
  PasswordCredentialRepository,
  RecoveryCodeRepository,
  UnitOfWork,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {ApplicationOwnershipService} from './application-ownership.service';
import {AuditService} from '../platform/audit.service';
import {EmailTokenService} from '../tokens/email-token.service';
import {PasswordChangeService} from './password-change.service';
import {SessionService} from '../tokens/session.service';

/**
 * Deletes a user's own account and everything hanging off it, its client
 * applications included. Sessions are revoked but their rows kept until
 * they expire: the revocation must outlive a restart of a node with the
 * in-process store, and it is restored from those rows.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.ACCOUNT_DELETION_SERVICE},
})
export class AccountDeletionService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(RecoveryCodeRepository)
    private recoveryCodes: RecoveryCodeRepository,
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(AccountBindings.PASSWORD_CHANGE_SERVICE)
    private passwordChange: PasswordChangeService,
    @inject(TokenBindings.EMAIL_TOKEN_SERVICE)
    private emailTokens: EmailTokenService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(AccountBindings.APPLICATION_OWNERSHIP_SERVICE)
    private ownership: ApplicationOwnershipService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
  ) {}

  /**
   * Deletes the account. An account with a password must confirm it
   * (`INVALID_CURRENT_PASSWORD` otherwise); one that only signs in through
   * providers needs no confirmation beyond being signed in.
   */
  async deleteOwnAccount(
    userId: string,
    password: string | undefined,
    context: RequestContext = {},
  ): Promise<void> {
    if (await this.passwordChange.hasPassword(userId)) {
      await this.passwordChange.confirmPassword(userId, password, context);
    }
    // Applications first: a failure there leaves the account whole, to be
    // deleted again. Then sessions, outside the unit: revoking is safe to
    // redo, so if the rest fails the user is signed out everywhere and can
    // sign in and retry. Then the account and what hangs off it go
    // together; without transactions (MongoDB) the user row goes first, so
    // what a crash leaves behind is unreachable (an identity left is
    // cleaned up at its next sign-in).
    const applications = await this.ownership.releaseOwnedBy(userId);
    const revoked = await this.sessions.revokeAllForUser(
      userId,
      'account_deleted',
    );
    await this.units.run(async ({options}) => {
      await this.users.deleteById(userId, options);
      await this.passwords.deleteAll({userId}, options);
      await this.identities.deleteAll({userId}, options);
      await this.credentials.deleteAll({userId}, options);
      await this.emailTokens.deleteAllForUser(userId, options);
      await this.users.consents(userId).delete(undefined, options);
      await this.factors.deleteAll({userId}, options);
      await this.recoveryCodes.deleteAll({userId}, options);
    });
    await this.audit.record('user.deleted', {
      userId,
      context,
      details: {sessionsRevoked: revoked, applications},
    });
  }
}
