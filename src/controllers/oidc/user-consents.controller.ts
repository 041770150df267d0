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
import {ConsentService, ConsentView} from '../../services/oidc/consent.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {AUTH_ERROR, errorResponses} from '../accounts/account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

const STRINGS: SchemaObject = {type: 'array', items: {type: 'string'}};

const CONSENT: SchemaObject = {
  type: 'object',
  properties: {
    id: {type: 'string'},
    applicationId: {type: 'string'},
    applicationName: {type: 'string'},
    scopes: STRINGS,
    resources: {
      type: 'array',
      items: {
        type: 'object',
        properties: {identifier: {type: 'string'}, name: {type: 'string'}},
      },
    },
    descriptions: {...STRINGS, description: 'What it allows, in plain words'},
    created: {type: 'string', format: 'date-time'},
    modified: {type: 'string', format: 'date-time'},
  },
};

/** The third-party applications the signed-in user allowed (consents). */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
@authenticate('bearer', 'basic')
export class UserConsentsController {
  constructor(
    @inject(IdentityBindings.CONSENT_SERVICE)
    private consents: ConsentService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
  ) {}

  @get('/users/me/consents', {
    summary: 'The applications you allowed, and what each may do',
    responses: {
      '200': {
        description: 'Consents, most recently extended first',
        content: {
          'application/json': {schema: {type: 'array', items: CONSENT}},
        },
      },
      ...errorResponses(AUTH_ERROR),
    },
  })
  list(): Promise<ConsentView[]> {
    return this.consents.list(this.user.id);
  }

  @del('/users/me/consents/{id}', {
    summary: "Revoke a consent: the application's sessions end at once",
    responses: {
      '204': {
        description:
          'Revoked; your sessions with that application are revoked and its next sign-in asks again',
      },
      ...errorResponses({
        ...AUTH_ERROR,
        '404': '`CONSENT_NOT_FOUND`: no such consent of yours',
      }),
    },
  })
  async revoke(
    @param.path.string('id') id: string,
    @inject(RestBindings.Http.REQUEST) request: Request,
  ): Promise<void> {
    await this.consents.revoke(this.user.id, id, requestContext(request));
  }
}
