import {ResponsesObject, SchemaObject} from '@loopback/rest';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {errorResponse} from '../../errors/error-responses';

const URI_LIST: SchemaObject = {
  type: 'array',
  maxItems: 20,
  items: {type: 'string', minLength: 1, maxLength: 2048},
};

const NAME: SchemaObject = {type: 'string', minLength: 1, maxLength: 200};

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

export const CREDENTIAL_INPUT_SCHEMA: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    clientID: {type: 'string', minLength: 1, maxLength: 500},
    clientSecret: {type: 'string', minLength: 1, maxLength: 2000},
    consumerKey: {type: 'string', minLength: 1, maxLength: 500},
    consumerSecret: {type: 'string', minLength: 1, maxLength: 2000},
    callbackURL: {type: 'string', minLength: 1, maxLength: 2048},
  },
  description:
    'OAuth 2 / OpenID Connect: clientID + clientSecret; oAuth 1: consumerKey + consumerSecret. callbackURL defaults to the service callback of the entry.',
};

export const CREDENTIAL_RESPONSE: ResponsesObject[string] = {
  description: 'The stored credentials, without the secret',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          provider: {type: 'string'},
          authScheme: {type: 'string'},
          clientID: {type: 'string'},
          consumerKey: {type: 'string'},
          callbackURL: {type: 'string'},
          hasClientSecret: {type: 'boolean', enum: [true]},
          created: {type: 'string', format: 'date-time'},
          modified: {type: 'string', format: 'date-time'},
        },
      },
    },
  },
};

/** Errors every `/applications/{id}…` route may answer. */
export const APPLICATION_ERRORS: ResponsesObject = {
  '404': errorResponse('`APPLICATION_NOT_FOUND`: no such application of yours'),
  ...ACCESS_ERRORS,
};

export const INPUT_ERRORS: ResponsesObject = {
  '400': errorResponse('`INVALID_REDIRECT_URI`, `INVALID_ORIGIN`'),
  '422': errorResponse('`VALIDATION_FAILED`: unknown or invalid property'),
};
