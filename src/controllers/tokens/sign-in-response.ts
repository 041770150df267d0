import {Response} from '@loopback/rest';
import {AppConfig} from '../../config';
import {DeviceTokenService} from '../../services/tokens/device-token.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {sendDeviceToken} from '../../strategies/device-token-transport';
import {noStoreTokenResponse} from '../platform/response-headers';

/** What a controller hands {@link answerSignIn}. */
export interface SignInAnswerDeps {
  response: Response;
  devices: DeviceTokenService;
  config: AppConfig;
}

/**
 * The answer to a sign-in that just succeeded at /auth/login, /auth/mfa or
 * /auth/passkey/login: the device token (the one presented when it is the
 * user's and current, else a new one) in the header and the `/auth` cookie,
 * Secure when BASE_URL is https, and a token response no cache keeps.
 */
export async function answerSignIn(
  {response, devices, config}: SignInAnswerDeps,
  tokens: TokenResponse,
  presentedDeviceToken: string | undefined,
): Promise<TokenResponse> {
  sendDeviceToken(
    response,
    await devices.renew(tokens.user_id, presentedDeviceToken),
    new URL(config.baseUrl).protocol === 'https:',
  );
  noStoreTokenResponse(response);
  return tokens;
}
