/**
 * How a person signed in: RFC 8176 Authentication Method Reference values
 * (`amr`) and the Authentication Context Class (`acr`) they amount to.
 */

/** The RFC 8176 values the service records. */
export const AMR = {
  /** A password: the login form, HTTP Basic, a directory bind. */
  password: 'pwd',
  /** A federated sign-in whose own methods the provider does not tell. */
  federated: 'fed',
  /** A one-time code: TOTP, or a recovery code. */
  otp: 'otp',
  /** A key held in hardware (a device-bound passkey). */
  hardwareKey: 'hwk',
  /** A key held in software (a synced, backup-eligible passkey). */
  softwareKey: 'swk',
  /** The authenticator verified the user (PIN or biometrics). */
  user: 'user',
  /** More than one factor. */
  multiFactor: 'mfa',
} as const;

/**
 * The `acr` values, weakest first: one factor; two factors; a passkey,
 * which no phishing site can replay (OpenID EAP ACR Values `phr`).
 */
export const ACR_SINGLE_FACTOR = 'urn:identity-service:acr:single-factor';
export const ACR_MULTI_FACTOR = 'urn:identity-service:acr:multi-factor';
export const ACR_PHISHING_RESISTANT = 'phr';
export const ACR_VALUES = [
  ACR_SINGLE_FACTOR,
  ACR_MULTI_FACTOR,
  ACR_PHISHING_RESISTANT,
] as const;

/**
 * The `amr` of a first factor alone, by the session's authMethod: a
 * password (JSON, Basic) is `pwd`; any other is a provider's, `fed`.
 */
export function amrOf(authMethod: string): string[] {
  return PASSWORD_METHODS.has(authMethod) ? [AMR.password] : [AMR.federated];
}

const PASSWORD_METHODS = new Set(['password', 'basic']);

/** Whether a sign-in with these methods had a second factor (or a passkey). */
export function isMultiFactor(amr: readonly string[] | undefined): boolean {
  return !!amr?.includes(AMR.multiFactor);
}

/** The `amr` of a first factor followed by a second, without repeats. */
export function withSecondFactor(
  first: readonly string[],
  second: readonly string[],
): string[] {
  return [...new Set([...first, ...second, AMR.multiFactor])];
}

/** The `acr` a sign-in with these methods reached. */
export function acrOf(amr: readonly string[] | undefined): string {
  if (!isMultiFactor(amr)) return ACR_SINGLE_FACTOR;
  return amr!.includes(AMR.hardwareKey) || amr!.includes(AMR.softwareKey)
    ? ACR_PHISHING_RESISTANT
    : ACR_MULTI_FACTOR;
}

/**
 * Whether a sign-in at `acr` meets one of the `wanted` values (a request's
 * `acr_values`). Unknown values are not met; no value asked is met by all.
 */
export function meetsAcr(acr: string, wanted: readonly string[]): boolean {
  if (!wanted.length) return true;
  const rank = ACR_VALUES.indexOf(acr as (typeof ACR_VALUES)[number]);
  return wanted.some(value => {
    const needed = ACR_VALUES.indexOf(value as (typeof ACR_VALUES)[number]);
    return needed >= 0 && rank >= needed;
  });
}
