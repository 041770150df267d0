import {SchemaObject} from '@loopback/rest';
import {ONE_TIME_CODE} from './mfa-schemas';

/** OpenAPI pieces of factor management and recovery codes. */

/** A factor's name: one line (no control characters), not blank. */
export const FACTOR_NAME: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '\\S',
};

export const FACTOR: SchemaObject = {
  type: 'object',
  required: ['id', 'type', 'name', 'created'],
  properties: {
    id: {type: 'string'},
    type: {type: 'string', enum: ['totp', 'webauthn']},
    name: {type: 'string'},
    created: {type: 'string', format: 'date-time'},
    confirmedAt: {
      type: 'string',
      format: 'date-time',
      description: 'absent while a TOTP enrolment waits for its first code',
    },
    lastUsedAt: {type: 'string', format: 'date-time'},
    transports: {
      type: 'array',
      items: {type: 'string'},
      description: 'passkeys: how the browser may reach the authenticator',
    },
    backupEligible: {
      type: 'boolean',
      description: 'passkeys: synced (backup-eligible)',
    },
  },
};

const RECOVERY_CODES: SchemaObject = {
  type: 'array',
  items: {type: 'string', description: 'XXXX-XXXX-XXXX'},
  description: 'shown once: keep them somewhere safe',
};

export const TOTP_ENROLMENT: SchemaObject = {
  type: 'object',
  required: ['id', 'type', 'name', 'secret', 'otpauthUri', 'qrCode'],
  properties: {
    id: {type: 'string'},
    type: {type: 'string', enum: ['totp']},
    name: {type: 'string'},
    secret: {
      type: 'string',
      description: 'base32, for an app that cannot scan; shown once',
    },
    otpauthUri: {type: 'string', description: '`otpauth://totp/…`'},
    qrCode: {
      type: 'string',
      description: 'the URI as a QR code, `data:image/svg+xml;base64,…`',
    },
  },
};

export const CONFIRMED_FACTOR: SchemaObject = {
  type: 'object',
  required: ['factor'],
  properties: {
    factor: FACTOR,
    recoveryCodes: {
      ...RECOVERY_CODES,
      description: 'with the first factor an account confirms only; shown once',
    },
  },
};

export const RECOVERY_CODES_ISSUED: SchemaObject = {
  type: 'object',
  required: ['recoveryCodes'],
  properties: {recoveryCodes: RECOVERY_CODES},
};

export const RECOVERY_CODES_LEFT: SchemaObject = {
  type: 'object',
  required: ['remaining'],
  properties: {remaining: {type: 'integer', minimum: 0}},
};

function body(
  properties: Record<string, SchemaObject>,
  required: string[],
): SchemaObject {
  return {type: 'object', additionalProperties: false, properties, required};
}

export const TOTP_ENROL_BODY = body({name: FACTOR_NAME}, []);
export const CONFIRM_BODY = body({code: ONE_TIME_CODE}, ['code']);
export const RENAME_BODY = body({name: FACTOR_NAME}, ['name']);

/** The 401 of a sensitive operation (RFC 9470), besides sign-in's. */
export const STEP_UP_ERROR = {
  '401':
    'AUTHENTICATION_REQUIRED, INVALID_TOKEN or INVALID_CREDENTIALS: sign in; ' +
    'INSUFFICIENT_USER_AUTHENTICATION: sign in again, or step up with your second factor ' +
    '(`WWW-Authenticate` names `max_age` and `acr_values`)',
};

export const FIRST_PARTY_ERROR = {
  '403':
    'FIRST_PARTY_REQUIRED: a third-party application’s token; MFA_REQUIRED: HTTP Basic for an account with a second factor',
};
