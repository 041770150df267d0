import {inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {ClientAuthenticator} from '../../services/tokens/client-authenticator.service';
import {
  Introspection,
  IssuedTokenService,
} from '../../services/tokens/issued-token.service';
import {GrantResponse, TokenRequest} from '../../services/tokens/grant-handler';
import {TokenGrantService} from '../../services/tokens/token-grant.service';
import {requestContext} from '../../strategies/request-context';
import {clientCredentials} from '../../services/tokens/client-credentials';
import {
  formOrJson,
  INTROSPECTION,
  oauthErrors,
  TOKEN_HINT_REQUEST,
  TOKEN_ENDPOINT_RESPONSE,
  TOKEN_REQUEST,
} from './oauth-schemas';
import {noStoreTokenResponse} from '../platform/response-headers';
import {ApiArea} from '../../services/platform/api-areas';

interface ClientFields {
  client_id?: string;
  client_secret?: string;
}

interface TokenHintRequest extends ClientFields {
  token: string;
  token_type_hint?: string;
}

/** The OAuth 2.0 endpoints: token (RFC 6749), revocation (RFC 7009), introspection (RFC 7662). */
@oas.tags(ApiArea.TOKENS_AND_SESSIONS)
export class TokenController {
  constructor(
    @inject(IdentityBindings.TOKEN_GRANT_SERVICE)
    private grants: TokenGrantService,
    @inject(IdentityBindings.ISSUED_TOKEN_SERVICE)
    private issued: IssuedTokenService,
    @inject(IdentityBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/token', {
    summary:
      'Trade a refresh token, an authorization code or client credentials for tokens',
    description:
      'RFC 6749 token endpoint, form-encoded or JSON; unknown parameters are ' +
      'ignored. `grant_type=refresh_token` (`refresh_token`, optional ' +
      '`client_id`, `scope` to narrow, `resource`) rotates the refresh token; ' +
      '`grant_type=authorization_code` (`code`, `redirect_uri`, `client_id`, ' +
      '`code_verifier`, `resource`) finishes a login flow with PKCE S256; ' +
      '`grant_type=client_credentials` (confidential clients: `scope`, ' +
      '`resource`) gives the application a token of its own, for no user; ' +
      '`grant_type=urn:ietf:params:oauth:grant-type:token-exchange` ' +
      '(RFC 8693: `subject_token`, `subject_token_type`, `audience`) gives a ' +
      'confidential client allowed it its user’s linked provider token.',
    responses: {
      '200': {
        description: 'RFC 6749 §5.1 token response',
        content: {'application/json': {schema: TOKEN_ENDPOINT_RESPONSE}},
      },
      ...oauthErrors(
        '`invalid_request`, `invalid_grant`, `unsupported_grant_type`, `unauthorized_client`, `invalid_scope`, `invalid_target`',
      ),
    },
  })
  async token(
    @requestBody(formOrJson(TOKEN_REQUEST)) body: TokenRequest & ClientFields,
  ): Promise<GrantResponse> {
    const credentials = clientCredentials(this.request, body);
    const tokens = await this.grants.grant(
      body,
      credentials,
      requestContext(this.request),
    );
    noStoreTokenResponse(this.response);
    return tokens;
  }

  @post('/auth/revoke', {
    summary: 'Revoke a refresh or access token (RFC 7009)',
    description:
      'Revokes the session the token belongs to, so its refresh token and ' +
      'every access token of it stop working. Answers 200 for unknown, ' +
      'invalid or already revoked tokens too; a live token issued to ' +
      'another client is refused.',
    responses: {
      '200': {description: 'Revoked, or nothing to revoke (empty body)'},
      ...oauthErrors(
        '`invalid_request`, `unauthorized_client` (issued to another client), `unsupported_token_type` (an application’s own token)',
      ),
    },
  })
  async revoke(
    @requestBody(formOrJson(TOKEN_HINT_REQUEST)) body: TokenHintRequest,
  ): Promise<Response> {
    const client = await this.clients.require(
      clientCredentials(this.request, body),
    );
    await this.issued.revoke(body.token, client, requestContext(this.request));
    noStoreTokenResponse(this.response);
    // RFC 7009 §2.2 answers 200 with an empty body, not 204.
    this.response.status(200).end();
    return this.response;
  }

  @post('/auth/introspect', {
    summary: 'Whether a token is active, and its claims (RFC 7662)',
    description:
      'For resource servers: a confidential application learns about the ' +
      'tokens whose `aud` is its client id or an API (Resource) it serves.',
    responses: {
      '200': {
        description:
          '`{active: false}` for any token that is not live or not meant for the caller',
        content: {'application/json': {schema: INTROSPECTION}},
      },
      ...oauthErrors('`invalid_request`'),
    },
  })
  async introspect(
    @requestBody(formOrJson(TOKEN_HINT_REQUEST)) body: TokenHintRequest,
  ): Promise<Introspection> {
    const client = await this.clients.requireConfidential(
      clientCredentials(this.request, body),
    );
    const answer = await this.issued.introspect(body.token, client);
    noStoreTokenResponse(this.response);
    return answer;
  }
}
