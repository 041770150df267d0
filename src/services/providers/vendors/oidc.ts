import {exchangeIdToken, optionUrl} from '../native/id-token-exchange';
import {noNativeExchange} from '../native/native-token';
import {mapClaims} from '../profile-mappers';
import {ProviderVendor} from './vendor';

/**
 * Any OpenID Connect issuer through openid-client: the profile is the ID
 * token's claims (completed from userinfo), and native apps send an ID
 * token checked against the issuer's discovered keys.
 */
export const oidcVendor: ProviderVendor = {
  id: 'oidc',
  providerNames: ['oidc', 'openid'],
  modules: ['openid-client'],
  defaultModule: 'openid-client',
  defaultScope: ['openid', 'email', 'profile'],
  strategyOptions: {},
  mapProfile: claims => mapClaims(claims as Record<string, unknown>),
  async verifyNativeToken(check) {
    const issuer = check.entry.issuer;
    if (!issuer) throw noNativeExchange(check.entry);
    return exchangeIdToken(check, async ({entry, discovery, clock}) => {
      const keys = await discovery.keysOf(issuer, clock.now());
      return {
        jwksUrl: optionUrl(entry, 'jwksURL') ?? keys.jwksUrl,
        issuers: [keys.issuer],
        checkAzp: true,
      };
    });
  },
};
