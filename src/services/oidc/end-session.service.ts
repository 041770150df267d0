import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {ApplicationRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {AuthorizationParams, single} from './authorization-params';
import {BrowserSessionService} from './browser-session.service';
import {IdTokenHint, IdTokenService} from './id-token.service';
import {isRegisteredPostLogoutRedirect} from './post-logout-redirect';

/** What RP-initiated logout did, and where the browser goes next. */
export interface EndSessionOutcome {
  /** Whether a browser sign-in ended here. */
  signedOut: boolean;
  /** Whether the browser's own sign-in cookie is done with (ended or dead). */
  clearCookie: boolean;
  /**
   * The client's registered post-logout URI with its `state`; undefined
   * when none was asked for or it is not registered: the service's own
   * signed-out page then, never an unregistered URI.
   */
  redirect?: string;
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the
 * browser sign-in and the sessions opened through it, then returns the
 * browser to the client only at a URI the client registered.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: IdentityBindings.END_SESSION_SERVICE},
})
export class EndSessionService {
  constructor(
    @inject(IdentityBindings.ID_TOKEN_SERVICE) private idTokens: IdTokenService,
    @inject(IdentityBindings.BROWSER_SESSION_SERVICE)
    private browserSessions: BrowserSessionService,
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(IdentityBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Ends the sign-in. Throws AppError `INVALID_REQUEST` for a repeated
   * parameter, an `id_token_hint` this service did not issue, or a
   * `client_id` the hint was not issued to.
   */
  async endSession(
    params: AuthorizationParams,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<EndSessionOutcome> {
    const read = (name: string) => single(params, name, repeated);
    const hint = await this.readHint(read('id_token_hint'));
    const clientParam = read('client_id');
    if (clientParam && hint && !hint.aud.includes(clientParam)) {
      throw new AppError(
        'INVALID_REQUEST',
        'The id_token_hint was not issued to this client_id.',
      );
    }
    const clientId =
      clientParam ?? (hint?.aud.length === 1 ? hint.aud[0] : undefined);
    const {ended, keptCurrent} = await this.endSignIns(cookie, hint);
    if (ended) {
      await this.audit.record('logout', {
        userId: ended,
        applicationId: clientId,
        context,
        details: {browserSignIn: true, endSession: true},
      });
    }
    const uri = read('post_logout_redirect_uri');
    const redirect =
      uri && clientId
        ? await this.redirectFor(clientId, uri, read('state'))
        : undefined;
    return {
      signedOut: ended !== undefined,
      clearCookie: !keptCurrent,
      ...(redirect ? {redirect} : {}),
    };
  }

  private async readHint(
    token: string | undefined,
  ): Promise<IdTokenHint | undefined> {
    if (!token) return undefined;
    const hint = await this.idTokens.verifyHint(token);
    if (!hint) {
      throw new AppError(
        'INVALID_REQUEST',
        'The id_token_hint is not an ID token of this service.',
      );
    }
    return hint;
  }

  /**
   * The cookie's sign-in ends unless the hint names someone else (then
   * the browser has moved on to another account, which stays signed in);
   * the sign-in the hint names (`sid`) ends too. Says whose ended, and
   * whether the browser's own sign-in was kept.
   */
  private async endSignIns(
    cookie: string | undefined,
    hint: IdTokenHint | undefined,
  ): Promise<{ended?: string; keptCurrent: boolean}> {
    const current = await this.browserSessions.find(cookie);
    const keptCurrent = !!current && !!hint && hint.sub !== current.userId;
    let ended: string | undefined;
    if (current && !keptCurrent) {
      await this.browserSessions.end(current.id, current.userId);
      ended = current.userId;
    }
    if (hint?.sid && hint.sid !== current?.id) {
      if (await this.browserSessions.end(hint.sid, hint.sub)) ended = hint.sub;
    }
    return {ended, keptCurrent};
  }

  private async redirectFor(
    clientId: string,
    uri: string,
    state: string | undefined,
  ): Promise<string | undefined> {
    const app = await this.applications.findOne({where: {id: clientId}});
    if (!app || app.disabled || !isRegisteredPostLogoutRedirect(app, uri)) {
      return undefined;
    }
    const url = new URL(uri);
    if (state) url.searchParams.append('state', state);
    return url.href;
  }
}

function repeated(name: string): Error {
  return new AppError(
    'INVALID_REQUEST',
    `The ${name} parameter is sent more than once.`,
  );
}
