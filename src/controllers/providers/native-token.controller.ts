import {inject} from '@loopback/core';
import {
  oas,
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {NativeTokenExchangeService} from '../../services/providers/native/native-token-exchange.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {requestContext} from '../../strategies/request-context';
import {errorResponses} from '../accounts/account-schemas';
import {formOrJson, TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {noStoreTokenResponse} from '../platform/response-headers';
import {ApiArea} from '../../services/platform/api-areas';

/** What a native app sends: the SDK's token, and which client it is. */
interface NativeTokenBody {
  access_token?: string;
  id_token?: string;
  nonce?: string;
  client_id?: string;
}

const providerToken: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 8192,
};

const NATIVE_TOKEN_REQUEST: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    access_token: {
      ...providerToken,
      description: "Facebook: the user access token from Facebook's SDK",
    },
    id_token: {
      ...providerToken,
      description: 'Google, OpenID Connect: the ID token from the SDK',
    },
    nonce: {
      type: 'string',
      maxLength: 512,
      description: 'The nonce the app gave the SDK; must match the ID token',
    },
    client_id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'A public client application; default `web`',
    },
  },
};

/** Native apps trade a provider SDK's token for this service's tokens. */
@oas.tags(ApiArea.THIRD_PARTY)
export class NativeTokenController {
  constructor(
    @inject(IdentityBindings.NATIVE_TOKEN_EXCHANGE_SERVICE)
    private exchanges: NativeTokenExchangeService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/{name}/token', {
    summary: "Trade a provider SDK's token for tokens (native apps)",
    description:
      'For entries with `tokenExchange`. Facebook: `access_token`; Google and ' +
      'OpenID Connect: `id_token` (and `nonce` when the app used one). The ' +
      'token is checked with the provider for the application `client_id` ' +
      'names, then the user is found or created by the linking rules. Errors: ' +
      '`INVALID_PROVIDER_TOKEN` (401), `TOKEN_EXCHANGE_NOT_ENABLED` (400), ' +
      '`INVALID_CLIENT` (400), `ACCOUNT_EXISTS` (409), `PROVIDER_ERROR` (502).',
    responses: {
      '200': {
        description: 'RFC 6749 §5.1 token response',
        content: {'application/json': {schema: TOKEN_RESPONSE}},
      },
      ...errorResponses({
        '400':
          '`TOKEN_EXCHANGE_NOT_ENABLED`, `INVALID_REQUEST` (no token, or a required nonce missing), `INVALID_CLIENT`',
        '401':
          '`INVALID_PROVIDER_TOKEN`: bad signature, wrong audience or issuer, expired, wrong nonce',
        '403': '`LOGIN_NOT_ALLOWED`: a link-only entry; `ACCOUNT_DISABLED`',
        '404': '`NOT_FOUND`: no such provider entry',
        '409': '`ACCOUNT_EXISTS`: sign in, then link',
        '422': '`VALIDATION_FAILED`: the body breaks the schema',
        '429': '`RATE_LIMITED`: too many sign-ins from this address',
      }),
    },
  })
  async exchange(
    @param.path.string('name') name: string,
    @requestBody(formOrJson(NATIVE_TOKEN_REQUEST)) body: NativeTokenBody,
  ): Promise<TokenResponse> {
    const tokens = await this.exchanges.exchange(
      name,
      {
        accessToken: body.access_token,
        idToken: body.id_token,
        nonce: body.nonce,
        clientId: body.client_id,
      },
      requestContext(this.request),
    );
    noStoreTokenResponse(this.response);
    return tokens;
  }
}
