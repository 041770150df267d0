import {
  AuthenticationBindings,
  AuthenticationStrategy,
} from '@loopback/authentication';
import {extensions, Getter, inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {AccountService} from '../../services/accounts/account.service';
import {EmailChangeService} from '../../services/accounts/email-change.service';
import {EmailFlowService} from '../../services/accounts/email-flow.service';
import {FirstPartyPolicyService} from '../../services/tokens/first-party-policy.service';
import {optionalCaller} from '../../strategies/optional-caller';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  EMAIL_BODY,
  EMAIL_TOKEN_BODY,
  emptyResponse,
  errorResponses,
  jsonBody,
  OPTIONAL_EMAIL_BODY,
  RESET_CONFIRM_BODY,
  VALIDATION_ERROR,
} from './account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

const INVALID_EMAIL_TOKEN = {
  '400': 'INVALID_EMAIL_TOKEN: the link is wrong, expired or already used',
};

/** Email verification and password reset links. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class EmailFlowController {
  constructor(
    @inject(IdentityBindings.EMAIL_FLOW_SERVICE)
    private emailFlow: EmailFlowService,
    @inject(IdentityBindings.ACCOUNT_SERVICE)
    private accounts: AccountService,
    @inject(IdentityBindings.EMAIL_CHANGE_SERVICE)
    private emailChange: EmailChangeService,
    @extensions(
      AuthenticationBindings.AUTHENTICATION_STRATEGY_EXTENSION_POINT_NAME,
    )
    private strategies: Getter<AuthenticationStrategy[]>,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
    @inject(IdentityBindings.FIRST_PARTY_POLICY_SERVICE)
    private firstParty: FirstPartyPolicyService,
  ) {}

  @post('/auth/verify-email', {
    summary: 'Confirm an email address with the token of its link',
    responses: {
      '204': emptyResponse('The email address is verified'),
      ...errorResponses({...INVALID_EMAIL_TOKEN, ...VALIDATION_ERROR}),
    },
  })
  async verifyEmail(
    @requestBody(jsonBody(EMAIL_TOKEN_BODY)) body: {token: string},
  ): Promise<void> {
    await this.emailFlow.verifyEmail(body.token, requestContext(this.request));
  }

  @post('/auth/verify-email/send', {
    summary: 'Mail a new verification link',
    description:
      'Signed in (bearer or Basic, no body): mails the link to your address; nothing is sent when it is already verified. Not signed in: send {"email"}; the answer is 202 whether or not an account has that address.',
    security: [{bearer: []}, {basic: []}, {}],
    responses: {
      '202': emptyResponse('Accepted'),
      ...errorResponses({
        ...AUTH_ERROR,
        '503': 'MAIL_UNAVAILABLE: the mail could not be sent (signed in only)',
        ...VALIDATION_ERROR,
      }),
    },
  })
  async sendVerification(
    @requestBody(jsonBody(OPTIONAL_EMAIL_BODY, false))
    body: {email?: string} | undefined,
  ): Promise<Response> {
    if (body?.email !== undefined) {
      this.emailFlow.requestVerification(
        body.email,
        requestContext(this.request),
      );
    } else {
      const caller = await optionalCaller(this.request, await this.named());
      if (!caller) {
        throw new AppError(
          'AUTHENTICATION_REQUIRED',
          'Sign in, or send {"email"} to have a link mailed to it.',
        );
      }
      // Not behind @authenticate, so the interceptor cannot see this caller.
      await this.firstParty.check(caller, undefined);
      const user = await this.accounts.getOwnAccount(caller.id);
      if (!user.emailVerified) await this.emailFlow.resendVerification(user);
    }
    return this.accepted();
  }

  @post('/auth/password-reset', {
    summary: 'Mail a password reset link',
    description:
      'Answers 202 whether or not an account has this address, in the same time: the work happens after the answer.',
    responses: {
      '202': emptyResponse('Accepted'),
      ...errorResponses(VALIDATION_ERROR),
    },
  })
  requestPasswordReset(
    @requestBody(jsonBody(EMAIL_BODY)) body: {email: string},
  ): Response {
    this.emailFlow.requestPasswordReset(
      body.email,
      requestContext(this.request),
    );
    return this.accepted();
  }

  @post('/auth/password-reset/confirm', {
    summary: 'Set a new password with the token of a reset link',
    description:
      'Also marks the email verified, and revokes every session of the account.',
    responses: {
      '204': emptyResponse('Password set'),
      ...errorResponses({
        ...INVALID_EMAIL_TOKEN,
        '422':
          'WEAK_PASSWORD (details.reason; the link stays usable) or VALIDATION_FAILED',
      }),
    },
  })
  async confirmPasswordReset(
    @requestBody(jsonBody(RESET_CONFIRM_BODY))
    body: {
      token: string;
      password: string;
    },
  ): Promise<void> {
    await this.emailFlow.confirmPasswordReset(
      body.token,
      body.password,
      requestContext(this.request),
    );
  }

  @post('/auth/email-change/confirm', {
    summary: 'Move an account to its new email with the token of its link',
    description:
      'The token comes from the link mailed to the new address after PATCH /users/me. The address becomes the sign-in and reset address, verified; every other outstanding link of the account stops working, and the old address is told.',
    responses: {
      '204': emptyResponse('The email address is changed'),
      ...errorResponses({
        ...INVALID_EMAIL_TOKEN,
        '409':
          'EMAIL_TAKEN: another account took the address meanwhile; nothing changed',
        ...VALIDATION_ERROR,
      }),
    },
  })
  async confirmEmailChange(
    @requestBody(jsonBody(EMAIL_TOKEN_BODY)) body: {token: string},
  ): Promise<void> {
    await this.emailChange.confirm(body.token, requestContext(this.request));
  }

  /** 202 with no body (LoopBack would turn an empty result into 204). */
  private accepted(): Response {
    this.response.status(202).end();
    return this.response;
  }

  /** Bearer before Basic, as on every protected route. */
  private async named(): Promise<AuthenticationStrategy[]> {
    const all = await this.strategies();
    return ['bearer', 'basic'].flatMap(name =>
      all.filter(s => s.name === name),
    );
  }
}
