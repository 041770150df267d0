import {EmailPicker, mapPassportProfile, picked} from '../profile-mappers';
import {ProviderVendor} from './vendor';

// GitHub lists every address with its own flag: prefer a verified primary.
const githubEmail: EmailPicker = (_profile, emails) =>
  picked(
    emails.find(e => e.primary === true && e.verified === true) ??
      emails.find(e => e.verified === true) ??
      emails.find(e => e.primary === true),
    chosen => chosen.verified === true,
  );

/** GitHub through passport-github2; no native token exchange. */
export const githubVendor: ProviderVendor = {
  id: 'github',
  providerNames: ['github'],
  modules: ['passport-github2'],
  defaultModule: 'passport-github2',
  defaultScope: [],
  // passport-github2 drops each address's `verified` flag unless asked for them all.
  strategyOptions: {allRawEmails: true},
  mapProfile: profile => mapPassportProfile(profile, githubEmail),
};
