import {OAuthError} from '../../errors';
import type {AuthenticatedClient} from './client-authenticator.service';

/** Who a user's access token is for, what it may do there, how long it lives. */
export interface TokenAudience {
  /** `aud`: a Resource's identifier, BASE_URL, or the client id. */
  aud: string;
  /** The access token's scope (none when empty). */
  scope: readonly string[];
  /** Seconds; ACCESS_TOKEN_TTL when absent. */
  ttl?: number;
}

/** What the audience rule reads of the client. */
export type AudienceClient = Pick<
  AuthenticatedClient,
  'id' | 'firstParty' | 'grantTypes' | 'scopes'
>;

/** A user's access token being issued: by a code, or by a refresh. */
export interface UserTokenQuestion {
  client: AudienceClient;
  /** The scope the grant allows (the code's, or the session's, narrowed). */
  scope: readonly string[];
  /** The resources the authorization named (RFC 8707). */
  authorized: readonly string[];
  /** The token request's `resource` parameters. */
  requested: readonly string[];
}

/**
 * THE AUDIENCE RULE (RFC 8707): which API a user's access token is for and
 * which of the granted scopes it carries. The OpenID Provider, which owns
 * resources and the scope catalogue, binds it under
 * TokenBindings.AUDIENCE_RULE; `tokens` asks it for every user token of a
 * code or a refresh, and imports nothing from up there.
 */
export interface AudienceRule {
  /** The audience, or OAuthError `invalid_target`. */
  forUser(question: UserTokenQuestion): Promise<TokenAudience>;
}

/**
 * Without the OpenID Provider there are no resources: the token is for the
 * client with the scope the grant allows.
 */
export function clientAudience(question: UserTokenQuestion): TokenAudience {
  if (question.requested.length || question.authorized.length) {
    throw new OAuthError('invalid_target', 'No resource is served here.');
  }
  return {aud: question.client.id, scope: question.scope};
}

/**
 * The session's new `tokenTtl` when a token of `audience` outlives both its
 * longest so far (`current`) and ACCESS_TOKEN_TTL: its revocation must be
 * remembered that long (RevocationService).
 */
export function longerTokenTtl(
  config: {accessTokenTtl: number},
  audience: Pick<TokenAudience, 'ttl'> | undefined,
  current?: number,
): {tokenTtl?: number} {
  const ttl = audience?.ttl;
  const longest = Math.max(current ?? 0, config.accessTokenTtl);
  return ttl !== undefined && ttl > longest ? {tokenTtl: ttl} : {};
}
