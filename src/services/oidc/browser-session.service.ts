import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
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
import {amrFor} from './authorize-scopes';

/** A live browser sign-in, as the authorization endpoint uses it. */
export interface BrowserSignIn {
  /** The Session row's id: the ID token's `sid`. */
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

/** `<session id>.<64 characters>`: never the shape of a refresh token. */
const COOKIE_SHAPE = /^([0-9a-f-]{36})\.([\w-]{64})$/;

/**
 * The service's own browser sign-in, the SSO of its OpenID Provider: a
 * `Session` row marked `browser`, whose secret is an HttpOnly cookie. It is
 * opened only from a fresh sign-in of the page (a `web` access token), so
 * every way the page signs people in counts, and it is what lets a second
 * application sign in with one redirect. Ending it ends the sessions
 * opened through it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: IdentityBindings.BROWSER_SESSION_SERVICE},
})
export class BrowserSessionService {
  constructor(
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(IdentityBindings.SESSION_SERVICE)
    private sessionService: SessionService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
    @inject(IdentityBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * The live browser sign-in a cookie names, or undefined for a missing,
   * malformed, forged, revoked or expired one.
   */
  async find(cookie: string | undefined): Promise<BrowserSignIn | undefined> {
    const id = cookie ? COOKIE_SHAPE.exec(cookie)?.[1] : undefined;
    if (!cookie || !id) return undefined;
    const row = await this.sessions.findOne({where: {id}});
    if (!row?.browser || !this.isLive(row)) return undefined;
    if (!constantTimeEqual(cookieDigest(cookie), row.refreshTokenHash)) {
      return undefined;
    }
    return signInOf(row);
  }

  /**
   * Opens a browser sign-in for the page's session that `claims` name and
   * returns its cookie value. The sign-in keeps that session's time and
   * method. `requireAuthAfter` (epoch ms) refuses an older sign-in with
   * `FRESH_SIGN_IN_REQUIRED`. The browser's previous sign-in, if any, ends:
   * a cookie planted before cannot survive a sign-in (session fixation).
   */
  async open(
    claims: WebTokenClaims,
    options: {previous?: string; requireAuthAfter?: number},
    context: RequestContext,
  ): Promise<{cookie: string; signIn: BrowserSignIn}> {
    if (claims.clientId !== WEB_CLIENT_ID) {
      throw new AppError(
        'FORBIDDEN',
        "Only the service's own page opens its browser sign-in.",
      );
    }
    const web = await this.sessions.findOne({where: {id: claims.sid}});
    if (
      !web ||
      web.browser === true ||
      web.userId !== claims.sub ||
      web.applicationId !== WEB_CLIENT_ID ||
      !this.isLive(web)
    ) {
      throw new AppError('INVALID_TOKEN', 'The session of this token ended.');
    }
    const authTime = new Date(web.authTime ?? web.created).getTime();
    if (options.requireAuthAfter && authTime < options.requireAuthAfter) {
      throw new AppError(
        'FRESH_SIGN_IN_REQUIRED',
        'This application asks for a new sign-in: sign in again.',
      );
    }
    const previous = await this.find(options.previous);
    if (previous) {
      await this.sessionService.revoke(previous.id, 'browser_sign_in_replaced');
    }
    const row = await this.create(web, authTime, context);
    await this.audit.record('oidc.browser_signed_in', {
      userId: web.userId,
      applicationId: WEB_CLIENT_ID,
      context,
      details: {sessionId: row.session.id, replaced: previous?.id},
    });
    return {cookie: row.cookie, signIn: signInOf(row.session)};
  }

  /**
   * Ends the browser sign-in a cookie names (the page's sign-out), and the
   * sessions opened through it; returns whether there was one.
   */
  async endCurrent(
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<boolean> {
    const current = await this.find(cookie);
    if (!current) return false;
    await this.end(current.id, current.userId);
    await this.audit.record('logout', {
      userId: current.userId,
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
    if (!row?.browser || row.userId !== userId) return false;
    const opened = await this.sessions.find({
      where: {browserSessionId: id},
      fields: {id: true, revokedAt: true},
    });
    for (const session of opened) {
      if (!session.revokedAt)
        await this.sessionService.revoke(session.id, 'logout');
    }
    await this.sessionService.revoke(id, 'logout');
    return true;
  }

  private async create(
    web: Session,
    authTime: number,
    context: RequestContext,
  ): Promise<{cookie: string; session: Session}> {
    const id = randomUUID();
    const cookie = `${id}.${randomToken(48)}`;
    const now = this.clock.now();
    const session = await this.sessions.create({
      id,
      userId: web.userId,
      applicationId: WEB_CLIENT_ID,
      authMethod: web.authMethod,
      browser: true,
      authTime: new Date(authTime),
      amr: web.amr ?? amrFor(web.authMethod),
      refreshTokenHash: cookieDigest(cookie),
      familyId: id,
      rotatedTokenHashes: [],
      ip: context.ip,
      userAgent: context.userAgent,
      lastUsedAt: new Date(now),
      // As long as a refresh token, from the sign-in, never extended.
      expiresAt: new Date(now + this.config.refreshTokenTtl * 1000),
    });
    return {cookie, session};
  }

  private isLive(row: Session): boolean {
    return (
      !row.revokedAt && new Date(row.expiresAt).getTime() > this.clock.now()
    );
  }
}

/**
 * Stored under its own prefix: even presented as a refresh token at
 * `/auth/token`, a browser cookie matches no digest a refresh would.
 */
function cookieDigest(cookie: string): string {
  return sha256Digest(`browser-sign-in:${cookie}`);
}

function signInOf(row: Session): BrowserSignIn {
  return {
    id: row.id,
    userId: row.userId,
    authMethod: row.authMethod,
    authTime: new Date(row.authTime ?? row.created).getTime(),
    amr: row.amr ?? amrFor(row.authMethod),
  };
}
