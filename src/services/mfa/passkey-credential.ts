import type {
  AuthenticationResponseJSON,
  AuthenticatorTransport,
  RegistrationResponseJSON,
  Uint8Array_,
} from '@simplewebauthn/server';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';

/**
 * The shapes of WebAuthn credentials as clients send them
 * (`PublicKeyCredential.toJSON()`, @simplewebauthn/browser), checked before
 * any cryptography: a credential that is not even well formed is the
 * client's mistake (`INVALID_PASSKEY`, 400), not a wrong proof.
 */

/** Who the passkeys are for: WEBAUTHN_RP_ID, WEBAUTHN_ORIGINS, MFA_ISSUER. */
export interface RelyingParty {
  id: string;
  name: string;
  origins: string[];
}

export function relyingPartyOf(config: AppConfig): RelyingParty {
  const {rpId, issuer, origins} = config.mfa;
  return {id: rpId, name: issuer, origins: [...origins]};
}

/** A registration response, checked for shape. */
export function registrationResponseOf(
  credential: unknown,
): RegistrationResponseJSON {
  const json = publicKeyCredentialOf(credential);
  const response = json.response as Record<string, unknown>;
  requireBase64url(response, 'attestationObject');
  const {transports} = response;
  if (
    transports !== undefined &&
    !(
      Array.isArray(transports) &&
      transports.length <= 10 &&
      transports.every(t => typeof t === 'string' && t.length <= 32)
    )
  ) {
    throw malformed('response.transports must be a list of names');
  }
  return json as unknown as RegistrationResponseJSON;
}

/** An authentication response (assertion), checked for shape. */
export function authenticationResponseOf(
  credential: unknown,
): AuthenticationResponseJSON {
  const json = publicKeyCredentialOf(credential);
  const response = json.response as Record<string, unknown>;
  requireBase64url(response, 'authenticatorData');
  requireBase64url(response, 'signature');
  const {userHandle} = response;
  if (userHandle !== undefined && userHandle !== null) {
    requireBase64url(response, 'userHandle');
  }
  return json as unknown as AuthenticationResponseJSON;
}

/**
 * The members every credential has: `id` = `rawId` (base64url), `type`
 * `public-key`, and `response.clientDataJSON` holding a JSON object.
 */
function publicKeyCredentialOf(credential: unknown): Record<string, unknown> {
  if (!isObject(credential) || !isObject(credential.response)) {
    throw malformed('expected {id, rawId, type, response}');
  }
  requireBase64url(credential, 'id');
  if (credential.rawId !== credential.id) {
    throw malformed('rawId must equal id');
  }
  if (credential.type !== 'public-key') {
    throw malformed('type must be "public-key"');
  }
  const response = credential.response;
  requireBase64url(response, 'clientDataJSON');
  let clientData: unknown;
  try {
    clientData = JSON.parse(
      Buffer.from(response.clientDataJSON as string, 'base64url').toString(),
    );
  } catch {
    clientData = undefined;
  }
  if (!isObject(clientData)) {
    throw malformed('response.clientDataJSON is not a JSON object');
  }
  return {clientExtensionResults: {}, ...credential};
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function requireBase64url(
  holder: Record<string, unknown>,
  member: string,
): void {
  const value = holder[member];
  if (typeof value !== 'string' || !BASE64URL.test(value)) {
    throw malformed(`${member} must be a base64url string`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function malformed(reason: string): AppError {
  return new AppError(
    'INVALID_PASSKEY',
    `Malformed passkey credential: ${reason}.`,
  );
}

/** The `userHandle` the service gives a user's passkeys: their id's bytes. */
export function userHandleOf(userId: string): Uint8Array_ {
  return new TextEncoder().encode(userId);
}

/** The credentials of `factors` as WebAuthn descriptors (allow / exclude lists). */
export function descriptorsOf(
  factors: readonly MfaFactor[],
): {id: string; transports?: AuthenticatorTransport[]}[] {
  return factors
    .filter(f => f.type === 'webauthn' && f.credentialId)
    .map(f => ({
      id: f.credentialId!,
      ...(f.transports?.length
        ? {transports: f.transports as AuthenticatorTransport[]}
        : {}),
    }));
}

/** A factor as its owner sees it: never the public key or the counter. */
export interface FactorView {
  id: string;
  type: string;
  name: string;
  created: Date;
  confirmedAt?: Date;
  lastUsedAt?: Date;
  transports?: string[];
  backupEligible?: boolean;
}

export function factorView(factor: MfaFactor): FactorView {
  return {
    id: factor.id,
    type: factor.type,
    name: factor.name,
    created: factor.created,
    ...(factor.confirmedAt ? {confirmedAt: factor.confirmedAt} : {}),
    ...(factor.lastUsedAt ? {lastUsedAt: factor.lastUsedAt} : {}),
    ...(factor.transports ? {transports: factor.transports} : {}),
    ...(factor.backupEligible !== undefined
      ? {backupEligible: factor.backupEligible}
      : {}),
  };
}
