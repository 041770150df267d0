import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import type {PublicKeyCredentialRequestOptionsJSON} from '@simplewebauthn/server';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {PasskeyLoginService} from '../../services/mfa/passkey-login.service';
import {
  PasskeyOptionsService,
  PasskeySignInOptions,
} from '../../services/mfa/passkey-options.service';
import {DeviceTokenService} from '../../services/tokens/device-token.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonBody,
  jsonResponse,
} from '../accounts/account-schemas';
import {answerSignIn} from '../tokens/sign-in-response';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {
  MFA_OPTIONS_BODY,
  PASSKEY_LOGIN_BODY,
  REQUEST_OPTIONS,
  SIGN_IN_OPTIONS,
} from './passkey-schemas';
import {ApiArea} from '../../services/platform/api-areas';

interface PasskeyLoginBody {
  challengeId: string;
  credential: object;
  client_id?: string;
}

/**
 * Passkey assertions: a sign-in with no username, the second step of a
 * sign-in, a step-up (each asks for options, then answers them).
 */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class PasskeySignInController {
  constructor(
    @inject(IdentityBindings.PASSKEY_OPTIONS_SERVICE)
    private options: PasskeyOptionsService,
    @inject(IdentityBindings.PASSKEY_LOGIN_SERVICE)
    private logins: PasskeyLoginService,
    @inject(IdentityBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/passkey/options', {
    summary: 'Start a sign-in with a passkey (no username)',
    description:
      'Options for `navigator.credentials.get()` with no allowCredentials (the authenticator offers its passkeys for this site) and user verification required, ' +
      'and the `challengeId` to send back to POST /auth/passkey/login within 5 minutes.',
    responses: {
      '200': jsonResponse('The challenge and options', SIGN_IN_OPTIONS),
      ...errorResponses({
        '429': 'RATE_LIMITED: too many requests from this address',
      }),
    },
  })
  async signInOptions(): Promise<PasskeySignInOptions> {
    return this.options.forSignIn();
  }

  @post('/auth/passkey/login', {
    summary: 'Sign in with a passkey',
    description:
      'Send the `challengeId` of POST /auth/passkey/options and the assertion (`PublicKeyCredential.toJSON()`) as `credential`. ' +
      'The session belongs to `client_id` (`web` by default); a passkey with user verification is two factors by itself: `amr` is `hwk` (or `swk` for a synced passkey), `user`, `mfa`.',
    responses: {
      '200': jsonResponse(
        'RFC 6749 token response; Cache-Control: no-store',
        TOKEN_RESPONSE,
      ),
      ...errorResponses({
        '400':
          'INVALID_REQUEST: unknown client_id; INVALID_PASSKEY: malformed credential; INVALID_PASSKEY_CHALLENGE: unknown, expired or spent challengeId',
        '401':
          'INVALID_MFA_CODE: a passkey this service does not know, or an assertion that fails (origin, RP ID, signature, user verification, a signature counter that went back)',
        '403': 'ACCOUNT_DISABLED; EMAIL_NOT_VERIFIED',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
        '429': 'RATE_LIMITED (Retry-After)',
      }),
    },
  })
  async login(
    @requestBody(jsonBody(PASSKEY_LOGIN_BODY)) body: PasskeyLoginBody,
  ): Promise<TokenResponse> {
    const context = requestContext(this.request);
    const tokens = await this.logins.login(
      {
        challengeId: body.challengeId,
        credential: body.credential,
        clientId: body.client_id,
      },
      context,
    );
    return answerSignIn(
      {response: this.response, devices: this.devices, config: this.config},
      tokens,
      context.deviceToken,
    );
  }

  @post('/auth/mfa/webauthn/options', {
    summary: 'Options for confirming a sign-in with a passkey',
    description:
      "For the `mfaToken` of a 403 `MFA_REQUIRED` whose methods include `webauthn`: options for `navigator.credentials.get()` listing the account's passkeys. " +
      "Send the assertion to POST /auth/mfa with `method: 'webauthn'` within 5 minutes.",
    responses: {
      '200': jsonResponse('The request options', REQUEST_OPTIONS),
      ...errorResponses({
        '400': 'INVALID_REQUEST: this sign-in offers no passkey',
        '401': 'INVALID_MFA_TOKEN: unknown, expired or spent mfaToken',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
      }),
    },
  })
  async secondStepOptions(
    @requestBody(jsonBody(MFA_OPTIONS_BODY)) body: {mfaToken: string},
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.options.forPendingSignIn(body.mfaToken);
  }

  // Basic is accepted as on every protected route, then refused: a step-up
  // belongs to a bearer token's session.
  @authenticate('bearer', 'basic')
  @post('/auth/step-up/webauthn/options', {
    summary: 'Options for a step-up with a passkey',
    description:
      "Options for `navigator.credentials.get()` listing the signed-in account's passkeys, bound to this token's session; " +
      "send the assertion to POST /auth/step-up with `method: 'webauthn'` within 5 minutes.",
    responses: {
      '200': jsonResponse('The request options', REQUEST_OPTIONS),
      ...errorResponses({
        '400': 'INVALID_REQUEST: HTTP Basic (a step-up needs a bearer token)',
        ...AUTH_ERROR,
        '403': 'FIRST_PARTY_REQUIRED',
        '404': 'FACTOR_NOT_FOUND: the account has no passkey',
      }),
    },
  })
  async stepUpOptions(
    @inject(SecurityBindings.USER) caller: CurrentUser,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    if (!caller.sessionId) {
      throw new AppError(
        'INVALID_REQUEST',
        'A step-up belongs to the session of a bearer token.',
      );
    }
    return this.options.forStepUp(caller.id, caller.sessionId);
  }
}
