import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {OidcAuthorizeBindings} from './authorize-keys';
import {OidcBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {constantTimeEqual} from '../platform/token-digest';
import {AuthorizationEndpointService} from './authorization-endpoint.service';
import {AuthorizeRedirectError} from './authorization-errors';
import {paramsFromJson} from './authorization-params';
import {echoedState} from './authorization-request';
import {errorResponse} from './authorization-response';
import {AuthorizingClientService} from './authorizing-client';
import {BrowserSessionService} from './browser-session.service';
import {ConsentPromptStore, PendingConsent} from './consent-prompt-store';
import {ConsentService} from './consent.service';
import {describeGrant} from './consent-words';
import {ResourceService} from './resource.service';

/** What the consent page shows, and what its form posts back. */
export interface ConsentPageView {
  interaction: string;
  /** The one-time token of the form. */
  token: string;
  clientName: string;
  /** Where the answer goes: the redirect URI's host. */
  redirectHost: string;
  /** Whether the application's owner proved that origin. */
  redirectVerified: boolean;
  /** The redirect URI's origin (the form's answer redirects there). */
  redirectOrigin: string;
  /** What the application asks, in plain words. */
  descriptions: string[];
  /** Who is signed in (email or username), so the right account answers. */
  account: string;
}

/** The person's answer on the consent page. */
export interface ConsentAnswerForm {
  interaction?: string;
  token?: string;
  decision?: string;
}

/**
 * The consent page of a third-party client: what it shows, and the
 * person's answer. Both are bound to the browser sign-in the question was
 * put to (its cookie); the answer also to the page's one-time token, and
 * it is taken once: a link or a form of another site cannot answer for
 * the person, and showing the page changes nothing.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.CONSENT_DECISION_SERVICE},
})
export class ConsentDecisionService {
  constructor(
    @inject(OidcAuthorizeBindings.CONSENT_PROMPT_STORE)
    private prompts: ConsentPromptStore,
    @inject(OidcAuthorizeBindings.BROWSER_SESSION_SERVICE)
    private browserSessions: BrowserSessionService,
    @inject(OidcAuthorizeBindings.AUTHORIZATION_ENDPOINT_SERVICE)
    private endpoint: AuthorizationEndpointService,
    @inject(OidcAuthorizeBindings.AUTHORIZING_CLIENT_SERVICE)
    private clients: AuthorizingClientService,
    @inject(OidcBindings.CONSENT_SERVICE) private consents: ConsentService,
    @inject(OidcBindings.RESOURCE_SERVICE) private resources: ResourceService,
    @repository(UserRepository) private users: UserRepository,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * What the page shows for pending consent `id`. Throws `INVALID_STATE`
   * for an unknown, answered or expired one, or when this browser is not
   * the sign-in it was asked of.
   */
  async show(id: string, cookie: string | undefined): Promise<ConsentPageView> {
    const pending = await this.pendingFor(id, cookie);
    const user = await this.users.findOne({where: {id: pending.userId}});
    const known = await this.resources.findByIdentifiers(pending.resources);
    const redirect = new URL(pending.redirectUri);
    return {
      interaction: id,
      token: pending.token,
      clientName: pending.interaction.clientName,
      redirectHost: redirect.host,
      redirectVerified: pending.redirectVerified,
      // A native app's scheme (`com.example.app:`) has no origin.
      redirectOrigin:
        redirect.origin === 'null' ? redirect.protocol : redirect.origin,
      descriptions: describeGrant(pending.scopes, pending.resources, known),
      account: user?.email ?? user?.username ?? '',
    };
  }

  /**
   * The person's answer: `allow` stores the consent and continues to the
   * code; `deny` sends `access_denied` to the client. Returns where the
   * browser goes. Throws `INVALID_STATE` (unknown, answered or expired,
   * another browser's, a wrong token) and `INVALID_REQUEST` (no decision).
   */
  async decide(
    form: ConsentAnswerForm,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<string> {
    if (form.decision !== 'allow' && form.decision !== 'deny') {
      throw new AppError('INVALID_REQUEST', 'Choose Allow or Deny.');
    }
    const pending = await this.pendingFor(form.interaction, cookie);
    if (!form.token || !constantTimeEqual(form.token, pending.token)) {
      throw expired();
    }
    // Taken once: a second answer, even a concurrent one, finds nothing.
    if (!(await this.prompts.take(form.interaction!))) throw expired();
    const entry = {
      userId: pending.userId,
      applicationId: pending.interaction.clientId,
      context,
      details: {scopes: pending.scopes, resources: pending.resources},
    };
    if (form.decision === 'deny') {
      await this.audit.record('consent.denied', entry);
      return this.denied(pending);
    }
    await this.consents.grant(pending.userId, pending.interaction.clientId, {
      scopes: pending.scopes,
      resources: pending.resources,
    });
    await this.audit.record('consent.granted', entry);
    return this.endpoint.continue(
      {...pending.interaction, consented: true},
      cookie,
      context,
    );
  }

  private async pendingFor(
    id: string | undefined,
    cookie: string | undefined,
  ): Promise<PendingConsent> {
    const pending = id ? await this.prompts.peek(id) : undefined;
    const signIn = pending
      ? await this.browserSessions.find(cookie)
      : undefined;
    if (!pending || !signIn || signIn.id !== pending.signInId) throw expired();
    return pending;
  }

  /** RFC 6749 §4.1.2.1 `access_denied`, at the client checked again. */
  private async denied(pending: PendingConsent): Promise<string> {
    const params = paramsFromJson(pending.interaction.params);
    const client = await this.clients.check(params);
    return errorResponse(
      client.redirectUri,
      this.config.baseUrl,
      new AuthorizeRedirectError(
        'access_denied',
        'The person did not allow this application.',
      ),
      echoedState(params),
    );
  }
}

function expired(): AppError {
  return new AppError(
    'INVALID_STATE',
    'This question expired, was already answered, or was asked of another sign-in: return to the application and start again.',
  );
}
