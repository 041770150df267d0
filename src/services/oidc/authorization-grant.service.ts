import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppConfig} from '../../config';
import {OidcAuthorizeBindings} from './authorize-keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {AuthorizationCodeService} from '../tokens/authorization-code.service';
import {AuthorizeRedirectError} from './authorization-errors';
import {AuthorizationParams, paramsToJson} from './authorization-params';
import {AuthorizationRequest} from './authorization-request';
import {authorizationResponse} from './authorization-response';
import {consentPageUrl} from './authorization-urls';
import {AuthorizingClient} from './authorizing-client';
import {BrowserSignIn} from './browser-session.service';
import {ConsentCheck} from './consent-check';
import {ConsentPromptStore} from './consent-prompt-store';

/** A checked authorization request of a person signed in well enough. */
export interface SignedInRequest {
  client: AuthorizingClient;
  params: AuthorizationParams;
  request: AuthorizationRequest;
  signIn: BrowserSignIn;
  /** The freshness the sign-in was held to, kept for a consent's resume. */
  requireAuthAfter?: number;
  /** The person has just allowed it on the consent page. */
  consented: boolean;
  /** Answered without the hosted page (recorded in the audit). */
  sso: boolean;
}

/**
 * The authorization endpoint's last step, once the person is signed in:
 * the consent check, then the code. A third-party client whose request the
 * person's consent does not cover gets the consent page instead.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.AUTHORIZATION_GRANT_SERVICE},
})
export class AuthorizationGrantService {
  constructor(
    @inject(OidcAuthorizeBindings.CONSENT_CHECK) private consent: ConsentCheck,
    @inject(OidcAuthorizeBindings.CONSENT_PROMPT_STORE)
    private consentPrompts: ConsentPromptStore,
    @inject(TokenBindings.AUTHORIZATION_CODE_SERVICE)
    private codes: AuthorizationCodeService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * The client's redirect URI with a code, or the consent page's address.
   * Throws AuthorizeRedirectError `consent_required` (the person would have
   * to be asked, and `prompt=none` forbids it) or what the consent check
   * answers.
   */
  async grant(at: SignedInRequest, context: RequestContext): Promise<string> {
    const consentPage = at.consented ? undefined : await this.consentStep(at);
    return consentPage ?? this.issueCode(at, context);
  }

  private async consentStep(at: SignedInRequest): Promise<string | undefined> {
    const {client, request, signIn} = at;
    const answer = await this.consent.check({
      userId: signIn.userId,
      clientId: client.clientId,
      firstParty: client.firstParty,
      scopes: request.scopes,
      resources: request.resource,
      prompt: request.prompt,
    });
    if (answer.granted) return undefined;
    if ('error' in answer) {
      throw new AuthorizeRedirectError(
        answer.error,
        'The person has not granted this application what it asks for.',
      );
    }
    const id = await this.consentPrompts.save({
      interaction: {
        params: paramsToJson(at.params),
        clientId: client.clientId,
        clientName: client.name,
        ...(at.requireAuthAfter ? {requireAuthAfter: at.requireAuthAfter} : {}),
      },
      userId: signIn.userId,
      signInId: signIn.id,
      scopes: request.scopes,
      resources: request.resource,
      redirectUri: client.redirectUri,
      redirectVerified: client.redirectVerified,
    });
    return consentPageUrl(this.config.baseUrl, id);
  }

  private async issueCode(
    {request, signIn, sso}: SignedInRequest,
    context: RequestContext,
  ): Promise<string> {
    const code = await this.codes.issue({
      userId: signIn.userId,
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: 'S256',
      authMethod: signIn.authMethod,
      context: {ip: context.ip, userAgent: context.userAgent},
      scope: request.scopes.join(' '),
      ...(request.nonce ? {nonce: request.nonce} : {}),
      authTime: Math.floor(signIn.authTime / 1000),
      amr: signIn.amr,
      sid: signIn.id,
      ...(request.resource.length ? {resource: request.resource} : {}),
      ...(request.idTokenAlg ? {idTokenAlg: request.idTokenAlg} : {}),
    });
    await this.audit.record('oidc.authorized', {
      userId: signIn.userId,
      applicationId: request.clientId,
      context,
      details: {
        scope: request.scopes.join(' '),
        sso,
        ...(request.prompt.length ? {prompt: request.prompt.join(' ')} : {}),
        ...(request.acrValues ? {acrValues: request.acrValues} : {}),
      },
    });
    return authorizationResponse(request.redirectUri, this.config.baseUrl, {
      code,
      state: request.state,
    });
  }
}
