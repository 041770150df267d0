import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  oas,
  patch,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {User} from '../../models';
import {AccountDeletionService} from '../../services/accounts/account-deletion.service';
import {
  AccountService,
  ProfilePatch,
  SignUpInput,
} from '../../services/accounts/account.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  DELETE_ACCOUNT_BODY,
  emptyResponse,
  errorResponses,
  jsonBody,
  jsonResponse,
  PENDING_EMAIL_SCHEMA,
  PROFILE_PATCH_BODY,
  SIGN_UP_BODY,
  STEP_UP_AUTH_ERROR,
  USER_SCHEMA,
  VALIDATION_ERROR,
} from './account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

const INVALID_CURRENT_PASSWORD = {
  '403':
    'INVALID_CURRENT_PASSWORD: the password confirmation is wrong or missing',
};

/** Sign-up and the caller's own account. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class AccountController {
  constructor(
    @inject(IdentityBindings.ACCOUNT_SERVICE)
    private accounts: AccountService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(IdentityBindings.ACCOUNT_DELETION_SERVICE)
    private deletion: AccountDeletionService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/users', {
    summary: 'Sign up with an email address and a password',
    description:
      'Creates the account and mails a verification link. It does not sign in: log in next with POST /auth/login.',
    responses: {
      '201': jsonResponse('The new user', USER_SCHEMA),
      ...errorResponses({
        '409': 'EMAIL_TAKEN or USERNAME_TAKEN',
        '422': 'WEAK_PASSWORD (details.reason) or VALIDATION_FAILED',
      }),
    },
  })
  async signUp(
    @requestBody(jsonBody(SIGN_UP_BODY)) body: SignUpInput,
  ): Promise<User> {
    const user = await this.accounts.signUp(body, requestContext(this.request));
    this.response.status(201);
    return user;
  }

  @authenticate('bearer', 'basic')
  @patch('/users/me', {
    summary: 'Change your name, username or email',
    description:
      'Name and username change at once (200). A new email is only requested (202, with `pendingEmail`): the account keeps its address, for sign-in and resets, until the link mailed to the new address is used (POST /auth/email-change/confirm). The answer is the same whether or not another account has that address.',
    responses: {
      '200': jsonResponse('The updated user', USER_SCHEMA),
      '202': jsonResponse(
        'Other changes made; the new email waits for its link',
        PENDING_EMAIL_SCHEMA,
      ),
      ...errorResponses({
        ...AUTH_ERROR,
        '409': 'USERNAME_TAKEN',
        '429': 'RATE_LIMITED: too many email changes (Retry-After)',
        ...VALIDATION_ERROR,
      }),
    },
  })
  async updateMe(
    @inject(SecurityBindings.USER) caller: CurrentUser,
    @requestBody(jsonBody(PROFILE_PATCH_BODY)) body: ProfilePatch,
  ): Promise<object> {
    const {user, pendingEmail} = await this.accounts.updateProfile(
      caller.id,
      body,
      requestContext(this.request),
    );
    if (pendingEmail === undefined) return user;
    this.response.status(202);
    return {...user.toJSON(), pendingEmail};
  }

  @authenticate('bearer', 'basic')
  @del('/users/me', {
    summary: 'Delete your account',
    description:
      'Needs a recent sign-in, with the second factor when the account has one (else 401 `INSUFFICIENT_USER_AUTHENTICATION`: POST /auth/step-up). ' +
      'Send {"password": …} when the account has a password. Deletes the account, its password, linked identities and credentials, and its client applications (their sessions revoked, their provider credentials removed), and revokes its sessions.',
    responses: {
      '204': emptyResponse('Account deleted'),
      ...errorResponses({
        ...STEP_UP_AUTH_ERROR,
        ...INVALID_CURRENT_PASSWORD,
        ...VALIDATION_ERROR,
      }),
    },
  })
  async deleteMe(
    @inject(SecurityBindings.USER) caller: CurrentUser,
    @requestBody(jsonBody(DELETE_ACCOUNT_BODY, false))
    body: {password?: string} | undefined,
  ): Promise<void> {
    await this.stepUp.require(caller);
    await this.deletion.deleteOwnAccount(
      caller.id,
      body?.password,
      requestContext(this.request),
    );
  }
}
