import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  post,
  Request,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {allowThirdPartyClients} from '../../interceptors/first-party.interceptor';
import {IdentityBindings} from '../../keys';
import {
  SessionView,
  UserSessionsService,
} from '../../services/accounts/user-sessions.service';
import {CurrentUser} from '../../strategies/current-user';
import {errorResponses} from '../../errors/error-responses';
import {requestContext} from '../../strategies/request-context';
import {ApiArea} from '../../services/platform/api-areas';

const SESSION: SchemaObject = {
  type: 'object',
  required: [
    'id',
    'applicationId',
    'authMethod',
    'amr',
    'acr',
    'authTime',
    'created',
    'lastUsedAt',
    'expiresAt',
    'current',
  ],
  properties: {
    id: {type: 'string'},
    applicationId: {type: 'string', description: 'the client id'},
    authMethod: {
      type: 'string',
      description: '`password`, `basic`, `passkey`, or a provider',
    },
    amr: {
      type: 'array',
      items: {type: 'string'},
      description:
        'RFC 8176 methods of its sign-in or latest step-up: `pwd`, `fed`, `otp`, `hwk`, `swk`, `user`, `mfa`',
    },
    acr: {
      type: 'string',
      description:
        '`urn:identity-service:acr:single-factor`, `urn:identity-service:acr:multi-factor` or `phr` (a passkey)',
    },
    authTime: {
      type: 'string',
      format: 'date-time',
      description: 'when its person last proved who they are',
    },
    ip: {type: 'string'},
    userAgent: {type: 'string'},
    created: {type: 'string', format: 'date-time'},
    lastUsedAt: {type: 'string', format: 'date-time'},
    expiresAt: {type: 'string', format: 'date-time'},
    current: {
      type: 'boolean',
      description: 'the session of the access token making this request',
    },
  },
};

const UNAUTHORIZED = errorResponses({
  '401': '`AUTHENTICATION_REQUIRED`, `INVALID_TOKEN`, `INVALID_CREDENTIALS`',
});
const NOT_FOUND = errorResponses({
  '404': '`SESSION_NOT_FOUND`: no such session of yours',
});

/** Sign out, and the signed-in user's own sessions (the token resource). */
@oas.tags(ApiArea.TOKENS_AND_SESSIONS)
@authenticate('bearer', 'basic')
export class SessionsController {
  constructor(
    @inject(IdentityBindings.USER_SESSIONS_SERVICE)
    private sessions: UserSessionsService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @allowThirdPartyClients()
  @post('/auth/logout', {
    summary: 'Sign out: revoke the session of this access token',
    description:
      'Its refresh token and access tokens stop working at once on every ' +
      'node. With HTTP Basic there is no session: 204, nothing revoked.',
    responses: {'204': {description: 'Signed out'}, ...UNAUTHORIZED},
  })
  async logout(): Promise<void> {
    await this.sessions.logout(this.user, requestContext(this.request));
  }

  @get('/sessions', {
    summary: 'Your active sessions, most recently used first',
    responses: {
      '200': {
        description: 'Active sessions; `current` marks this one',
        content: {
          'application/json': {schema: {type: 'array', items: SESSION}},
        },
      },
      ...UNAUTHORIZED,
    },
  })
  async list(): Promise<SessionView[]> {
    return this.sessions.list(this.user);
  }

  @get('/sessions/{id}', {
    summary: 'One of your active sessions',
    responses: {
      '200': {
        description: 'The session',
        content: {'application/json': {schema: SESSION}},
      },
      ...UNAUTHORIZED,
      ...NOT_FOUND,
    },
  })
  async findById(@param.path.string('id') id: string): Promise<SessionView> {
    return this.sessions.get(this.user, id);
  }

  @del('/sessions/{id}', {
    summary: 'Revoke one of your sessions (sign that device out)',
    responses: {
      '204': {description: 'Revoked'},
      ...UNAUTHORIZED,
      ...NOT_FOUND,
    },
  })
  async revoke(@param.path.string('id') id: string): Promise<void> {
    await this.sessions.revoke(this.user, id, requestContext(this.request));
  }

  @del('/sessions', {
    summary: 'Revoke all your sessions (sign out everywhere)',
    description:
      'Includes the session making the request, unless `keepCurrent=true`.',
    responses: {
      '200': {
        description: 'How many sessions were revoked',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['revoked'],
              properties: {revoked: {type: 'integer'}},
            },
          },
        },
      },
      ...UNAUTHORIZED,
    },
  })
  async revokeAll(
    @param.query.boolean('keepCurrent', {
      description: 'keep the session of this access token',
    })
    keepCurrent?: boolean,
  ): Promise<{revoked: number}> {
    const revoked = await this.sessions.revokeAll(
      this.user,
      {keepCurrent},
      requestContext(this.request),
    );
    return {revoked};
  }
}
