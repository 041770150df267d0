import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {RequestContext} from '../../strategies/request-context';
import {AbuseBindings} from '../abuse/keys';
import {LoginLockoutService} from '../abuse/login-lockout.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {standInUserId} from '../accounts/login.service';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {ProviderSignInService} from '../providers/flows/provider-sign-in.service';
import {ProviderBindings} from '../providers/keys';
import {AMR} from '../tokens/authentication-methods';
import {ClientRefusal, ClientRuleService} from '../tokens/client-rule.service';
import {TokenBindings} from '../tokens/keys';
import {SessionService, TokenResponse} from '../tokens/session.service';
import {EnterpriseBindings} from './keys';
import {directoryProfile} from './ldap-attributes';
import {LdapDirectory} from './ldap-directory';

export interface DirectoryLogin {
  username: string;
  password: string;
  /** The client application to open the session for; `web` by default. */
  clientId?: string;
}

/**
 * `POST /auth/{name}/login` of an LDAP entry: the directory checks the
 * password (search-then-bind), the linking rules find or create the user,
 * rolesFromGroups sets the directory's roles, and a session opens through
 * the second-factor gate. Guessing is stopped as for local passwords: wrong
 * passwords count per IP (`RATE_LIMITED`) and per entry and username
 * (progressive lock-out, answered with the same INVALID_CREDENTIALS and
 * without asking the directory, which keeps its own lock-out untouched).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: EnterpriseBindings.LDAP_LOGIN_SERVICE},
})
export class LdapLoginService {
  constructor(
    @inject(SharedBindings.LDAP_ENTRIES) private entries: readonly LdapEntry[],
    @inject(EnterpriseBindings.LDAP_DIRECTORY) private directory: LdapDirectory,
    @inject(ProviderBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIn: ProviderSignInService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(AbuseBindings.LOGIN_LOCKOUT_SERVICE)
    private lockout: LoginLockoutService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** The LDAP entry named `name`; `PROVIDER_NOT_FOUND` without one. */
  entry(name: string): LdapEntry {
    const entry = this.entries.find(e => e.name === name);
    if (!entry) {
      throw new AppError('PROVIDER_NOT_FOUND', `No directory named ${name}.`);
    }
    return entry;
  }

  /**
   * A token response for a new session of the directory user. Throws
   * `INVALID_REQUEST` (unknown client), `RATE_LIMITED`,
   * `INVALID_CREDENTIALS` (one answer for unknown user, wrong or empty
   * password, a name matching several entries, and a lock-out),
   * `DIRECTORY_UNAVAILABLE` / `PROVIDER_ERROR` (nothing written), the
   * linking rules' errors (`ACCOUNT_EXISTS`, `ACCOUNT_DISABLED`) and
   * `MFA_REQUIRED`.
   */
  async login(
    entry: LdapEntry,
    credentials: DirectoryLogin,
    context: RequestContext = {},
  ): Promise<TokenResponse> {
    const applicationId = await this.checkClient(credentials.clientId);
    const username = credentials.username.trim();
    if (context.ip) {
      await this.limiter.assertUnder('password-failures:ip', context.ip);
    }
    const subjectId = standInUserId(`ldap:${entry.name}:${username}`);
    const locked = (await this.lockout.lockedFor(subjectId)) > 0;
    // An empty password never reaches the directory: to many directories
    // it is an anonymous bind, which "succeeds".
    const account =
      locked || !credentials.password
        ? undefined
        : await this.directory
            .authenticate(entry, username, credentials.password)
            .catch(async (err: unknown) => {
              const reason = (err as AppError).code ?? 'error';
              await this.recordFailure(entry, applicationId, reason, context);
              throw err;
            });
    if (!account) {
      await this.wrongPassword(
        entry,
        applicationId,
        subjectId,
        locked,
        context,
      );
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The username or the password is wrong.',
      );
    }
    await this.lockout.reset(subjectId);
    const {user} = await this.signIn.signIn(
      entry,
      {...directoryProfile(entry, account.entry), groups: account.groups},
      {},
      {mode: 'login', applicationId, context},
    );
    return this.sessions.start(user.id, {
      applicationId,
      authMethod: entry.name,
      amr: [AMR.password],
      ip: context.ip,
      userAgent: context.userAgent,
    });
  }

  private async wrongPassword(
    entry: LdapEntry,
    applicationId: string,
    subjectId: string,
    locked: boolean,
    context: RequestContext,
  ): Promise<void> {
    if (context.ip) {
      await this.limiter.penalize('password-failures:ip', context.ip);
    }
    // Guesses during a lock do not lengthen it.
    const lockSeconds = locked
      ? undefined
      : await this.lockout.recordFailure(subjectId);
    await this.recordFailure(
      entry,
      applicationId,
      lockSeconds ? 'account_locked' : 'INVALID_CREDENTIALS',
      context,
    );
  }

  private async recordFailure(
    entry: LdapEntry,
    applicationId: string,
    reason: string,
    context: RequestContext,
  ): Promise<void> {
    await this.audit.record('login.failed', {
      applicationId,
      context,
      details: {authMethod: entry.name, reason},
    });
  }

  /** The client id to open the session for (`web` by default). */
  private async checkClient(clientId = WEB_CLIENT_ID): Promise<string> {
    const client = await this.clients.lookup(clientId);
    if (client instanceof ClientRefusal) {
      throw new AppError(
        'INVALID_REQUEST',
        'client_id does not name an enabled client application.',
      );
    }
    return client.id;
  }
}
