import {RequestBodyObject, ResponseObject, SchemaObject} from '@loopback/rest';
import {
  TOKEN_EXCHANGE_PROPERTIES,
  TOKEN_EXCHANGE_RESPONSE_PROPERTIES,
} from './token-exchange-schemas';

/** A short opaque string parameter; objects and arrays are refused. */
const token: SchemaObject = {type: 'string', minLength: 1, maxLength: 4096};

const CLIENT_PROPERTIES: Record<string, SchemaObject> = {
  client_id: {type: 'string', minLength: 1, maxLength: 200},
  client_secret: {
    ...token,
    description:
      'Confidential clients (`client_secret_post`); or use HTTP Basic.',
  },
};

const RESOURCE: SchemaObject = {type: 'string', minLength: 1, maxLength: 2048};

/**
 * Parameters the endpoint does not know are ignored (RFC 6749 §3.2), so
 * the schemas leave other properties open; the control-character check of
 * every body still covers them.
 */
export const TOKEN_REQUEST: SchemaObject = {
  type: 'object',
  required: ['grant_type'],
  properties: {
    grant_type: {type: 'string', maxLength: 100},
    refresh_token: token,
    code: token,
    redirect_uri: {type: 'string', maxLength: 2048},
    code_verifier: {type: 'string', maxLength: 128},
    ...TOKEN_EXCHANGE_PROPERTIES,
    scope: {
      type: 'string',
      maxLength: 4096,
      description:
        '`refresh_token`: narrows the session’s scope (RFC 6749 §6); `client_credentials`: the resource scopes asked for',
    },
    resource: {
      description:
        'RFC 8707: the API the access token is for; once per request',
      anyOf: [RESOURCE, {type: 'array', items: RESOURCE, maxItems: 20}],
    },
    ...CLIENT_PROPERTIES,
  },
};

export const TOKEN_HINT_REQUEST: SchemaObject = {
  type: 'object',
  required: ['token'],
  properties: {
    token,
    token_type_hint: {type: 'string', maxLength: 100},
    ...CLIENT_PROPERTIES,
  },
};

export const TOKEN_RESPONSE: SchemaObject = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'refresh_token'],
  properties: {
    access_token: {type: 'string'},
    token_type: {type: 'string', enum: ['Bearer']},
    expires_in: {type: 'integer', description: 'seconds'},
    refresh_token: {type: 'string'},
    user_id: {type: 'string'},
  },
};

/**
 * The token endpoint's answer: a code of the authorization endpoint adds
 * `scope` and, with `openid`, `id_token`; its refresh token comes only
 * with `offline_access` or for a first-party client. A token exchange
 * answers `issued_token_type`, and `expires_in` only when it is known.
 */
export const TOKEN_ENDPOINT_RESPONSE: SchemaObject = {
  ...TOKEN_RESPONSE,
  // client_credentials: no refresh token and no user; token exchange: no
  // expires_in when the provider did not say.
  required: ['access_token', 'token_type'],
  properties: {
    ...TOKEN_RESPONSE.properties,
    ...TOKEN_EXCHANGE_RESPONSE_PROPERTIES,
    scope: {type: 'string', description: 'the granted scope'},
    id_token: {type: 'string', description: 'when `openid` was granted'},
  },
};

export const INTROSPECTION: SchemaObject = {
  type: 'object',
  required: ['active'],
  properties: {
    active: {type: 'boolean'},
    scope: {type: 'string'},
    sub: {type: 'string'},
    aud: {type: 'string'},
    client_id: {type: 'string'},
    exp: {type: 'integer'},
    iat: {type: 'integer'},
    iss: {type: 'string'},
    jti: {type: 'string'},
    sid: {type: 'string'},
    token_type: {type: 'string', enum: ['Bearer', 'refresh_token']},
  },
};

/** The same schema as a form (RFC 6749) or as JSON. */
export function formOrJson(schema: SchemaObject): RequestBodyObject {
  return {
    required: true,
    content: {
      'application/x-www-form-urlencoded': {schema},
      'application/json': {schema},
    },
  };
}

const OAUTH_ERROR: SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {type: 'string'},
    error_description: {type: 'string'},
  },
};

/** RFC 6749 §5.2 error responses, described once. */
export function oauthErrors(errors400: string): Record<string, ResponseObject> {
  const content = {'application/json': {schema: OAUTH_ERROR}};
  return {
    '400': {description: errors400, content},
    '401': {description: '`invalid_client`', content},
  };
}
