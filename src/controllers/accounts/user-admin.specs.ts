import {getModelSchemaRef, ResponsesObject, SchemaObject} from '@loopback/rest';
import {User} from '../../models';
import {USER_PAGE_MAX} from '../../services/accounts/user-admin.service';
import {errorResponse} from '../../errors/error-responses';

/** The errors of every route behind `@authenticate` + `@authorize`. */
export const ACCESS_ERRORS: ResponsesObject = {
  '401': errorResponse(
    '`AUTHENTICATION_REQUIRED`, `INVALID_TOKEN` or `INVALID_CREDENTIALS`',
  ),
  '403': errorResponse('`FORBIDDEN`: the caller may not do this'),
  '429': errorResponse('`RATE_LIMITED` (Basic): too many wrong passwords'),
};

/** As toJSON shows a user: without its hidden device epoch. */
const USER_SCHEMA = getModelSchemaRef(User, {
  title: 'User',
  exclude: ['deviceEpoch'],
});

export const USER_RESPONSE: ResponsesObject[string] = {
  description: 'The user',
  content: {'application/json': {schema: USER_SCHEMA}},
};

export const USER_LIST_RESPONSE: ResponsesObject[string] = {
  description:
    'A page of users. When more follow, a `Link` header names the next page: `</users?cursor=…>; rel="next"`.',
  headers: {
    Link: {
      description: 'The next page (`rel="next"`), absent on the last page',
      schema: {type: 'string'},
    },
  },
  content: {'application/json': {schema: {type: 'array', items: USER_SCHEMA}}},
};

export const USER_LIST_PARAMS = {
  email: {
    name: 'email',
    in: 'query',
    description: 'Only the user with this email (any case)',
    schema: {type: 'string', maxLength: 254},
  },
  limit: {
    name: 'limit',
    in: 'query',
    description: `Page size, 1 to ${USER_PAGE_MAX} (default 50)`,
    schema: {type: 'integer', minimum: 1, maximum: USER_PAGE_MAX},
  },
  cursor: {
    name: 'cursor',
    in: 'query',
    description:
      'Where the page starts: the opaque value of the previous page’s `Link: rel="next"`',
    schema: {type: 'string', maxLength: 512},
  },
  offset: {
    name: 'offset',
    in: 'query',
    deprecated: true,
    description:
      'Deprecated, use `cursor`: users to skip (default 0); a deep offset reads every row it skips',
    schema: {type: 'integer', minimum: 0},
  },
} as const;

/** What an administrator may change; anything else is refused with 422. */
export const USER_CHANGES_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: {type: 'string', maxLength: 200},
    username: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      // A login containing `@` is read as an email.
      pattern: '^[^@\\s]+$',
    },
    email: {type: 'string', format: 'email', maxLength: 254},
    emailVerified: {type: 'boolean'},
    roles: {
      type: 'array',
      maxItems: 20,
      uniqueItems: true,
      items: {type: 'string', pattern: '^[a-z][a-z0-9_.-]{0,63}$'},
    },
    disabled: {type: 'boolean'},
  },
};

export const ROLES_RESPONSE: ResponsesObject[string] = {
  description: "The user's roles",
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          authenticated: {type: 'boolean', enum: [true]},
          roles: {type: 'array', items: {type: 'string'}},
        },
      },
    },
  },
};
