import {BindingScope, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {
  PasswordCredentialRepository,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../repositories';
import {RequestContext} from '../strategies/request-context';
import {ApplicationOwnershipService} from './application-ownership.service';
import {AuditService} from './audit.service';
import {EmailTokenService} from './email-token.service';
import {PasswordChangeService} from './password-change.service';
import {SessionService} from './session.service';

/**
 * Deletes a user's own account and everything hanging off it, its client
 * applications included. Sessions are revoked but their rows kept until
 * they expire: the revocation must outlive a restart of a node with the
 * in-process store, and it is restored from those rows.
 */
@injectable({scope: BindingScope.SINGLETON})
export class AccountDeletionService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(IdentityBindings.PASSWORD_CHANGE_SERVICE)
    private passwordChange: PasswordChangeService,
    @inject(IdentityBindings.EMAIL_TOKEN_SERVICE)
    private emailTokens: EmailTokenService,
    @inject(IdentityBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(IdentityBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(IdentityBindings.APPLICATION_OWNERSHIP_SERVICE)
    private ownership: ApplicationOwnershipService,
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
    // deleted again. Then sessions: if a later step fails the user is
    // signed out everywhere but can sign in again and retry; the user row
    // goes next so the account is gone even if removing what hangs off it
    // fails midway.
    const applications = await this.ownership.releaseOwnedBy(userId);
    const revoked = await this.sessions.revokeAllForUser(
      userId,
      'account_deleted',
    );
    await this.users.deleteById(userId);
    await this.passwords.deleteAll({userId});
    await this.identities.deleteAll({userId});
    await this.credentials.deleteAll({userId});
    await this.emailTokens.deleteAllForUser(userId);
    await this.audit.record('user.deleted', {
      userId,
      context,
      details: {sessionsRevoked: revoked, applications},
    });
  }
}
