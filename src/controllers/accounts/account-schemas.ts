import {SchemaObject} from '@loopback/rest';
import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  USERNAME_PATTERN,
} from '../../services/accounts/account-input';

/**
 * OpenAPI pieces of the local-account endpoints. Every request schema
 * lists its properties with `additionalProperties: false` and a `type`, so
 * unknown properties and LoopBack `where` operators (`{"neq": null}`) are
 * refused with 422 before any code runs.
 */

/** Passwords: the policy (8–128) answers WEAK_PASSWORD; this is a DoS cap. */
const PASSWORD: SchemaObject = {type: 'string', minLength: 1, maxLength: 1024};
const EMAIL: SchemaObject = {
  type: 'string',
  format: 'email',
  maxLength: EMAIL_MAX_LENGTH,
};
const USERNAME: SchemaObject = {type: 'string', pattern: USERNAME_PATTERN};
const NAME: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: NAME_MAX_LENGTH,
};
const EMAIL_TOKEN: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 512,
};

function body(
  properties: Record<string, SchemaObject>,
  required: string[],
): SchemaObject {
  return {type: 'object', additionalProperties: false, properties, required};
}

export const SIGN_UP_BODY = body(
  {email: EMAIL, password: PASSWORD, username: USERNAME, name: NAME},
  ['email', 'password'],
);
export const PROFILE_PATCH_BODY: SchemaObject = {
  ...body({email: EMAIL, username: USERNAME, name: NAME}, []),
  minProperties: 1,
};
export const PASSWORD_CHANGE_BODY = body(
  {currentPassword: PASSWORD, newPassword: PASSWORD},
  ['currentPassword', 'newPassword'],
);
export const PASSWORD_SET_BODY = body({newPassword: PASSWORD}, ['newPassword']);
export const DELETE_ACCOUNT_BODY = body({password: PASSWORD}, []);
export const LOGIN_BODY = body(
  {
    login: {type: 'string', minLength: 1, maxLength: EMAIL_MAX_LENGTH},
    password: PASSWORD,
    client_id: {type: 'string', minLength: 1, maxLength: 128},
  },
  ['login', 'password'],
);
export const EMAIL_TOKEN_BODY = body({token: EMAIL_TOKEN}, ['token']);
export const EMAIL_BODY = body({email: EMAIL}, ['email']);
export const OPTIONAL_EMAIL_BODY = body({email: EMAIL}, []);
export const RESET_CONFIRM_BODY = body(
  {token: EMAIL_TOKEN, password: PASSWORD},
  ['token', 'password'],
);

/** A user as the API shows it: never a hash, never a credential. */
export const USER_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    id: {type: 'string', format: 'uuid'},
    email: {type: 'string'},
    emailVerified: {type: 'boolean'},
    username: {type: 'string'},
    name: {type: 'string'},
    roles: {type: 'array', items: {type: 'string'}},
    disabled: {type: 'boolean'},
    lastLoginAt: {type: 'string', format: 'date-time'},
    created: {type: 'string', format: 'date-time'},
    modified: {type: 'string', format: 'date-time'},
  },
};

/** PATCH /users/me with a new email: the user as it is, and the request. */
export const PENDING_EMAIL_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    ...USER_SCHEMA.properties,
    pendingEmail: {
      type: 'string',
      description:
        'The address asked for; in effect once the link mailed to it is used',
    },
  },
};

export {errorResponses} from '../../errors/error-responses';

export const VALIDATION_ERROR = {
  '422':
    'VALIDATION_FAILED: the body breaks the schema (unknown properties included)',
};

export const AUTH_ERROR = {
  '401':
    'AUTHENTICATION_REQUIRED, INVALID_TOKEN or INVALID_CREDENTIALS: sign in',
};

/** The 401s of a sensitive route (DESIGN §9, RFC 9470 step-up). */
export const STEP_UP_AUTH_ERROR = {
  '401':
    'AUTHENTICATION_REQUIRED, INVALID_TOKEN or INVALID_CREDENTIALS: sign in; ' +
    'INSUFFICIENT_USER_AUTHENTICATION: the sign-in is older than STEP_UP_MAX_AGE or, for an account with a second factor, did not use it ' +
    '(`WWW-Authenticate: Bearer error="insufficient_user_authentication"` with `max_age` and maybe `acr_values`): confirm with POST /auth/step-up and retry with its token',
};

/** A response with a JSON body. */
export function jsonResponse(description: string, schema: SchemaObject) {
  return {description, content: {'application/json': {schema}}};
}

/** A response without a body. */
export function emptyResponse(description: string) {
  return {description};
}

/** A request body, required unless said otherwise. */
export function jsonBody(schema: SchemaObject, required = true) {
  return {
    required,
    content: {'application/json': {schema}},
  };
}
