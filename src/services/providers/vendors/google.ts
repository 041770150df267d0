import {exchangeIdToken, optionUrl} from '../native/id-token-exchange';
import {EmailPicker, mapPassportProfile, picked} from '../profile-mappers';
import {ProviderVendor} from './vendor';

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

// passport-google-oauth20 leaves `verified` out of `emails`; the raw
// userinfo answer carries `email_verified`, sometimes as a string.
const googleEmail: EmailPicker = (profile, emails) =>
  picked(emails[0], chosen => {
    const flag = profile._json?.email_verified ?? chosen.verified;
    return flag === true || flag === 'true';
  });

/**
 * Google through passport-google-oauth20; native apps send the ID token of
 * Google's SDK, checked against Google's keys (or the entry's `jwksURL` and
 * `idTokenIssuer`).
 */
export const googleVendor: ProviderVendor = {
  id: 'google',
  providerNames: ['google'],
  modules: ['passport-google-oauth20'],
  defaultModule: 'passport-google-oauth20',
  defaultScope: [],
  strategyOptions: {},
  mapProfile: profile => mapPassportProfile(profile, googleEmail),
  verifyNativeToken: check =>
    exchangeIdToken(check, async ({entry}) => {
      const issuers = entry.options.idTokenIssuer;
      return {
        jwksUrl: optionUrl(entry, 'jwksURL') ?? new URL(GOOGLE_JWKS_URL),
        issuers:
          typeof issuers === 'string'
            ? [issuers]
            : Array.isArray(issuers)
              ? issuers.filter((i): i is string => typeof i === 'string')
              : GOOGLE_ISSUERS,
        // Android tokens carry the Android client in `azp`, the server's in `aud`.
        checkAzp: false,
      };
    }),
};
