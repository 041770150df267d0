import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {ProviderSignInService} from '../providers/flows/provider-sign-in.service';
import {ProviderBindings} from '../providers/keys';
import {AMR} from '../tokens/authentication-methods';
import {ClientRefusal, ClientRuleService} from '../tokens/client-rule.service';
import {TokenBindings} from '../tokens/keys';
import {SessionService, TokenResponse} from '../tokens/session.service';
import {DirectoryPasswordService} from './directory-password.service';
import {EnterpriseBindings} from './keys';
import {directoryProfile} from './ldap-attributes';

export interface DirectoryLogin {
  username: string;
  password: string;
  /** The client application to open the session for; `web` by default. */
  clientId?: string;
}

/**
 * `POST /auth/{name}/login` of an LDAP entry: the directory checks the
 * password (search-then-bind, under DirectoryPasswordService's limits and
 * lock-out), the linking rules find or create the user, rolesFromGroups
 * sets the directory's roles, and a session opens through the second-factor
 * gate.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: EnterpriseBindings.LDAP_LOGIN_SERVICE},
})
export class LdapLoginService {
  constructor(
    @inject(EnterpriseBindings.DIRECTORY_PASSWORD_SERVICE)
    private passwords: DirectoryPasswordService,
    @inject(ProviderBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIn: ProviderSignInService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** The LDAP entry named `name`; `PROVIDER_NOT_FOUND` without one. */
  entry(name: string): LdapEntry {
    return this.passwords.entry(name);
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
    const account = await this.passwords.verify(
      entry,
      credentials,
      context,
      reason =>
        this.audit.record('login.failed', {
          applicationId,
          context,
          details: {authMethod: entry.name, reason},
        }),
    );
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
