import {inject} from '@loopback/core';
import {
  oas,
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {DeviceTokenService} from '../../services/tokens/device-token.service';
import {PasswordLoginService} from '../../services/accounts/password-login.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {basicCredentials} from '../../strategies/basic-credentials';
import {requestContext} from '../../strategies/request-context';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
  LOGIN_BODY,
} from './account-schemas';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {answerSignIn} from '../tokens/sign-in-response';
import {ApiArea} from '../../services/platform/api-areas';

interface LoginBody {
  login: string;
  password: string;
  client_id?: string;
}

/** Password login: JSON `{login, password}` or HTTP Basic. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class LoginController {
  constructor(
    @inject(IdentityBindings.PASSWORD_LOGIN_SERVICE)
    private passwordLogin: PasswordLoginService,
    @inject(IdentityBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/login', {
    summary: 'Log in with a password and get tokens',
    description:
      'Send JSON {login, password} (login: email or username), or no body and `Authorization: Basic base64(login:password)`. The session belongs to `client_id` (body or query), `web` by default. ' +
      "A sign-in answers a device token (HttpOnly cookie for `/auth`, and the `Device-Token` header); sending it back (cookie, or `Device-Token` request header) keeps this device signing in while strangers' wrong guesses lock the account out.",
    responses: {
      '200': jsonResponse(
        'RFC 6749 token response; Cache-Control: no-store',
        TOKEN_RESPONSE,
      ),
      ...errorResponses({
        '400': 'INVALID_REQUEST: no credentials, or an unknown client_id',
        '401':
          'INVALID_CREDENTIALS: one answer for unknown login, wrong password and disabled account',
        '403':
          'EMAIL_NOT_VERIFIED: right password, but REQUIRE_EMAIL_VERIFICATION is on and the email is unverified',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
      }),
    },
  })
  async login(
    @requestBody(jsonBody(LOGIN_BODY, false)) body: LoginBody | undefined,
    @param.query.string('client_id') queryClientId?: string,
  ): Promise<TokenResponse> {
    const credentials = body ?? basicCredentials(this.request);
    if (credentials === null) {
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The login or the password is wrong.',
      );
    }
    if (!credentials) {
      throw new AppError(
        'INVALID_REQUEST',
        'Send {"login", "password"} as JSON, or HTTP Basic credentials.',
      );
    }
    const context = requestContext(this.request);
    const tokens = await this.passwordLogin.login(
      {
        login: credentials.login,
        password: credentials.password,
        clientId: body?.client_id ?? queryClientId,
      },
      context,
    );
    return answerSignIn(
      {response: this.response, devices: this.devices, config: this.config},
      tokens,
      context.deviceToken,
    );
  }
}
