import type {TokenSigningAlg} from '../../config';
import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {OAuthError} from '../../errors';
import {StoreBindings} from '../store/keys';
import {TokenBindings} from './keys';
import {RequestContext} from '../../strategies/request-context';
import {EphemeralStore} from '../store/ephemeral-store';
import {
  CodeResponseCompletion,
  CodeTokenResponse,
  oidcSessionFields,
} from './code-response';
import {checkS256, S256Challenge, verifiesS256} from './pkce';
import {invalidGrant} from './grant-handler';
import {parseRefreshToken} from './refresh-token';
import {SessionService} from './session.service';
import {
  AudienceClient,
  AudienceRule,
  clientAudience,
  TokenAudience,
} from './token-audience';
import {randomToken, sha256Digest} from '../platform/token-digest';

/** RFC 6749 §4.1.2 recommends at most 10 minutes; a redirect needs seconds. */
export const CODE_TTL_MS = 60_000;
/**
 * How long an exchanged code is remembered, so a replay can revoke the
 * session it opened (RFC 6749 §4.1.2). Longer than the code's lifetime.
 */
const USED_CODE_TTL_MS = 10 * 60_000;

export interface CodeGrant {
  userId: string;
  /** The client application the code is issued to. */
  clientId: string;
  /** The exact redirect URI the code is sent to; the exchange must repeat it. */
  redirectUri: string;
  /** RFC 7636 S256 challenge; every code is PKCE-bound. */
  codeChallenge: string;
  codeChallengeMethod: 'S256';
  /** `password`, or the provider's name: becomes the session's authMethod. */
  authMethod: string;
  /** True when the flow that issued the code linked an identity. */
  linked?: boolean;
  /** Where the sign-in happened, kept on the session the code opens. */
  context?: RequestContext;
  /** Authorization endpoint codes only: the granted scope, space-separated. */
  scope?: string;
  nonce?: string;
  /** When the person authenticated, epoch seconds. */
  authTime?: number;
  /** RFC 8176 methods of that authentication. */
  amr?: string[];
  /** The browser sign-in the code came through (the ID token's `sid`). */
  sid?: string;
  /** RFC 8707 resource indicators the client asked for. */
  resource?: string[];
  /** The client's ID token algorithm, else TOKEN_SIGNING_ALG's. */
  idTokenAlg?: TokenSigningAlg;
}

/** A grant whose challenge a flow's client rule has checked (`checkS256`). */
export type CheckedCodeGrant = Omit<CodeGrant, 'codeChallenge'> & {
  codeChallenge: S256Challenge;
};

export interface CodeExchange {
  code: string;
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  /**
   * The authenticated client's registration: with it, the audience rule
   * decides the access token's audience and scope (RFC 8707).
   */
  client?: AudienceClient;
  /** The token request's `resource` parameters. */
  resource?: readonly string[];
}

/**
 * One-time authorization codes (RFC 6749 §4.1) with PKCE (RFC 7636): the
 * third-party login flows issue one on the callback, and the client trades it
 * for a token response at `POST /auth/token`. Codes live in the shared store
 * as SHA-256 digests, for 60 s, and `take` hands each out once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.AUTHORIZATION_CODE_SERVICE},
})
export class AuthorizationCodeService {
  constructor(
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.CODE_RESPONSE_COMPLETION, {optional: true})
    private completion?: CodeResponseCompletion,
    @inject(TokenBindings.AUDIENCE_RULE, {optional: true})
    private audiences?: AudienceRule,
  ) {}

  /**
   * Stores a new code for a finished sign-in and returns it. Throws
   * OAuthError `invalid_request` unless the grant follows the PKCE rule.
   */
  async issue(grant: CodeGrant): Promise<string> {
    if (grant.codeChallengeMethod !== 'S256') {
      throw new OAuthError('invalid_request', 'Only PKCE S256 is accepted.');
    }
    const codeChallenge = checkS256(
      grant.codeChallenge,
      grant.codeChallengeMethod,
    );
    if (!codeChallenge) {
      throw new OAuthError('invalid_request', 'The code_challenge is invalid.');
    }
    return this.issueChecked({...grant, codeChallenge});
  }

  /**
   * As `issue`, for a browser flow whose start checked the challenge
   * (ClientRuleService.forFlow): the PKCE rule runs once per flow.
   */
  async issueChecked(grant: CheckedCodeGrant): Promise<string> {
    const code = randomToken(32);
    await this.store.set(codeKey(code), JSON.stringify(grant), CODE_TTL_MS);
    return code;
  }

  /**
   * Trades a code for a new session's token response. Unknown, expired and
   * replayed codes, another client, another redirect URI and a wrong
   * verifier all answer OAuthError `invalid_grant`; a replay also revokes
   * the session the code opened the first time. A `resource` the
   * authorization did not name is `invalid_target` (the code is spent).
   */
  async exchange(request: CodeExchange): Promise<CodeTokenResponse> {
    const stored = await this.store.take(codeKey(request.code));
    if (!stored) {
      await this.revokeReplayed(request.code);
      throw invalidGrant('The code is invalid, expired or already used.');
    }
    const grant = JSON.parse(stored) as CodeGrant;
    if (grant.clientId !== request.clientId) {
      throw invalidGrant('The code was issued to another client.');
    }
    if (grant.redirectUri !== request.redirectUri) {
      throw invalidGrant('The redirect_uri differs from the authorization.');
    }
    if (!verifiesS256(request.codeVerifier, grant.codeChallenge)) {
      throw invalidGrant('The code_verifier does not match the challenge.');
    }
    const response = await this.sessions.start(grant.userId, {
      applicationId: grant.clientId,
      authMethod: grant.authMethod,
      ip: grant.context?.ip,
      userAgent: grant.context?.userAgent,
      oidc: oidcSessionFields(grant),
      audience: await this.audience(grant, request),
    });
    const {sessionId} = parseRefreshToken(response.refresh_token)!;
    await this.store.set(usedKey(request.code), sessionId, USED_CODE_TTL_MS);
    return this.completion
      ? this.completion.complete(grant, response)
      : response;
  }

  /** The first access token's audience: the code's resources, RFC 8707. */
  private async audience(
    grant: CodeGrant,
    request: CodeExchange,
  ): Promise<TokenAudience | undefined> {
    if (!request.client) return undefined;
    const question = {
      client: request.client,
      scope: (grant.scope ?? '').split(' ').filter(Boolean),
      authorized: grant.resource ?? [],
      requested: request.resource ?? [],
    };
    return this.audiences
      ? this.audiences.forUser(question)
      : clientAudience(question);
  }

  private async revokeReplayed(code: string): Promise<void> {
    const sessionId = await this.store.take(usedKey(code));
    if (sessionId)
      await this.sessions.revoke(sessionId, 'authorization_code_reuse');
  }
}

function codeKey(code: string): string {
  return `code:${sha256Digest(code)}`;
}

function usedKey(code: string): string {
  return `code:used:${sha256Digest(code)}`;
}
