import {verifyFacebookToken} from '../native/facebook-token.verifier';
import {requireField} from '../native/native-token';
import {
  EmailPicker,
  mapPassportProfile,
  PassportProfileLike,
  picked,
} from '../profile-mappers';
import {ProviderVendor} from './vendor';

// The Graph API only ever returns a confirmed address.
const confirmedEmail: EmailPicker = (_profile, emails) =>
  picked(emails[0], () => true);

function mapFacebookProfile(profile: PassportProfileLike) {
  return mapPassportProfile(profile, confirmedEmail);
}

/** Facebook through passport-facebook; native apps send a user access token. */
export const facebookVendor: ProviderVendor = {
  id: 'facebook',
  providerNames: ['facebook'],
  modules: ['passport-facebook'],
  defaultModule: 'passport-facebook',
  defaultScope: [],
  strategyOptions: {},
  mapProfile: mapFacebookProfile,
  async verifyNativeToken({entry, input, credentials, clock}) {
    const accessToken = requireField(input.accessToken, 'access_token');
    const {profile, tokens} = await verifyFacebookToken(
      entry,
      await credentials(),
      accessToken,
      clock.now(),
    );
    return {profile: mapFacebookProfile(profile), tokens};
  },
};
