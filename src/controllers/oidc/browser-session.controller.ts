import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {AuthorizationEndpointService} from '../../services/oidc/authorization-endpoint.service';
import {resumeUrl} from '../../services/oidc/authorization-urls';
import {BrowserSessionService} from '../../services/oidc/browser-session.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonBody,
  jsonResponse,
  VALIDATION_ERROR,
} from '../accounts/account-schemas';
import {
  assertSameOrigin,
  clearBrowserSignInCookie,
  readBrowserSignInCookie,
  setBrowserSignInCookie,
} from './browser-session-cookie';
import {ApiArea} from '../../services/platform/api-areas';

const OPEN_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {interaction: {type: 'string', minLength: 1, maxLength: 128}},
};

const INTERACTION: SchemaObject = {
  type: 'object',
  properties: {
    clientId: {type: 'string'},
    clientName: {type: 'string'},
    freshSignIn: {
      type: 'boolean',
      description:
        'The application asks for a new sign-in (prompt=login, max_age): sign in again even if signed in',
    },
    loginHint: {type: 'string'},
    acrValues: {
      type: 'array',
      items: {type: 'string'},
      description:
        "The application's `acr_values`: for a person with a second factor, opening the sign-in may answer 401 `INSUFFICIENT_USER_AUTHENTICATION` until the page's session has stepped up",
    },
  },
};

/**
 * The service's own browser sign-in, opened and ended by its page, and
 * the pending authorization the page is signing someone in for.
 */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class BrowserSessionController {
  constructor(
    @inject(IdentityBindings.BROWSER_SESSION_SERVICE)
    private browserSessions: BrowserSessionService,
    @inject(IdentityBindings.AUTHORIZATION_ENDPOINT_SERVICE)
    private endpoint: AuthorizationEndpointService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  // Basic is heard (and refused: it is no sign-in of the page), so a
  // malformed Basic header answers as on every protected route.
  @authenticate('bearer', 'basic')
  @post('/oauth/browser-session', {
    summary: "Open the browser sign-in from the page's fresh sign-in",
    description:
      'Called by the bundled page, same origin, with the bearer access token of a `web` sign-in it has just made. ' +
      'Sets the HttpOnly sign-in cookie (`__Host-identity-sign-in` over https, `identity-sign-in` over http), replacing any earlier one. ' +
      'With `interaction`, answers where the browser continues the authorization, once the sign-in is fresh enough (else 403 `FRESH_SIGN_IN_REQUIRED`) ' +
      'and, for a person with a second factor, used it and reaches the acr_values asked as far as their factors can (else 401 `INSUFFICIENT_USER_AUTHENTICATION`).',
    responses: {
      '200': jsonResponse(
        '`{continue}`: the URL to navigate to, with an interaction',
        {
          type: 'object',
          properties: {continue: {type: 'string'}},
        },
      ),
      ...errorResponses({
        '400': '`INVALID_STATE`: unknown, used or expired interaction',
        '401':
          `${AUTH_ERROR['401']}; INSUFFICIENT_USER_AUTHENTICATION (with an interaction): the person has a second factor and this sign-in did not use it, or the application's acr_values ask more ` +
          '(`WWW-Authenticate` and `details.acrValues` name the acr): POST /auth/step-up with the second factor (a passkey for `phr`), then open again with the new token',
        '403':
          "`ORIGIN_NOT_ALLOWED` (not the page's own origin), `FIRST_PARTY_REQUIRED` (a third-party client's token), `FORBIDDEN` (another first-party client's token, or Basic), `FRESH_SIGN_IN_REQUIRED` (the application asks for a newer sign-in than this token's)",
        ...VALIDATION_ERROR,
      }),
    },
  })
  async open(
    @requestBody(jsonBody(OPEN_BODY, false))
    body: {interaction?: string} | undefined,
    @inject(SecurityBindings.USER) user: CurrentUser,
  ): Promise<{continue?: string}> {
    assertSameOrigin(this.request, this.config);
    const id = body?.interaction;
    const interaction = id ? await this.endpoint.describe(id) : undefined;
    if (id && !interaction) throw expiredInteraction();
    const cookie = await this.browserSessions.open(
      {
        sub: user.id,
        sid: user.sessionId ?? '',
        clientId: user.applicationId ?? '',
      },
      {
        previous: readBrowserSignInCookie(this.request, this.config),
        requireAuthAfter: interaction?.requireAuthAfter,
        requireAcr: interaction ? (interaction.acrValues ?? []) : undefined,
      },
      requestContext(this.request),
    );
    setBrowserSignInCookie(this.response, cookie, this.config);
    this.response.setHeader('Cache-Control', 'no-store');
    return id ? {continue: resumeUrl(this.config.baseUrl, id)} : {};
  }

  @del('/oauth/browser-session', {
    summary: 'End the browser sign-in (the page signs out)',
    description:
      'Same origin only. Ends the sign-in the cookie names and every session opened through it, and clears the cookie. 204 whether or not there was one.',
    responses: {
      '204': {description: 'Signed out of the browser sign-in'},
      ...errorResponses({'403': '`ORIGIN_NOT_ALLOWED`'}),
    },
  })
  async end(): Promise<Response> {
    assertSameOrigin(this.request, this.config);
    await this.browserSessions.endCurrent(
      readBrowserSignInCookie(this.request, this.config),
      requestContext(this.request),
    );
    clearBrowserSignInCookie(this.response, this.config);
    this.response.status(204).end();
    return this.response;
  }

  @get('/oauth/interactions/{id}', {
    summary: 'The pending authorization the hosted sign-in serves',
    responses: {
      '200': jsonResponse('Which application asks, and how', INTERACTION),
      ...errorResponses({
        '400': '`INVALID_STATE`: unknown, used or expired interaction',
      }),
    },
  })
  async interaction(@param.path.string('id') id: string): Promise<object> {
    const interaction = await this.endpoint.describe(id);
    if (!interaction) throw expiredInteraction();
    this.response.setHeader('Cache-Control', 'no-store');
    return {
      clientId: interaction.clientId,
      clientName: interaction.clientName,
      freshSignIn: interaction.requireAuthAfter !== undefined,
      ...(interaction.loginHint ? {loginHint: interaction.loginHint} : {}),
      ...(interaction.acrValues ? {acrValues: interaction.acrValues} : {}),
    };
  }
}

function expiredInteraction(): AppError {
  return new AppError(
    'INVALID_STATE',
    'This sign-in request expired or was already used: return to the application and start again.',
  );
}
