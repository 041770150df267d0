import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {OidcAuthorizeBindings} from './authorize-keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {
  constantTimeEqual,
  randomToken,
  sha256Digest,
} from '../platform/token-digest';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {SessionService} from '../tokens/session.service';
import {amrOf} from '../tokens/authentication-methods';
import {insufficientAuthentication} from '../tokens/step-up.service';
import {MfaBindings} from '../mfa/keys';
import {PendingSignInService} from '../mfa/pending-sign-in.service';
import {acrShortfall} from './authorization-acr';

/** A live browser sign-in, as the authorization endpoint uses it. */
export interface BrowserSignIn {
  /** The page's session: the ID token's `sid`. */
  id: string;
  userId: string;
  authMethod: string;
  /** When the person authenticated, epoch ms. */
  authTime: number;
  amr: string[];
}

/** The access token the page presents: who, which client, which session. */
export interface WebTokenClaims {
  sub: string;
  sid: string;
  /** The client the token was issued to: only `web` may open a sign-in. */
  clientId: string;
}

/** `<session id>.<64 characters>`. */
const COOKIE_SHAPE = /^([0-9a-f-]{36})\.([\w-]{64})$/;

/**
 * The service's own browser sign-in, the SSO of its OpenID Provider. It is
 * the page's session itself (the `Session` of the `web` client that the
 * page's sign-in opened), marked with the digest of a second secret that
 * lives in an HttpOnly cookie. So every way the page signs people in
 * counts, the sign-in is listed and revoked with the page's session, and
 * the page's sign-out ends it; ending it explicitly also ends the sessions
 * opened through it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.BROWSER_SESSION_SERVICE},
})
export class BrowserSessionService {
  constructor(
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(TokenBindings.SESSION_SERVICE)
    private sessionService: SessionService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(MfaBindings.PENDING_SIGN_IN_SERVICE)
    private factors: PendingSignInService,
  ) {}

  /**
   * The live browser sign-in a cookie names, or undefined for a missing,
   * malformed, forged, replaced, revoked or expired one.
   */
  async find(cookie: string | undefined): Promise<BrowserSignIn | undefined> {
    const row = await this.rowOf(cookie);
    return row && this.isLive(row) ? signInOf(row) : undefined;
  }

  /**
   * Makes the page's session that `claims` name the browser's sign-in and
   * returns the cookie value. `requireAuthAfter` (epoch ms) refuses a
   * sign-in made earlier with `FRESH_SIGN_IN_REQUIRED`. `requireAcr` (an
   * authorization is waiting, with these `acr_values`) refuses a sign-in
   * below what the person's factors must give (their second factor at
   * least) with `INSUFFICIENT_USER_AUTHENTICATION` naming the acr: the page
   * steps its session up (POST /auth/step-up) and opens again. The cookie the
   * browser had stops working: a cookie planted beforehand cannot survive
   * a sign-in (session fixation); the session it named stays the page's.
   */
  async open(
    claims: WebTokenClaims,
    options: {
      previous?: string;
      requireAuthAfter?: number;
      requireAcr?: readonly string[];
    },
    context: RequestContext,
  ): Promise<string> {
    if (claims.clientId !== WEB_CLIENT_ID) {
      throw new AppError(
        'FORBIDDEN',
        "Only the service's own page opens its browser sign-in.",
      );
    }
    const web = await this.sessions.findOne({where: {id: claims.sid}});
    if (!web || web.userId !== claims.sub || !this.isLive(web)) {
      throw new AppError('INVALID_TOKEN', 'The session of this token ended.');
    }
    const authTime = new Date(web.authTime ?? web.created).getTime();
    if (options.requireAuthAfter && authTime < options.requireAuthAfter) {
      throw new AppError(
        'FRESH_SIGN_IN_REQUIRED',
        'This application asks for a new sign-in: sign in again.',
      );
    }
    const amr = web.amr ?? amrOf(web.authMethod);
    if (options.requireAcr) await this.assertAcr(web.userId, amr, options);
    const previous = await this.rowOf(options.previous);
    if (previous && previous.id !== web.id) {
      await this.sessions.updateById(previous.id, {
        browserSecretHash: null,
      } as object);
    }
    const cookie = `${web.id}.${randomToken(48)}`;
    await this.sessions.updateById(web.id, {
      browserSecretHash: cookieDigest(cookie),
      authTime: new Date(authTime),
      amr,
    });
    await this.audit.record('oidc.browser_signed_in', {
      userId: web.userId,
      applicationId: WEB_CLIENT_ID,
      context,
      details: {sessionId: web.id, replaced: previous?.id},
    });
    return cookie;
  }

  /**
   * Ends the browser sign-in a cookie names (the page's sign-out) and the
   * sessions opened through it, even when the page revoked its own session
   * first; returns whether there was one.
   */
  async endCurrent(
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<boolean> {
    const row = await this.rowOf(cookie);
    if (!row) return false;
    await this.end(row.id, row.userId);
    await this.audit.record('logout', {
      userId: row.userId,
      applicationId: WEB_CLIENT_ID,
      context,
      details: {browserSignIn: true},
    });
    return true;
  }

  /**
   * Ends the browser sign-in `id` of `userId` and every session opened
   * through it; returns whether there was one.
   */
  async end(id: string, userId: string): Promise<boolean> {
    const row = await this.sessions.findOne({where: {id}});
    if (!row || row.userId !== userId) return false;
    const opened = await this.sessions.find({
      where: {browserSessionId: id},
      fields: {id: true, revokedAt: true},
    });
    for (const session of opened) {
      if (!session.revokedAt) {
        await this.sessionService.revoke(session.id, 'logout');
      }
    }
    await this.sessionService.revoke(id, 'logout');
    return true;
  }

  private async assertAcr(
    userId: string,
    amr: string[],
    options: {requireAcr?: readonly string[]},
  ): Promise<void> {
    const factors = await this.factors.confirmedFactors(userId);
    const needed = acrShortfall(amr, options.requireAcr ?? [], factors);
    if (needed) throw insufficientAuthentication({acrValues: [needed]});
  }

  /** The session whose browser secret the cookie holds, live or not. */
  private async rowOf(
    cookie: string | undefined,
  ): Promise<Session | undefined> {
    const id = cookie ? COOKIE_SHAPE.exec(cookie)?.[1] : undefined;
    if (!cookie || !id) return undefined;
    const row = await this.sessions.findOne({where: {id}});
    const digest = row?.browserSecretHash;
    if (!row || !digest || row.applicationId !== WEB_CLIENT_ID)
      return undefined;
    return constantTimeEqual(cookieDigest(cookie), digest) ? row : undefined;
  }

  private isLive(row: Session): boolean {
    return (
      !row.revokedAt && new Date(row.expiresAt).getTime() > this.clock.now()
    );
  }
}

function cookieDigest(cookie: string): string {
  return sha256Digest(cookie);
}

function signInOf(row: Session): BrowserSignIn {
  return {
    id: row.id,
    userId: row.userId,
    authMethod: row.authMethod,
    authTime: new Date(row.authTime ?? row.created).getTime(),
    amr: row.amr ?? amrOf(row.authMethod),
  };
}
