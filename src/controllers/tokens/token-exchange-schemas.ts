import {SchemaObject} from '@loopback/rest';

/** A token type URI (RFC 8693 §3). */
const tokenType: SchemaObject = {type: 'string', maxLength: 200};

/** The RFC 8693 §2.1 parameters of `POST /auth/token`. */
export const TOKEN_EXCHANGE_PROPERTIES: Record<string, SchemaObject> = {
  subject_token: {type: 'string', minLength: 1, maxLength: 4096},
  subject_token_type: tokenType,
  requested_token_type: tokenType,
  audience: {
    type: 'string',
    maxLength: 200,
    description: 'Token exchange: the providers.json entry, e.g. `facebook`',
  },
  actor_token: {type: 'string', maxLength: 4096},
  actor_token_type: tokenType,
};

/** What an RFC 8693 §2.2.1 answer adds to the token response. */
export const TOKEN_EXCHANGE_RESPONSE_PROPERTIES: Record<string, SchemaObject> =
  {
    issued_token_type: {
      type: 'string',
      description:
        'token exchange: `urn:ietf:params:oauth:token-type:access_token`',
    },
  };
