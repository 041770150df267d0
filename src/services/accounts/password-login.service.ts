import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {ApplicationRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {LoginService} from './login.service';
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
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
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
   * The client id to open the session for. `web` needs no registration
   * (it exists from the first start); any other must be a registered,
   * enabled application.
   */
  private async checkClient(clientId = WEB_CLIENT_ID): Promise<string> {
    const application = await this.applications.findOne({
      where: {id: clientId},
    });
    const usable = application
      ? !application.disabled
      : clientId === WEB_CLIENT_ID;
    if (!usable) {
      throw new AppError(
        'INVALID_REQUEST',
        'client_id does not name an enabled client application.',
      );
    }
    return clientId;
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
