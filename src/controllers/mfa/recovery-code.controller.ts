import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {get, oas, post, Request, Response, RestBindings} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {FactorService} from '../../services/mfa/factor.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonResponse,
} from '../accounts/account-schemas';
import {
  FIRST_PARTY_ERROR,
  RECOVERY_CODES_ISSUED,
  RECOVERY_CODES_LEFT,
  STEP_UP_ERROR,
} from './factor-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/** The signed-in user's recovery codes: counted, and replaced. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
@authenticate('bearer', 'basic')
export class RecoveryCodeController {
  constructor(
    @inject(IdentityBindings.FACTOR_SERVICE) private factors: FactorService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/users/me/recovery-codes', {
    summary: 'How many unused recovery codes you have',
    responses: {
      '200': jsonResponse('The count', RECOVERY_CODES_LEFT),
      ...errorResponses({...AUTH_ERROR, ...FIRST_PARTY_ERROR}),
    },
  })
  async remaining(): Promise<{remaining: number}> {
    return {remaining: await this.factors.recoveryCodesRemaining(this.user.id)};
  }

  @post('/users/me/recovery-codes', {
    summary: 'Replace your recovery codes with ten new ones',
    description:
      'A sensitive operation: it needs a recent sign-in with your second factor. Every earlier code stops working; the new ones are shown once.',
    responses: {
      '201': jsonResponse(
        'The new codes (shown once); Cache-Control: no-store',
        RECOVERY_CODES_ISSUED,
      ),
      ...errorResponses({
        ...STEP_UP_ERROR,
        ...FIRST_PARTY_ERROR,
        '409': 'MFA_NOT_ENABLED: no confirmed second factor',
      }),
    },
  })
  async regenerate(): Promise<{recoveryCodes: string[]}> {
    await this.stepUp.require(this.user);
    const recoveryCodes = await this.factors.regenerateRecoveryCodes(
      this.user.id,
      requestContext(this.request),
    );
    this.response.status(201).setHeader('Cache-Control', 'no-store');
    return {recoveryCodes};
  }
}
