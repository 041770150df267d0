import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {RequestContext} from '../../strategies/request-context';
import {AbuseBindings} from '../abuse/keys';
import {LoginLockoutService} from '../abuse/login-lockout.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {standInUserId} from '../accounts/login.service';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {MetricsService} from '../platform/metrics.service';
import {EnterpriseBindings} from './keys';
import {DirectoryAccount, LdapDirectory} from './ldap-directory';

/** A directory username and the password offered for it. */
export interface DirectoryCredentials {
  username: string;
  password: string;
}

/**
 * Records one refusal (an audit event of the caller's choosing): `reason`
 * is `INVALID_CREDENTIALS`, `account_locked`, or the code of the
 * directory's failure (`DIRECTORY_UNAVAILABLE`, `PROVIDER_ERROR`).
 */
export type RefusalRecorder = (reason: string) => Promise<void>;

/**
 * A directory password checked as a local one is: wrong passwords count
 * per IP (`RATE_LIMITED`) and per (entry, username), whose progressive
 * lock-out answers the same INVALID_CREDENTIALS without asking the
 * directory (its own lock-out policy stays untouched). Sign-in and linking
 * share it, so guesses through either spend the same budget.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: EnterpriseBindings.DIRECTORY_PASSWORD_SERVICE},
})
export class DirectoryPasswordService {
  constructor(
    @inject(SharedBindings.LDAP_ENTRIES) private entries: readonly LdapEntry[],
    @inject(EnterpriseBindings.LDAP_DIRECTORY) private directory: LdapDirectory,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(AbuseBindings.LOGIN_LOCKOUT_SERVICE)
    private lockout: LoginLockoutService,
    @inject(PlatformBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
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
   * The directory account whose password `credentials` holds. Throws
   * `RATE_LIMITED`, `INVALID_CREDENTIALS` (one answer for unknown user,
   * wrong or empty password, a name matching several entries, and a
   * lock-out), `DIRECTORY_UNAVAILABLE` and `PROVIDER_ERROR`; each refusal
   * goes to `refused` first. Writes nothing but the counts. With
   * `applicationId`, the server is that application's own (see
   * LdapLoginService), and so is the lock-out.
   */
  async verify(
    entry: LdapEntry,
    credentials: DirectoryCredentials,
    context: RequestContext,
    refused: RefusalRecorder,
    applicationId?: string,
  ): Promise<DirectoryAccount> {
    const username = credentials.username.trim();
    if (context.ip) {
      await this.limiter.assertUnder('password-failures:ip', context.ip);
    }
    const subjectId = lockSubject(entry, username, applicationId);
    const locked = (await this.lockout.lockedFor(subjectId)) > 0;
    // An empty password never reaches the directory: to many directories
    // it is an anonymous bind, which "succeeds".
    const account =
      locked || !credentials.password
        ? undefined
        : await this.directoryCall(entry, () =>
            this.directory.authenticate(entry, username, credentials.password),
          ).catch(async (err: unknown) => {
            await refused((err as AppError).code ?? 'error');
            throw err;
          });
    if (!account) {
      await this.wrongPassword(subjectId, locked, context, refused);
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The username or the password is wrong.',
      );
    }
    await this.lockout.reset(subjectId);
    return account;
  }

  /** Timed and counted in the metrics, by entry, when they are on. */
  private directoryCall<T>(entry: LdapEntry, call: () => Promise<T>) {
    return this.metrics
      ? this.metrics.upstreamCall('directory', entry.name, call)
      : call();
  }

  private async wrongPassword(
    subjectId: string,
    locked: boolean,
    context: RequestContext,
    refused: RefusalRecorder,
  ): Promise<void> {
    if (context.ip) {
      await this.limiter.penalize('password-failures:ip', context.ip);
    }
    // Guesses during a lock do not lengthen it.
    const lockSeconds = locked
      ? undefined
      : await this.lockout.recordFailure(subjectId);
    await refused(lockSeconds ? 'account_locked' : 'INVALID_CREDENTIALS');
  }
}

/**
 * The lock-out subject of `username`: guesses at an application's own
 * directory never lock the entry's users (or another application's) out.
 */
function lockSubject(
  entry: LdapEntry,
  username: string,
  applicationId?: string,
): string {
  return standInUserId(
    applicationId
      ? `ldap:${entry.name}:${applicationId}:${username}`
      : `ldap:${entry.name}:${username}`,
  );
}
