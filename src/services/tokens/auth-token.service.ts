import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {hkdfSync} from 'node:crypto';
import {AppConfig} from '../../config';
import {Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {uuidv7} from '../platform/uuidv7';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {TokenBindings} from './keys';
import {RevocationService} from './revocation.service';
import {userAgentField} from './session-types';
import {
  Lease,
  leaseKey,
  normalizeLogin,
  parseLease,
  sameText,
  SessionMac,
  TOKEN_SHAPE,
  withoutLease,
} from './auth-token-lease';

/** Separates this key from every other key derived from APP_SECRET. */
const HKDF_SALT = 'identity-service/auth-token/v1';
/** A token's lifetime slides at most this often (one write a minute, not one a request). */
const SLIDE_EVERY_MS = 60_000;

/** What a Basic client is told: the three `Auth-Token…` headers. */
export interface AuthTokenGrant {
  readonly token: string;
  readonly sessionId: string;
  readonly validUntil: Date;
}

/** Who asks for a token, and from where (to reuse one per client). */
export interface AuthTokenRequest {
  readonly login: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** The client's device id when it sent its device token back. */
  readonly device?: string;
}

/** A live token's session, as a Basic request with it authenticates. */
export interface AuthTokenSession extends AuthTokenGrant {
  readonly userId: string;
  readonly authTime: Date;
}

/**
 * RESTHeart's auth tokens for HTTP Basic clients (issue 15): a Basic
 * request with the password is answered with a token the client may send
 * as the password from then on (`Authorization: Basic login:token`), so a
 * script stops holding the password and the service stops running argon2
 * on every request. A token is a session (`authMethod` `basic`), listed,
 * revoked and expired like any other and shared by every node through the
 * database and the store; its lifetime (AUTH_TOKEN_TTL) slides on use.
 * A token is `<session id>.<HMAC-SHA256 under a key from APP_SECRET>`:
 * nothing secret is stored, and a check is a MAC, a store read and the
 * revocation check bearer tokens pass.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.AUTH_TOKEN_SERVICE},
})
export class AuthTokenService {
  private readonly macs: SessionMac;

  constructor(
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(TokenBindings.REVOCATION_SERVICE)
    private revocations: RevocationService,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {
    this.macs = new SessionMac(
      Buffer.from(
        hkdfSync('sha256', config.appSecret, HKDF_SALT, 'auth-token', 32),
      ),
    );
  }

  get enabled(): boolean {
    return this.config.authTokens.enabled;
  }
  /** Whether `password` has the shape of a token (then it is tried as one first). */
  looksLikeToken(password: string): boolean {
    return TOKEN_SHAPE.test(password);
  }

  /**
   * The token of `userId`, who just gave the password: the live one this
   * client got before (its lifetime slid), or a new session's.
   */
  async grant(
    userId: string,
    request: AuthTokenRequest,
  ): Promise<AuthTokenGrant> {
    const clientKey = this.clientKey(userId, request);
    const known = await this.store.get(clientKey);
    const live = known ? await this.live(known) : undefined;
    if (live && live.userId === userId) return this.slide(live, true);
    const session = await this.open(userId, request);
    await this.store.set(clientKey, session.id, this.ttlMs());
    return {
      token: this.tokenOf(session.id),
      sessionId: session.id,
      validUntil: new Date(session.expiresAt),
    };
  }

  /**
   * The live session `token` names when `login` is the one it was issued
   * to; undefined for a forged, unknown, expired or revoked token (the
   * caller then treats it as a wrong password).
   */
  async authenticate(
    login: string,
    token: string,
  ): Promise<AuthTokenSession | undefined> {
    const match = TOKEN_SHAPE.exec(token);
    if (!match || !sameText(match[2]!, this.macs.of(match[1]!))) {
      return undefined;
    }
    const session = await this.live(match[1]!);
    if (!session || !this.issuedTo(session, login)) return undefined;
    return this.slide(session, false);
  }

  /** The session's lease, when neither expired nor revoked. */
  private async live(
    sessionId: string,
  ): Promise<(AuthTokenSession & {login: string; lease: Lease}) | undefined> {
    const lease =
      parseLease(await this.store.get(leaseKey(sessionId))) ??
      (await this.leaseFromDatabase(sessionId));
    if (!lease || lease.until <= this.clock.now()) return undefined;
    if (await this.revocations.isSessionRevoked(sessionId)) return undefined;
    return {
      token: this.tokenOf(sessionId),
      sessionId,
      userId: lease.userId,
      login: lease.login,
      validUntil: new Date(lease.until),
      authTime: new Date(lease.authTime),
      lease,
    };
  }

  /** A store that lost the lease (restart, failover) falls back to the row. */
  private async leaseFromDatabase(
    sessionId: string,
  ): Promise<Lease | undefined> {
    const row = await this.sessions.findOne({where: {id: sessionId}});
    if (!row || row.authMethod !== 'basic' || row.revokedAt) return undefined;
    const lease: Lease = {
      userId: row.userId,
      login: row.authLogin ?? '',
      until: new Date(row.expiresAt).getTime(),
      authTime: new Date(row.authTime ?? row.lastUsedAt).getTime(),
    };
    if (lease.until > this.clock.now()) await this.keep(sessionId, lease);
    return lease;
  }

  /** Moves the lease's end to now + TTL, at most once a minute. */
  private async slide<T extends AuthTokenSession & {lease: Lease}>(
    session: T,
    always: boolean,
  ): Promise<AuthTokenSession> {
    const now = this.clock.now();
    const until = now + this.ttlMs();
    if (always || until - session.lease.until >= SLIDE_EVERY_MS) {
      const lease = {...session.lease, until};
      await this.keep(session.sessionId, lease);
      await this.sessions.updateById(session.sessionId, {
        lastUsedAt: new Date(now),
        expiresAt: new Date(until),
      });
      return {...withoutLease(session), validUntil: new Date(until)};
    }
    return withoutLease(session);
  }

  private async open(
    userId: string,
    request: AuthTokenRequest,
  ): Promise<Session> {
    const now = this.clock.now();
    const id = uuidv7();
    const session = await this.sessions.create({
      id,
      userId,
      applicationId: WEB_CLIENT_ID,
      authMethod: 'basic',
      authLogin: normalizeLogin(request.login),
      ip: request.ip,
      ...userAgentField(request.userAgent),
      // A session row needs one; no refresh token of this session exists.
      refreshTokenHash: sha256Digest(randomToken()),
      familyId: id,
      lastUsedAt: new Date(now),
      expiresAt: new Date(now + this.ttlMs()),
      authTime: new Date(now),
      amr: ['pwd'],
    });
    await this.keep(id, {
      userId,
      login: normalizeLogin(request.login),
      until: now + this.ttlMs(),
      authTime: now,
    });
    return session;
  }

  private async keep(sessionId: string, lease: Lease): Promise<void> {
    const ttl = Math.max(lease.until - this.clock.now(), 1000);
    await this.store.set(leaseKey(sessionId), JSON.stringify(lease), ttl);
  }

  /** The token names the login it was issued to (or the user's id). */
  private issuedTo(session: {userId: string; login: string}, login: string) {
    const given = normalizeLogin(login);
    return given === session.userId || given === session.login;
  }

  /** One token per user and client: its device token, else its address and agent. */
  private clientKey(userId: string, request: AuthTokenRequest): string {
    const client = request.device
      ? `device:${request.device}`
      : `agent:${request.ip ?? ''}|${request.userAgent ?? ''}`;
    return `auth-token:client:${sha256Digest(`${userId}|${client}`)}`;
  }

  private tokenOf(sessionId: string): string {
    return `${sessionId}.${this.macs.of(sessionId)}`;
  }

  private ttlMs = () => this.config.authTokens.ttl * 1000;
}
