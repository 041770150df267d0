import {SchemaObject} from '@loopback/rest';
import {SECOND_FACTOR_METHODS} from '../../services/mfa/second-factor';

/** OpenAPI pieces of second factors and step-up. */

export const MFA_TOKEN: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 200,
};

/** A TOTP code (6 digits) or a recovery code (with or without dashes). */
export const ONE_TIME_CODE: SchemaObject = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
};

/**
 * A WebAuthn AuthenticationResponseJSON / RegistrationResponseJSON, as
 * @simplewebauthn/browser (or `PublicKeyCredential.toJSON()`) makes it;
 * its members are checked by the passkey verifier, and its size here.
 */
export const WEBAUTHN_CREDENTIAL: SchemaObject = {
  type: 'object',
  maxProperties: 16,
  properties: {
    id: {type: 'string', maxLength: 1024},
    rawId: {type: 'string', maxLength: 1024},
    type: {type: 'string', maxLength: 32},
    response: {type: 'object', maxProperties: 16},
  },
  required: ['id', 'rawId', 'type', 'response'],
};

/**
 * A proof of a second factor: `method`, then `code` (totp,
 * recovery_code) or `credential` (webauthn).
 */
export const PROOF_PROPERTIES: Record<string, SchemaObject> = {
  method: {type: 'string', enum: [...SECOND_FACTOR_METHODS]},
  code: ONE_TIME_CODE,
  credential: WEBAUTHN_CREDENTIAL,
};

export const SECOND_STEP_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mfaToken: MFA_TOKEN,
    ...PROOF_PROPERTIES,
    client_id: {type: 'string', minLength: 1, maxLength: 128},
  },
  required: ['mfaToken', 'method'],
};
