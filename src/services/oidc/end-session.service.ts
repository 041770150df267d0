import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {OidcAuthorizeBindings} from './authorize-keys';
import {PlatformBindings} from '../platform/keys';
import {StoreBindings} from '../store/keys';
import {ApplicationRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {EphemeralStore} from '../store/ephemeral-store';
import {
  AuthorizationParams,
  paramsFromJson,
  paramsToJson,
  single,
} from './authorization-params';
import {BrowserSessionService, BrowserSignIn} from './browser-session.service';
import {IdTokenHint, IdTokenService} from './id-token.service';
import {isRegisteredPostLogoutRedirect} from './post-logout-redirect';

/** A person has this long to confirm a logout no application vouched for. */
const CONFIRMATION_TTL_MS = 5 * 60_000;

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
  /**
   * Set when nothing was ended yet: no `id_token_hint` vouched for the
   * request, so the person confirms on a page of the service, whose form
   * sends this one-time token back. `redirectOrigin`: where it then goes.
   */
  confirm?: {token: string; redirectOrigin?: string};
}

interface LogoutRequest {
  hint?: IdTokenHint;
  clientId?: string;
  postLogoutUri?: string;
  state?: string;
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the
 * browser sign-in and the sessions opened through it, then returns the
 * browser to the client only at a URI the client registered. Without an
 * `id_token_hint` the person confirms first, so a link on any site cannot
 * sign them out of every application (§2: the OP SHOULD ask).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.END_SESSION_SERVICE},
})
export class EndSessionService {
  constructor(
    @inject(OidcAuthorizeBindings.ID_TOKEN_SERVICE)
    private idTokens: IdTokenService,
    @inject(OidcAuthorizeBindings.BROWSER_SESSION_SERVICE)
    private browserSessions: BrowserSessionService,
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Ends the sign-in, or asks to confirm it (`confirm`). Throws AppError
   * `INVALID_REQUEST` for a repeated parameter, an `id_token_hint` this
   * service did not issue, or a `client_id` the hint was not issued to.
   */
  async endSession(
    params: AuthorizationParams,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<EndSessionOutcome> {
    const request = await this.readRequest(params);
    const current = await this.browserSessions.find(cookie);
    if (!current || request.hint) return this.finish(request, current, context);
    const token = randomToken(32);
    await this.store.set(
      confirmationKey(token),
      JSON.stringify({params: paramsToJson(params), signInId: current.id}),
      CONFIRMATION_TTL_MS,
    );
    const redirect = await this.redirectFor(request);
    return {
      signedOut: false,
      clearCookie: false,
      confirm: {
        token,
        ...(redirect ? {redirectOrigin: new URL(redirect).origin} : {}),
      },
    };
  }

  /**
   * The person confirmed: ends the sign-in the confirmation was made for.
   * An unknown, used or expired token, or one of another sign-in than the
   * browser's, is `INVALID_STATE`.
   */
  async confirm(
    token: string,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<EndSessionOutcome> {
    const stored = await this.store.take(confirmationKey(token));
    const pending = stored
      ? (JSON.parse(stored) as {params: [string, string[]][]; signInId: string})
      : undefined;
    const current = await this.browserSessions.find(cookie);
    if (!pending || !current || current.id !== pending.signInId) {
      throw new AppError(
        'INVALID_STATE',
        'This sign-out expired or belongs to another sign-in: nothing was changed.',
      );
    }
    const request = await this.readRequest(paramsFromJson(pending.params));
    return this.finish(request, current, context);
  }

  private async finish(
    request: LogoutRequest,
    current: BrowserSignIn | undefined,
    context: RequestContext,
  ): Promise<EndSessionOutcome> {
    const {ended, keptCurrent} = await this.endSignIns(current, request.hint);
    if (ended) {
      await this.audit.record('logout', {
        userId: ended,
        applicationId: request.clientId,
        context,
        details: {browserSignIn: true, endSession: true},
      });
    }
    const redirect = await this.redirectFor(request);
    return {
      signedOut: ended !== undefined,
      clearCookie: !keptCurrent,
      ...(redirect ? {redirect} : {}),
    };
  }

  private async readRequest(
    params: AuthorizationParams,
  ): Promise<LogoutRequest> {
    const read = (name: string) => single(params, name, repeated);
    const token = read('id_token_hint');
    const hint = token ? await this.idTokens.verifyHint(token) : undefined;
    if (token && !hint) {
      throw new AppError(
        'INVALID_REQUEST',
        'The id_token_hint is not an ID token of this service.',
      );
    }
    const clientParam = read('client_id');
    if (clientParam && hint && !hint.aud.includes(clientParam)) {
      throw new AppError(
        'INVALID_REQUEST',
        'The id_token_hint was not issued to this client_id.',
      );
    }
    return {
      hint,
      clientId:
        clientParam ?? (hint?.aud.length === 1 ? hint.aud[0] : undefined),
      postLogoutUri: read('post_logout_redirect_uri'),
      state: read('state'),
    };
  }

  /**
   * The browser's sign-in ends unless the hint names someone else (then
   * the browser has moved on to another account, which stays signed in);
   * the sign-in the hint names (`sid`) ends too. Says whose ended, and
   * whether the browser's own sign-in was kept.
   */
  private async endSignIns(
    current: BrowserSignIn | undefined,
    hint: IdTokenHint | undefined,
  ): Promise<{ended?: string; keptCurrent: boolean}> {
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
    request: LogoutRequest,
  ): Promise<string | undefined> {
    const {clientId, postLogoutUri, state} = request;
    if (!clientId || !postLogoutUri) return undefined;
    const app = await this.applications.findOne({where: {id: clientId}});
    if (
      !app ||
      app.disabled ||
      !isRegisteredPostLogoutRedirect(app, postLogoutUri)
    ) {
      return undefined;
    }
    const url = new URL(postLogoutUri);
    if (state) url.searchParams.append('state', state);
    return url.href;
  }
}

function confirmationKey(token: string): string {
  return `oidc:logout:${sha256Digest(token)}`;
}

function repeated(name: string): Error {
  return new AppError(
    'INVALID_REQUEST',
    `The ${name} parameter is sent more than once.`,
  );
}
