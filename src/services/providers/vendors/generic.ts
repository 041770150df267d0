import {firstEmail, mapPassportProfile} from '../profile-mappers';
import {ProviderVendor} from './vendor';

/**
 * Any other Passport module (passport-twitter, an OAuth 1.0a or OAuth 2.0
 * module of one's own): a standard Passport profile, an email verified
 * only when the profile says so, and no native token exchange. The vendor
 * of every entry no other vendor recognises.
 */
export const genericVendor: ProviderVendor = {
  id: 'generic',
  providerNames: [],
  modules: [],
  defaultScope: [],
  strategyOptions: {},
  mapProfile: profile => mapPassportProfile(profile, firstEmail),
};
