import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {LoginService} from './login.service';
import {ClientRefusal, ClientRuleService} from '../tokens/client-rule.service';
import {SessionService, TokenResponse} from '../tokens/session.service';

export interface PasswordLogin {
  /** Email (any case) or username. */
  login: string;
  password: string;
  /** The client application to open the session for; `web` by default. */
  clientId?: string;
}

/**
 * `POST /auth/login`: checks a login and password (LoginService) and opens
 * a session for the client application, auditing success and failure.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.PASSWORD_LOGIN_SERVICE},
})
export class PasswordLoginService {
  constructor(
    @inject(AccountBindings.LOGIN_SERVICE) private logins: LoginService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
  ) {}

  /**
   * A token response for a new session. Throws `INVALID_REQUEST` for an
   * unknown or disabled client, then
   * `INVALID_CREDENTIALS` (one answer for unknown login, wrong password and
   * disabled account) or `EMAIL_NOT_VERIFIED`.
   */
  async login(
    credentials: PasswordLogin,
    context: RequestContext = {},
  ): Promise<TokenResponse> {
    const applicationId = await this.checkClient(credentials.clientId);
    let userId: string;
    try {
      const user = await this.logins.verifyPassword(
        credentials.login,
        credentials.password,
        context,
      );
      userId = user.id;
    } catch (err) {
      if (err instanceof AppError) {
        await this.recordFailure(
          credentials.login,
          applicationId,
          err,
          context,
        );
      }
      throw err;
    }
    const tokens = await this.sessions.start(userId, {
      applicationId,
      authMethod: 'password',
      ip: context.ip,
      userAgent: context.userAgent,
    });
    await this.audit.record('login.succeeded', {
      userId,
      applicationId,
      context,
      details: {authMethod: 'password'},
    });
    return tokens;
  }

  /**
   * The client id to open the session for, by the client rule (`web`
   * by default). This route's contract words the rule's refusal as
   * `INVALID_REQUEST`.
   */
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

  private async recordFailure(
    login: string,
    applicationId: string,
    err: AppError,
    context: RequestContext,
  ): Promise<void> {
    // The audit trail needs the account that was tried. Every failure pays
    // for this lookup, known account or not, so it tells nothing apart.
    const user = await this.logins.findByLogin(login);
    await this.audit.record('login.failed', {
      userId: user?.id,
      applicationId,
      context,
      details: {reason: err.code},
    });
  }
}
