import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {mapClaims} from '../profile-mappers';
import {IdTokenRules, verifyIdToken} from './id-token.verifier';
import {
  NativeTokenCheck,
  NativeVerification,
  requireField,
} from './native-token';

/** The part of the rules that depends on who issues the tokens. */
export type IssuerRules = Pick<
  IdTokenRules,
  'jwksUrl' | 'issuers' | 'checkAzp'
>;

/**
 * The native exchange of an ID token (Google's SDK, any OpenID Connect
 * SDK): the token is required, checked against the keys and issuers
 * `issuerRules` names and the audience of THE application, then its claims
 * are mapped. Throws `INVALID_REQUEST` without `id_token`,
 * `INVALID_PROVIDER_TOKEN` for a token that does not check out.
 */
export async function exchangeIdToken(
  check: NativeTokenCheck,
  issuerRules: (check: NativeTokenCheck) => Promise<IssuerRules>,
): Promise<NativeVerification> {
  const idToken = requireField(check.input.idToken, 'id_token');
  const credentials = await check.credentials();
  const issuer = await issuerRules(check);
  const nonce = check.input.nonce?.trim();
  const rules: IdTokenRules = {
    ...issuer,
    audience: credentials.clientID,
    nonce: nonce ? nonce : undefined,
    requireNonce: check.entry.options.requireNonce === true,
    now: check.clock.now(),
  };
  const claims = await verifyIdToken(idToken, rules, check.jwks);
  return {
    profile: mapClaims(claims as Record<string, unknown>),
    tokens: {idToken, expiresAt: (claims.exp ?? 0) * 1000},
  };
}

/** An entry's URL option; a malformed one is the operator's to fix. */
export function optionUrl(entry: ProviderEntry, key: string): URL | undefined {
  const value = entry.options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new AppError(
      'PROVIDER_ERROR',
      `providers.json: ${entry.name}.${key} is not a URL.`,
    );
  }
  return new URL(value);
}
