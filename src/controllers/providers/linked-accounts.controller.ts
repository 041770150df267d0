import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  Request,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {
  CredentialView,
  IdentityView,
  LinkedAccountsService,
} from '../../services/providers/linking/linked-accounts.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  STEP_UP_AUTH_ERROR,
} from '../accounts/account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/** An identity as GET /users/me/identities lists it. */
export const IDENTITY: SchemaObject = {
  type: 'object',
  properties: {
    id: {type: 'string'},
    provider: {type: 'string'},
    name: {type: 'string', description: 'the providers.json entry'},
    externalId: {type: 'string'},
    profile: {
      type: 'object',
      properties: {
        displayName: {type: 'string'},
        email: {type: 'string'},
        photo: {type: 'string'},
      },
    },
    created: {type: 'string', format: 'date-time'},
  },
};

const CREDENTIAL: SchemaObject = {
  type: 'object',
  properties: {
    id: {type: 'string'},
    provider: {type: 'string'},
    externalId: {type: 'string'},
    scopes: {type: 'array', items: {type: 'string'}},
    expiresAt: {type: 'string', format: 'date-time'},
    hasRefreshToken: {type: 'boolean'},
    created: {type: 'string', format: 'date-time'},
  },
};

const list = (description: string, schema: SchemaObject) => ({
  '200': {
    description,
    content: {'application/json': {schema: {type: 'array', items: schema}}},
  },
});

/** The signed-in user's linked accounts. */
@oas.tags(ApiArea.THIRD_PARTY)
@authenticate('bearer', 'basic')
export class LinkedAccountsController {
  constructor(
    @inject(IdentityBindings.LINKED_ACCOUNTS_SERVICE)
    private accounts: LinkedAccountsService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
  ) {}

  @get('/users/me/identities', {
    summary: 'Your linked third-party accounts (never their tokens)',
    responses: {
      ...list('Identities, oldest first', IDENTITY),
      ...errorResponses(AUTH_ERROR),
    },
  })
  identities(): Promise<IdentityView[]> {
    return this.accounts.listIdentities(this.user.id);
  }

  @del('/users/me/identities/{id}', {
    summary: 'Unlink a third-party account',
    description:
      'Needs a recent sign-in, with the second factor when the account has one (else 401 `INSUFFICIENT_USER_AUTHENTICATION`: POST /auth/step-up).',
    responses: {
      '204': {description: 'Unlinked, and its stored tokens deleted'},
      ...errorResponses({
        ...STEP_UP_AUTH_ERROR,
        '404': '`NOT_FOUND`: no such identity of yours',
        '409': '`LAST_LOGIN_METHOD`: your last way to sign in',
      }),
    },
  })
  async unlink(
    @param.path.string('id') id: string,
    @inject(RestBindings.Http.REQUEST) request: Request,
  ): Promise<void> {
    await this.stepUp.require(this.user);
    await this.accounts.unlink(this.user.id, id, requestContext(request));
  }

  @get('/users/me/credentials', {
    summary: 'Stored provider credentials, without secret values',
    responses: {
      ...list('Credentials, oldest first', CREDENTIAL),
      ...errorResponses(AUTH_ERROR),
    },
  })
  credentials(): Promise<CredentialView[]> {
    return this.accounts.listCredentials(this.user.id);
  }

  @del('/users/me/credentials/{id}', {
    summary: 'Forget a stored provider credential',
    responses: {
      '204': {description: 'Deleted'},
      ...errorResponses({
        ...AUTH_ERROR,
        '404': '`NOT_FOUND`: no such credential of yours',
      }),
    },
  })
  async deleteCredential(@param.path.string('id') id: string): Promise<void> {
    await this.accounts.deleteCredential(this.user.id, id);
  }
}
