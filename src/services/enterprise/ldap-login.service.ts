import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {RequestContext} from '../../strategies/request-context';
import {openLdapServer} from '../applications/application-credential-store';
import {AuditService} from '../platform/audit.service';
import {SecretBox} from '../platform/secret-box.service';
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
import {scopedToApplication} from './directory-scope';
import {directoryProfile} from './ldap-attributes';
import {DirectoryAccount} from './ldap-directory';

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
 * A client application may bring its own server for the entry: its users
 * then sign in there and nowhere else, and what that directory says is
 * trusted for that application only (scopedToApplication).
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
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
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
    global: LdapEntry,
    credentials: DirectoryLogin,
    context: RequestContext = {},
  ): Promise<TokenResponse> {
    const target = await this.directoryFor(global, credentials.clientId);
    const {entry, applicationId} = target;
    const account = await this.passwords.verify(
      entry,
      credentials,
      context,
      reason =>
        this.audit.record('login.failed', {
          applicationId,
          context,
          details: {authMethod: entry.name, authScheme: 'ldap', reason},
        }),
      target.own,
    );
    return this.startSession(target, account, context);
  }

  /** The linking rules, then a session through the second-factor gate. */
  private async startSession(
    {entry, applicationId, own}: DirectoryTarget,
    account: DirectoryAccount,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const profile = {
      ...directoryProfile(entry, account.entry),
      groups: account.groups,
    };
    const {user} = await this.signIn.signIn(
      entry,
      scopedToApplication(profile, own),
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

  /**
   * The client application to open the session for (`web` by default) and
   * the directory to ask: the server the application brought for `global`
   * (password opened), and no other, or else the entry's own.
   */
  private async directoryFor(
    global: LdapEntry,
    clientId = WEB_CLIENT_ID,
  ): Promise<DirectoryTarget> {
    const found = await this.clients
      .forProvider(clientId, global.name)
      .catch((err: unknown) => {
        if (!(err instanceof ClientRefusal)) throw err;
        throw new AppError(
          'INVALID_REQUEST',
          'client_id does not name an enabled client application.',
        );
      });
    const applicationId = found.client.id;
    const server =
      found.credentials && openLdapServer(found.credentials, this.box);
    return server
      ? {applicationId, entry: {...global, server}, own: applicationId}
      : {applicationId, entry: global};
  }
}

/** Whom a sign-in asks, for which application. */
interface DirectoryTarget {
  applicationId: string;
  /** The entry, with the application's own server when it brought one. */
  entry: LdapEntry;
  /** Set when the server is the application's: trusted for it only. */
  own?: string;
}
