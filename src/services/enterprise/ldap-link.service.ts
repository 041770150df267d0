import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {LdapEntry} from '../../config/ldap-entry';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {ProviderSignInService} from '../providers/flows/provider-sign-in.service';
import {ProviderBindings} from '../providers/keys';
import {
  IdentityView,
  LinkedAccountsService,
} from '../providers/linking/linked-accounts.service';
import {
  DirectoryCredentials,
  DirectoryPasswordService,
} from './directory-password.service';
import {EnterpriseBindings} from './keys';
import {directoryProfile} from './ldap-attributes';

/** Who links: the signed-in caller, as its credentials say. */
export interface DirectoryLinkCaller {
  userId: string;
  /** The client application of the caller's session; `web` without one (Basic). */
  applicationId?: string;
  context?: RequestContext;
}

/**
 * `POST /link/{name}/login`: a signed-in user links a directory account by
 * proving its password, so no browser leaves for anywhere (an OAuth link's
 * redirect has nothing to do here). The password is checked as at sign-in
 * (the same limits and lock-out), then the providers' linking rules attach
 * the identity (mode `link`). Roles from groups are not applied: they follow
 * the directory at each sign-in, as for every other directory user.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: EnterpriseBindings.LDAP_LINK_SERVICE},
})
export class LdapLinkService {
  constructor(
    @inject(EnterpriseBindings.DIRECTORY_PASSWORD_SERVICE)
    private passwords: DirectoryPasswordService,
    @inject(ProviderBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIn: ProviderSignInService,
    @inject(ProviderBindings.LINKED_ACCOUNTS_SERVICE)
    private accounts: LinkedAccountsService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** The LDAP entry named `name`; `PROVIDER_NOT_FOUND` without one. */
  entry(name: string): LdapEntry {
    return this.passwords.entry(name);
  }

  /**
   * Links the directory account `credentials` prove to the caller and
   * answers the identity as GET /users/me/identities lists it (audited
   * `identity.linked`; linking it again is the same answer, unaudited).
   * Throws what DirectoryPasswordService.verify throws (`RATE_LIMITED`,
   * `INVALID_CREDENTIALS`, `DIRECTORY_UNAVAILABLE`, `PROVIDER_ERROR`:
   * nothing written, audited `identity.link_refused`),
   * `IDENTITY_ALREADY_LINKED` (another user holds it; nothing changes) and
   * `ACCOUNT_DISABLED`.
   */
  async link(
    entry: LdapEntry,
    credentials: DirectoryCredentials,
    caller: DirectoryLinkCaller,
  ): Promise<IdentityView> {
    const {userId} = caller;
    const applicationId = caller.applicationId ?? WEB_CLIENT_ID;
    const context = caller.context ?? {};
    const account = await this.passwords.verify(
      entry,
      credentials,
      context,
      reason =>
        this.audit.record('identity.link_refused', {
          userId,
          applicationId,
          context,
          details: {provider: entry.provider, entry: entry.name, reason},
        }),
    );
    const {identity} = await this.signIn.signIn(
      entry,
      directoryProfile(entry, account.entry),
      {},
      {mode: 'link', linkUserId: userId, applicationId, context},
    );
    return this.accounts.identityView(identity);
  }
}
