import {SchemaObject} from '@loopback/rest';
import {MFA_TOKEN, WEBAUTHN_CREDENTIAL} from './mfa-schemas';

/** OpenAPI pieces of the passkey routes. */

export const CREATION_OPTIONS: SchemaObject = {
  type: 'object',
  description:
    'PublicKeyCredentialCreationOptionsJSON (WebAuthn Level 3): binary members base64url; ' +
    'pass it to `PublicKeyCredential.parseCreationOptionsFromJSON()` or @simplewebauthn/browser',
  required: ['challenge', 'rp', 'user', 'pubKeyCredParams'],
  properties: {
    challenge: {type: 'string'},
    rp: {type: 'object'},
    user: {type: 'object'},
    pubKeyCredParams: {type: 'array', items: {type: 'object'}},
    excludeCredentials: {type: 'array', items: {type: 'object'}},
    authenticatorSelection: {type: 'object'},
    timeout: {type: 'integer'},
    attestation: {type: 'string'},
  },
};

export const REQUEST_OPTIONS: SchemaObject = {
  type: 'object',
  description:
    'PublicKeyCredentialRequestOptionsJSON (WebAuthn Level 3): binary members base64url; ' +
    'pass it to `PublicKeyCredential.parseRequestOptionsFromJSON()` or @simplewebauthn/browser',
  required: ['challenge', 'rpId'],
  properties: {
    challenge: {type: 'string'},
    rpId: {type: 'string'},
    allowCredentials: {type: 'array', items: {type: 'object'}},
    userVerification: {type: 'string'},
    timeout: {type: 'integer'},
  },
};

export const SIGN_IN_OPTIONS: SchemaObject = {
  type: 'object',
  required: ['challengeId', 'options'],
  properties: {
    challengeId: {
      type: 'string',
      description:
        'send it back with the assertion to POST /auth/passkey/login',
    },
    options: REQUEST_OPTIONS,
  },
};

export const FACTOR: SchemaObject = {
  type: 'object',
  required: ['id', 'type', 'name', 'created'],
  properties: {
    id: {type: 'string'},
    type: {type: 'string', enum: ['totp', 'webauthn']},
    name: {type: 'string'},
    created: {type: 'string', format: 'date-time'},
    confirmedAt: {type: 'string', format: 'date-time'},
    lastUsedAt: {type: 'string', format: 'date-time'},
    transports: {type: 'array', items: {type: 'string'}},
    backupEligible: {
      type: 'boolean',
      description:
        'a synced passkey (amr `swk`) rather than a device-bound one (`hwk`)',
    },
  },
};

export const REGISTERED_PASSKEY: SchemaObject = {
  type: 'object',
  required: ['factor'],
  properties: {
    factor: FACTOR,
    recoveryCodes: {
      type: 'array',
      items: {type: 'string'},
      description: 'when this is the first factor: ten codes, shown this once',
    },
  },
};

export const REGISTER_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: {type: 'string', minLength: 1, maxLength: 64},
    credential: WEBAUTHN_CREDENTIAL,
  },
  required: ['credential'],
};

export const PASSKEY_LOGIN_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    challengeId: {type: 'string', minLength: 1, maxLength: 200},
    credential: WEBAUTHN_CREDENTIAL,
    client_id: {type: 'string', minLength: 1, maxLength: 128},
  },
  required: ['challengeId', 'credential'],
};

export const MFA_OPTIONS_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {mfaToken: MFA_TOKEN},
  required: ['mfaToken'],
};
