import {ResponsesObject, SchemaObject} from '@loopback/rest';
import {GRANT_TYPES, ID_TOKEN_ALGS, MAX_SCOPE_LENGTH} from '../../models';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {errorResponse} from '../../errors/error-responses';

const URI_LIST: SchemaObject = {
  type: 'array',
  maxItems: 20,
  items: {type: 'string', minLength: 1, maxLength: 2048},
};

const NAME: SchemaObject = {type: 'string', minLength: 1, maxLength: 200};

const GRANT_TYPE_LIST: SchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: GRANT_TYPES.length,
  items: {type: 'string', enum: [...GRANT_TYPES]},
  description:
    'Grants it may use at the token endpoint (default `authorization_code`, `refresh_token`). `client_credentials` and token exchange need a confidential application; only an admin allows token exchange; `refresh_token` comes with `authorization_code`.',
};

const SCOPE_LIST: SchemaObject = {
  type: 'array',
  maxItems: 100,
  items: {type: 'string', minLength: 1, maxLength: MAX_SCOPE_LENGTH},
  description:
    'Resource scopes it may ask for, each defined by some resource (`GET /resources`); the OpenID Connect scopes are not listed',
};

const POST_LOGOUT_URIS: SchemaObject = {
  ...URI_LIST,
  description:
    'Where RP-initiated logout may return the browser to; the rules of redirectUris',
};

const ID_TOKEN_ALG: SchemaObject = {
  type: 'string',
  enum: [...ID_TOKEN_ALGS],
  description:
    'The signing algorithm of its ID tokens (default: the service’s)',
};

/** The OpenID Provider settings, as registration and changes take them. */
const OIDC_SETTINGS: Record<string, SchemaObject> = {
  grantTypes: GRANT_TYPE_LIST,
  scopes: SCOPE_LIST,
  postLogoutRedirectUris: POST_LOGOUT_URIS,
  idTokenSignedResponseAlg: ID_TOKEN_ALG,
};

export const NEW_APPLICATION_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'redirectUris'],
  properties: {
    name: NAME,
    type: {type: 'string', enum: ['public', 'confidential']},
    redirectUris: {
      ...URI_LIST,
      description:
        'Exact redirect URIs: https, http on localhost/127.0.0.1, or a native scheme such as com.example.app:/callback; no fragment, no wildcard',
    },
    allowedOrigins: {
      ...URI_LIST,
      description: 'CORS origins, exactly scheme://host[:port]',
    },
    ...OIDC_SETTINGS,
  },
};

export const APPLICATION_CHANGES_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: NAME,
    redirectUris: URI_LIST,
    allowedOrigins: URI_LIST,
    disabled: {
      type: 'boolean',
      description:
        'true refuses its logins and revokes its sessions; re-enabling needs an admin',
    },
    firstParty: {
      type: 'boolean',
      description:
        'Admin only: its tokens may manage the account (otherwise only GET /users/me and POST /auth/logout)',
    },
    verifiedOrigins: {
      ...URI_LIST,
      description:
        'Admin only: approves these allowedOrigins for CORS (the owner proves them by signing in through the application)',
    },
    ...OIDC_SETTINGS,
    idTokenSignedResponseAlg: {
      ...ID_TOKEN_ALG,
      nullable: true,
      description: `${ID_TOKEN_ALG.description}; null returns to the default`,
    },
  },
};

const APPLICATION_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'name', 'type', 'redirectUris', 'allowedOrigins'],
  properties: {
    id: {type: 'string', description: 'the OAuth client id'},
    name: {type: 'string'},
    ownerId: {type: 'string'},
    type: {type: 'string', enum: ['public', 'confidential']},
    redirectUris: {type: 'array', items: {type: 'string'}},
    allowedOrigins: {type: 'array', items: {type: 'string'}},
    verifiedOrigins: {
      type: 'array',
      items: {type: 'string'},
      description:
        'The allowedOrigins CORS admits: proven by the owner signing in through the application, or approved by an admin',
    },
    originsVerifiedAt: {type: 'string', format: 'date-time'},
    disabled: {type: 'boolean'},
    firstParty: {
      type: 'boolean',
      description:
        'Its tokens may manage the account; others may only read the profile and sign out',
    },
    grantTypes: {
      type: 'array',
      items: {type: 'string', enum: [...GRANT_TYPES]},
    },
    scopes: {type: 'array', items: {type: 'string'}},
    postLogoutRedirectUris: {type: 'array', items: {type: 'string'}},
    idTokenSignedResponseAlg: {type: 'string', enum: [...ID_TOKEN_ALGS]},
    created: {type: 'string', format: 'date-time'},
    modified: {type: 'string', format: 'date-time'},
    clientSecret: {
      type: 'string',
      description:
        'Confidential applications, on registration and rotation only: shown this once',
    },
  },
};

export const APPLICATION_RESPONSE: ResponsesObject[string] = {
  description: 'The application',
  content: {'application/json': {schema: APPLICATION_SCHEMA}},
};

export const APPLICATION_LIST_RESPONSE: ResponsesObject[string] = {
  description: 'Your applications (every one, for an admin)',
  content: {
    'application/json': {schema: {type: 'array', items: APPLICATION_SCHEMA}},
  },
};

/** Errors every `/applications/{id}…` route may answer. */
export const APPLICATION_ERRORS: ResponsesObject = {
  '404': errorResponse('`APPLICATION_NOT_FOUND`: no such application of yours'),
  ...ACCESS_ERRORS,
};

export const INPUT_ERRORS: ResponsesObject = {
  '400': errorResponse(
    '`INVALID_REDIRECT_URI` (redirect or post-logout redirect URI), `INVALID_ORIGIN`',
  ),
  '422': errorResponse(
    '`VALIDATION_FAILED`: unknown or invalid property; `GRANT_TYPE_NOT_ALLOWED`: a grant this application cannot use; `INVALID_SCOPE`: a scope no resource defines',
  ),
};
