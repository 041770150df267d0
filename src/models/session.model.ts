import {belongsTo, model, property} from '@loopback/repository';
import {Application, ApplicationWithRelations} from './application.model';
import {lookupIndex, modelSettings} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';
import {User, UserWithRelations} from './user.model';

/** A signed-in session of one user in one client application. */
@model({
  // No index on refreshTokenHash: a refresh finds its session by the id
  // the token carries (`refresh-token.ts`), and a unique index on a random
  // digest only cost every sign-in and refresh a write to a random page.
  // Nor on any other column a refresh writes (the token digests,
  // lastUsedAt, expiresAt, ip, userAgent, tokenTtl, modified): then, with
  // the room fillfactor leaves in each page, a refresh is a HOT update,
  // which writes no index at all (issue 14).
  settings: {
    ...modelSettings(
      lookupIndex('session_userid_ix', ['userId']),
      // Revoking an application's sessions reads only its unrevoked ones
      // (`revokedAt IS NULL` is an index condition here).
      lookupIndex('session_applicationid_revokedat_ix', [
        'applicationId',
        'revokedAt',
      ]),
      lookupIndex('session_familyid_ix', ['familyId']),
      // The refill of a store that lost its revocation marks reads the
      // sessions revoked in the last access-token lifetime.
      lookupIndex('session_revokedat_ix', ['revokedAt']),
      // Ending a browser sign-in ends the sessions opened through it.
      lookupIndex('session_browsersessionid_ix', ['browserSessionId']),
      // The retention job finds sessions expired long ago along `created`,
      // which no update changes (a session expires after it began, so one
      // expired before a date began before it too), not along expiresAt,
      // which every refresh moves; revoked ones along session_revokedat_ix.
      lookupIndex('session_created_ix', ['created']),
    ),
    // A refresh rewrites its row: 30% of each page stays free for the new
    // version, on the same page, so the update is HOT.
    postgresql: {storageParameters: {fillfactor: 70}},
  },
})
export class Session extends TimestampedEntity {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  @belongsTo(() => Application, {name: 'application'}, {required: true})
  applicationId: string;

  /** How the user signed in: `password`, or a provider's name. */
  @property({type: 'string', required: true})
  authMethod: string;

  /** SHA-256 digest of the current refresh token. */
  @property({type: 'string', required: true, hidden: true})
  refreshTokenHash: string;

  /** Shared by every rotation of one refresh token; reuse revokes the family. */
  @property({type: 'string', required: true})
  familyId: string;

  @property({type: 'string'})
  ip?: string;

  @property({type: 'string'})
  userAgent?: string;

  @property({type: 'date', required: true})
  lastUsedAt: Date;

  @property({type: 'date', required: true})
  expiresAt: Date;

  @property({type: 'date'})
  revokedAt?: Date;

  /** Why it was revoked: `logout`, `refresh_token_reuse`, `password_reset`… */
  @property({type: 'string'})
  revocationReason?: string;

  /**
   * Digests of this session's rotated refresh tokens (the last few): one
   * presented again was copied, and the family is revoked.
   */
  @property.array(String, {
    default: [],
    hidden: true,
    postgresql: {dataType: 'jsonb'},
  })
  rotatedTokenHashes: string[];

  /**
   * Set while this session (of the `web` page) is also the browser's
   * sign-in, the SSO of the OpenID Provider: the SHA-256 digest of the
   * secret its HttpOnly cookie holds. Never a refresh token.
   */
  @property({type: 'string', hidden: true})
  browserSecretHash?: string;

  /** When the person actually authenticated (OIDC `auth_time`). */
  @property({type: 'date'})
  authTime?: Date;

  /** An HTTP Basic auth token's session: the login it was issued to (lower case). */
  @property({type: 'string', hidden: true})
  authLogin?: string;

  /** How they authenticated, as RFC 8176 `amr` values. */
  @property.array(String, {postgresql: {dataType: 'jsonb'}})
  amr?: string[];

  /** The browser sign-in this session was opened through (OIDC `sid`). */
  @property({type: 'string'})
  browserSessionId?: string;

  /** The scope granted to the client (authorization endpoint sessions). */
  @property({type: 'string'})
  scope?: string;

  /**
   * The RFC 8707 resources the authorization named: a refresh may ask an
   * access token for any one of them, never for another.
   */
  @property.array(String, {postgresql: {dataType: 'jsonb'}})
  resources?: string[];

  /**
   * Seconds the longest-lived access token of this session lives, when a
   * resource's lifetime made it longer than ACCESS_TOKEN_TTL: a revocation
   * must be remembered until that token, too, has expired.
   */
  @property({type: 'number', postgresql: {dataType: 'integer'}})
  tokenTtl?: number;

  constructor(data?: Partial<Session>) {
    super(data);
  }
}

export interface SessionRelations {
  user?: UserWithRelations;
  application?: ApplicationWithRelations;
}

export type SessionWithRelations = Session & SessionRelations;
