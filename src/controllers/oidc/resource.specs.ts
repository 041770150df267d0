import {ResponsesObject, SchemaObject} from '@loopback/rest';
import {
  ACCESS_TOKEN_TTL_MAX,
  ACCESS_TOKEN_TTL_MIN,
  MAX_IDENTIFIER_LENGTH,
  MAX_RESOURCE_SCOPES,
} from '../../services/oidc/resource-input';
import {MAX_SCOPE_LENGTH} from '../../services/oidc/scopes';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {errorResponses} from '../../errors/error-responses';

const NAME: SchemaObject = {type: 'string', minLength: 1, maxLength: 200};

const SCOPES: SchemaObject = {
  type: 'array',
  maxItems: MAX_RESOURCE_SCOPES,
  items: {type: 'string', minLength: 1, maxLength: MAX_SCOPE_LENGTH},
  description:
    'Scope tokens of RFC 6749 §3.3 (printable ASCII without space, `"` or `\\`); not `openid`, `profile`, `email`, `offline_access`, `address`, `phone` or `account`, in any case. Duplicates are dropped.',
};

const TTL: SchemaObject = {
  type: 'integer',
  minimum: ACCESS_TOKEN_TTL_MIN,
  maximum: ACCESS_TOKEN_TTL_MAX,
  description:
    'Lifetime in seconds of access tokens for this API; the service default (ACCESS_TOKEN_TTL) when absent',
};

const SERVER: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
  description:
    'The confidential application the API authenticates as at the introspection endpoint (RFC 7662): it learns about the tokens whose `aud` is this resource',
};

export const NEW_RESOURCE_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['identifier', 'name'],
  properties: {
    identifier: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_IDENTIFIER_LENGTH,
      description:
        'The API’s absolute https or http URI, without fragment, query or user info; the `aud` of its tokens and the value of the `resource` parameter (RFC 8707). Never changes.',
    },
    name: NAME,
    scopes: SCOPES,
    accessTokenTtl: TTL,
    applicationId: SERVER,
  },
};

export const RESOURCE_CHANGES_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: NAME,
    scopes: {
      ...SCOPES,
      description: `Replaces the list. ${SCOPES.description}`,
    },
    accessTokenTtl: {
      ...TTL,
      nullable: true,
      description: `${TTL.description}; null returns to the default`,
    },
    applicationId: {
      ...SERVER,
      nullable: true,
      description: `${SERVER.description}; null removes it`,
    },
  },
};

const RESOURCE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'identifier', 'name', 'scopes', 'created', 'modified'],
  properties: {
    id: {type: 'string'},
    identifier: {type: 'string'},
    name: {type: 'string'},
    scopes: {type: 'array', items: {type: 'string'}},
    accessTokenTtl: {type: 'integer'},
    applicationId: {type: 'string'},
    created: {type: 'string', format: 'date-time'},
    modified: {type: 'string', format: 'date-time'},
  },
};

export const RESOURCE_RESPONSE: ResponsesObject[string] = {
  description: 'The resource',
  content: {'application/json': {schema: RESOURCE_SCHEMA}},
};

export const RESOURCE_LIST_RESPONSE: ResponsesObject[string] = {
  description: 'Every resource, oldest first',
  content: {
    'application/json': {schema: {type: 'array', items: RESOURCE_SCHEMA}},
  },
};

/** The input errors of `POST` and `PATCH`. */
export const RESOURCE_INPUT_ERRORS: ResponsesObject = errorResponses({
  '400': '`INVALID_CHARACTERS`: a control character in the body',
  '422':
    '`INVALID_RESOURCE` (identifier, lifetime, or an `applicationId` that is no confidential application), `INVALID_SCOPE` (a scope that is no scope token, or reserved), `VALIDATION_FAILED` (the body breaks the schema)',
});

export const RESOURCE_NOT_FOUND_ERRORS: ResponsesObject = {
  ...errorResponses({'404': '`RESOURCE_NOT_FOUND`'}),
  ...ACCESS_ERRORS,
};
